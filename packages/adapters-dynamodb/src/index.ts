export {
  createDocumentClient,
  readStoredNumber,
  type DocumentClient,
} from "./client.js";
export { createDynamoDbAdapters } from "./adapters.js";
export { DynamoDbOrderRepository } from "./order-repository.js";
export { backfillLedger } from "./ledger-backfill.js";
export { DynamoDbOrderLedger, FILTERED_ORDERS_PER_QUERY, MAX_QUERIES_PER_PAGE } from "./order-ledger.js";
export {
  MalformedOrderItemError,
  orderFromItem,
  orderStateFromItem,
  orderToItem,
  storedOrderFromItem,
} from "./order-item.js";
export {
  DynamoDbProjectionStore,
  type ProjectionTableNames,
} from "./projection-store/projection-store.js";
export { planCommit, transactionItemCount } from "./projection-store/commit-plan.js";
export { MAX_TRANSACTION_ITEMS } from "./projection-store/commit-limits.js";
export { DynamoDbMonitorQueries } from "./monitor-queries.js";
export { readGenerationState } from "./generations/generation-state.js";
export { abandonBuild } from "./generations/rebuild-steps.js";
export { GENERATION_CACHE_MS } from "./generations/generation-cache.js";
export { DynamoDbGenerations } from "./generations/dynamodb-generations.js";
export { dynamoDbRebuildPorts } from "./generations/rebuild-ports.js";
export { GenerationStores } from "./generations/generation-stores.js";
export { deleteGeneration } from "./delete-generation.js";
export {
  DynamoDbDeadLetters,
  listDeadLetters,
  MAX_DEAD_LETTER_IMAGE_CHARS,
  type DeadLetter,
} from "./dead-letters.js";
export { latestStreamArn } from "./table-stream.js";
export { DynamoDbOrdersScan, type ScannedOrder } from "./orders-scan.js";
export { ensureCatalogTable, ensureExportsTable, ensureTables, deleteTables } from "./table-admin.js";
export { DynamoDbCatalogueStore } from "./catalogue/catalogue-store.js";
export { DynamoDbExportJobStore } from "./exports/export-job-store.js";
export {
  CATALOG_TABLE_SETTING,
  EXPORTS_TABLE_SETTING,
  TableNamesSchema,
  TABLE_NAME_SETTINGS,
  tableNamesFromEnv,
  tableNamesOf,
} from "./config.js";
export { translateError, isErrorNamed } from "./errors.js";
export {
  catalogTableNameFor,
  exportsTableNameFor,
  TABLE_DEFINITIONS,
  tableNamesFor,
  type TableNames,
} from "./tables.js";
