export { createProjectorHandler, composeProjector, PROJECTOR_TOKENS, type ProjectorDeps, type ProjectorHandler, type ProjectorResponse, type ProjectorOverrides } from "./lambda/projector.js";
export { readProjectorConfig, ConfigurationError, type ProjectorConfig } from "./config.js";
export { createLogger, silentLogger, type LogLevelName, type LoggerOptions } from "./logging/logger.js";
export { LocalStreamPoller, type LocalStreamPollerOptions, type LocalStreamPollerStats, type StreamBatchHandler } from "./local/local-event-source-mapping.js";
export { ProjectStreamBatch, type BatchOutcome, type BatchCounts, type ProjectStreamBatchDeps } from "./projector/project-stream-batch.js";
export { ProjectionPlan, PLAN_CACHE_MS, type ProjectionTarget, type ProjectionPlanOptions } from "./projector/projection-plan.js";
export { GenerationStores, GenerationScopedStore, generationPartition } from "./projector/generation-stores.js";
export { DeadLetterMetric, DEAD_LETTER_METRIC, type DeadLetterMetricOptions } from "./projector/dead-letter-metric.js";
export {
  DeadLetters,
  listDeadLetters,
  deadLetterKey,
  DEAD_LETTER_PK,
  MAX_DEAD_LETTER_IMAGE_CHARS,
  type DeadLetter,
  type DeadLetterPage,
  type ListDeadLettersOptions,
} from "./projector/dead-letters.js";
export {
  readGenerationState,
  receivesLive,
  abandonBuild,
  BUILDING_GENERATION_KEY,
  GENERATION_COUNTER_KEY,
  type GenerationState,
  type GenerationSpec,
  type BuildingGeneration,
} from "./generations/generation-state.js";
export {
  RebuildProjections,
  RebuildInProgressError,
  REBUILD_DEFAULTS,
  minimumCutoffMarginMs,
  type RebuildProjectionsOptions,
  type RebuildProgress,
  type RebuildSummary,
} from "./rebuild/rebuild-projections.js";
export { deleteGeneration } from "./rebuild/delete-generation.js";
export { StreamPartitions } from "./stream/stream-partitions.js";
export {
  batchShardOf,
  toTimeWindowEvent,
  tumblingWindowAt,
  TumblingWindowMissingError,
  TUMBLING_WINDOW_SETTING,
  type BatchShard,
  type DynamoDBTimeWindowEvent,
  type ProjectorEvent,
  type TimeWindowEventResponse,
} from "./stream/time-window-event.js";
export { parseStreamArn, shardPartition, type StreamArnParts } from "./stream/stream-arn.js";
export { toLambdaRecord } from "./stream/lambda-records.js";
export { describeAllShards } from "./stream/shards.js";
export { decodeRecord, MalformedStreamEventError, type DecodedRecord } from "./stream/order-records.js";
