export { InMemoryOrderRepository } from "./order-repository.js";
export { InMemoryProjectionStore } from "./projection-store.js";
export { InMemoryOrderChangeFeed, type InMemoryChangeFeedOptions, type StoredOrderChange } from "./change-feed.js";
export { FixedClock } from "./clock.js";
export {
  InMemoryDeadLetters,
  InMemoryGenerations,
  InMemoryMonitorQueries,
  InMemoryOrdersScan,
  InMemoryProjectionStores,
} from "./generations.js";
export { InMemoryCatalogueStore } from "./catalogue-store.js";
export { InMemoryExportJobStore } from "./export-job-store.js";
