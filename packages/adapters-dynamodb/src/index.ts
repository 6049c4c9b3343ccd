export {
  createDocumentClient,
  DOCUMENT_CLIENT_DEFAULTS,
  readStoredNumber,
  type DocumentClient,
  type DocumentClientOptions,
} from "./client.js";
export { createDynamoDbAdapters, type DynamoDbAdapters, type DynamoDbAdaptersOptions } from "./adapters.js";
export { DynamoDbOrderRepository, type DynamoDbOrderRepositoryOptions } from "./order-repository.js";
export { orderFromItem, orderToItem, orderFingerprint, MalformedOrderItemError, type OrderItem } from "./order-item.js";
export {
  DynamoDbProjectionStore,
  MAX_TRANSACTION_ITEMS,
  planCommit,
  transactionItemCount,
  type DynamoDbProjectionStoreOptions,
  type ProjectionTableNames,
  type ProjectionTablesOptions,
} from "./projection-store.js";
export { DynamoDbMonitorQueries, type DynamoDbMonitorQueriesOptions } from "./monitor-queries.js";
export {
  readActiveGeneration,
  readGenerationState,
  beginBuild,
  activateBuild,
  abandonBuild,
  receivesLive,
  GenerationSource,
  GenerationReader,
  TimedCache,
  GENERATION_CACHE_MS,
  GENERATION_PK,
  BUILDING_GENERATION_KEY,
  GENERATION_COUNTER_KEY,
  type GenerationSpec,
  type BuildingGeneration,
  type GenerationState,
  type GenerationReaderOptions,
  type KnownGenerations,
} from "./generation.js";
export {
  DynamoDbGenerations,
  dynamoDbRebuildPorts,
  PLAN_CACHE_MS,
  type DynamoDbGenerationsOptions,
  type ProjectionTarget,
} from "./generations.js";
export {
  GenerationStores,
  GenerationScopedStore,
  generationPartition,
  type GenerationStoresOptions,
} from "./generation-stores.js";
export { deleteGeneration } from "./delete-generation.js";
export {
  DynamoDbDeadLetters,
  listDeadLetters,
  deadLetterKey,
  DEAD_LETTER_PK,
  MAX_DEAD_LETTER_IMAGE_CHARS,
  type DeadLetter,
  type DeadLetterPage,
  type DeadLettersOptions,
  type ListDeadLettersOptions,
} from "./dead-letters.js";
export { latestStreamArn } from "./table-stream.js";
export { DynamoDbOrdersScan, type ScannedOrder, type OrdersScanSegment } from "./orders-scan.js";
export {
  ACTIVE_GENERATION_KEY,
  INITIAL_GENERATION,
  WATERMARK_PK,
  DAILY_RETENTION_DAYS,
  WATERMARK_RETENTION_HOURS,
  READ_MODEL_SHARDS,
  SHARD_NUMBERS,
  MAX_LISTED_PER_ITEM,
  courierShardOf,
  deliveriesPrefix,
  allTimeKey,
  dayKey,
  hourCode,
  hourAttribute,
  nameValue,
  parseNameValue,
  COURIER,
  PRODUCT,
  META,
  dailyExpiresAt,
} from "./keys.js";
export { ensureTables, deleteTables, createTableInput, type TableAdminOptions } from "./table-admin.js";
export { TableNamesSchema, TABLE_ENV_VARS, TABLE_NAME_SETTINGS, tableNamesFromEnv, tableNamesOf } from "./config.js";
export { translateError, unavailabilityOf, isErrorNamed, RETRY_AFTER_SECONDS } from "./errors.js";
export {
  TABLE_DEFINITIONS,
  tableNamesFor,
  type TableNames,
  type TableKey,
  type TableDefinition,
  type AttributeDefinition,
  type IndexDefinition,
} from "./tables.js";
