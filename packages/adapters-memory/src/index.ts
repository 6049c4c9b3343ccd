export { InMemoryOrderRepository } from "./order-repository.js";
export { InMemoryProjectionStore } from "./projection-store.js";
export { InMemoryOrderChangeFeed } from "./change-feed.js";
export { FixedClock } from "./clock.js";
export {
  InMemoryDeadLetters,
  InMemoryGenerations,
  InMemoryOrdersScan,
  InMemoryProjectionStores,
} from "./generations.js";
