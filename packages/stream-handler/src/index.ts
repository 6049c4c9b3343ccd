export {
  createProjectorHandler,
  composeProjector,
  PROJECTOR_HANDLER,
  type ProjectorDeps,
  type ProjectorHandler,
  type ProjectorResponse,
  type ProjectorOverrides,
} from "./lambda/projector-composition.js";
export { readProjectorConfig, ConfigurationError, type ProjectorConfig } from "./config.js";
export { createLogger, silentLogger, type LogLevelName, type LoggerOptions } from "./logging/logger.js";
export {
  LocalStreamPoller,
  type LocalStreamPollerOptions,
  type LocalStreamPollerStats,
  type StreamBatchHandler,
} from "./local/local-event-source-mapping.js";
export {
  ProjectStreamBatch,
  type BatchOutcome,
  type BatchCounts,
  type ProjectStreamBatchDeps,
} from "./projector/project-stream-batch.js";
export { DeadLetterMetric, DEAD_LETTER_METRIC, type DeadLetterMetricOptions } from "./projector/dead-letter-metric.js";
/**
 * The DynamoDB state the projector and the operator commands use lives in @cargo-express/adapters-dynamodb
 * (generations, dead letters, the orders scan, deleting a generation); these re-exports keep the operator
 * commands' entry points importable from here.
 */
export {
  abandonBuild,
  deleteGeneration,
  listDeadLetters,
  PLAN_CACHE_MS,
  readGenerationState,
  type DeadLetter,
  type DeadLetterPage,
  type ListDeadLettersOptions,
  type GenerationState,
} from "@cargo-express/adapters-dynamodb";
export {
  RebuildProjections,
  RebuildInProgressError,
  REBUILD_DEFAULTS,
  minimumCutoffMarginMs,
  type RebuildProjectionsOptions,
  type RebuildProgress,
  type RebuildSummary,
  type RebuildPorts,
  dynamoDbRebuildPorts,
} from "./rebuild/rebuild-projections.js";
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
