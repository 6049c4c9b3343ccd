export { createDocumentClient, DOCUMENT_CLIENT_DEFAULTS, readStoredNumber, type DocumentClientOptions } from "./client.js";
export { createDynamoDbAdapters, type DynamoDbAdapters, type DynamoDbAdaptersOptions } from "./adapters.js";
export { DynamoDbOrderRepository, type DynamoDbOrderRepositoryOptions } from "./order-repository.js";
export { orderFromItem, orderToItem, orderFingerprint, MalformedOrderItemError, type OrderItem } from "./order-item.js";
export {
  DynamoDbProjectionStore,
  MAX_KEYS_PER_COMMIT,
  MAX_TRANSACTION_ITEMS,
  MAX_COURIERS_PER_COMMIT,
  transactionItemCount,
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
  rankKey,
  rankShardOf,
  deliveriesPrefix,
  couriersKey,
  hourKey,
  courierAttributes,
  COURIER_ATTRIBUTE_PREFIX,
  TOTALS_ATTRIBUTES,
  deliveriesAttribute,
  DELIVERIES_ATTRIBUTE_PREFIX,
  hourlyExpiresAt,
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
