export { createDocumentClient, DOCUMENT_CLIENT_DEFAULTS, type DocumentClientOptions } from "./client.js";
export { createDynamoDbAdapters, type DynamoDbAdapters, type DynamoDbAdaptersOptions } from "./adapters.js";
export { DynamoDbOrderRepository, type DynamoDbOrderRepositoryOptions } from "./order-repository.js";
export { orderFromItem, orderToItem, orderFingerprint, MalformedOrderItemError, type OrderItem } from "./order-item.js";
export {
  DynamoDbProjectionStore,
  MAX_KEYS_PER_COMMIT,
  type DynamoDbProjectionStoreOptions,
  type ProjectionTableNames,
  type ProjectionTablesOptions,
} from "./projection-store.js";
export { DynamoDbMonitorQueries, type DynamoDbMonitorQueriesOptions } from "./monitor-queries.js";
export { readActiveGeneration, GENERATION_CACHE_MS } from "./generation.js";
export {
  ACTIVE_GENERATION_KEY,
  INITIAL_GENERATION,
  WATERMARK_PK,
  HOURLY_RETENTION_DAYS,
  WATERMARK_RETENTION_HOURS,
  totalsKey,
  rankKey,
  rankShardOf,
  hourlyBucket,
  hourCourier,
} from "./keys.js";
export { ensureTables, deleteTables, createTableInput, type TableAdminOptions } from "./table-admin.js";
export { TableNamesSchema, TABLE_ENV_VARS, tableNamesFromEnv } from "./config.js";
export { translateError, unavailabilityOf, RETRY_AFTER_SECONDS } from "./errors.js";
export {
  TABLE_DEFINITIONS,
  RANK_SHARDS,
  tableNamesFor,
  type TableNames,
  type TableKey,
  type TableDefinition,
  type AttributeDefinition,
  type IndexDefinition,
} from "./tables.js";
