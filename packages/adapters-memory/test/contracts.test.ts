import {
  describeCatalogueStoreContract,
  describeDailyFiguresContract,
  describeExportJobStoreContract,
  describeOrderLedgerContract,
  describeOrderRepositoryContract,
  describeOrderRevisionContract,
  describeProjectionStoreContract,
} from "@cargo-express/testkit";
import {
  InMemoryCatalogueStore,
  InMemoryExportJobStore,
  InMemoryGenerations,
  InMemoryMonitorQueries,
  InMemoryOrderRepository,
  InMemoryProjectionStore,
  InMemoryProjectionStores,
} from "../src/index.js";

describeOrderRepositoryContract("in-memory", () => new InMemoryOrderRepository());
describeProjectionStoreContract("in-memory", () => {
  const store = new InMemoryProjectionStore();
  return { store, queries: store };
});
describeDailyFiguresContract("in-memory", () => {
  const store = new InMemoryProjectionStore();
  return { store, daily: store };
});
describeDailyFiguresContract("in-memory, through the active generation", () => {
  const stores = new InMemoryProjectionStores();
  return { store: stores.storeFor(1), daily: new InMemoryMonitorQueries(new InMemoryGenerations(), stores) };
});
describeOrderLedgerContract("in-memory", () => {
  const orders = new InMemoryOrderRepository();
  return { orders, ledger: orders };
});
describeOrderRevisionContract("in-memory", () => {
  const orders = new InMemoryOrderRepository();
  return { orders, ledger: orders };
});
describeCatalogueStoreContract("in-memory", () => new InMemoryCatalogueStore());
describeExportJobStoreContract("in-memory", () => new InMemoryExportJobStore());
