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
export { createLogger, silentLogger, type LogLevelName, type LoggerOptions } from "@cargo-express/platform";
export {
  ProjectStreamBatch,
  type BatchOutcome,
  type BatchCounts,
  type ProjectStreamBatchDeps,
} from "./projector/project-stream-batch.js";
export { DeadLetterMetric, DEAD_LETTER_METRIC, type DeadLetterMetricOptions } from "./projector/dead-letter-metric.js";
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
export { decodeRecord, MalformedStreamEventError, type DecodedRecord } from "./stream/order-records.js";
