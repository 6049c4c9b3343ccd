export {
  createProjectorHandler,
  createProjectorHandlerOver,
  composeProjector,
  PROJECTOR_HANDLER,
  type ProjectorDeps,
  type ProjectorHandler,
} from "./lambda/projector-composition.js";
export { readProjectorConfig, ConfigurationError, type ProjectorConfig } from "./config.js";
export { createLogger, silentLogger } from "@cargo-express/platform";
export { DEAD_LETTER_METRIC } from "./projector/dead-letter-metric.js";
export { CORRECTIONS_METRIC } from "./projector/corrections-metric.js";
export {
  FiguresChangedNotice,
  LIVE_PUBLISH_FAILURE_METRIC,
  LIVE_PUBLISH_TIMEOUT_MS,
  type LivePublisher,
} from "./live/figures-changed.js";
export { AppSyncEventsPublisher } from "./live/appsync-events-publisher.js";
export {
  toTimeWindowEvent,
  tumblingWindowAt,
  TumblingWindowMissingError,
  type DynamoDBTimeWindowEvent,
} from "./stream/time-window-event.js";
export { parseStreamArn, shardPartition } from "./stream/stream-arn.js";
export { decodeRecord } from "./stream/order-records.js";
