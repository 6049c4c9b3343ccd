import { describeOrderRepositoryContract, describeProjectionStoreContract } from "@cargo-express/testkit";
import { InMemoryOrderRepository, InMemoryProjectionStore } from "../src/index.js";

describeOrderRepositoryContract("in-memory", () => new InMemoryOrderRepository());
describeProjectionStoreContract("in-memory", () => {
  const store = new InMemoryProjectionStore();
  return { store, queries: store };
});
