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
  createTestCatalogTable,
  createTestExportsTable,
  createTestTables,
  testClient,
} from "@cargo-express/adapters-dynamodb/testing";
import { beforeAll } from "vitest";
import {
  DynamoDbCatalogueStore,
  DynamoDbExportJobStore,
  DynamoDbMonitorQueries,
  DynamoDbOrderLedger,
  DynamoDbOrderRepository,
  DynamoDbProjectionStore,
  type TableNames,
} from "../src/index.js";

let orderTables: TableNames;
beforeAll(async () => {
  orderTables = await createTestTables("contract-orders");
});

// Order ids are unique per test, so one table serves the whole suite.
describeOrderRepositoryContract(
  "DynamoDB",
  () => new DynamoDbOrderRepository({ client: testClient(), tableName: orderTables.orders }),
);

// The suite wants empty projections for every test: a fresh set of tables each time.
describeProjectionStoreContract("DynamoDB", async () => {
  const tables = await createTestTables("contract-projections");
  const client = testClient();
  return {
    store: new DynamoDbProjectionStore({ client, tables }),
    queries: new DynamoDbMonitorQueries({ client, tables }),
  };
});

describeDailyFiguresContract("DynamoDB", async () => {
  const tables = await createTestTables("contract-daily");
  const client = testClient();
  return {
    store: new DynamoDbProjectionStore({ client, tables }),
    daily: new DynamoDbMonitorQueries({ client, tables }),
  };
});

// Each test of the ledger's suite reads whole days: a fresh Orders table each time.
describeOrderLedgerContract("DynamoDB", async () => {
  const tables = await createTestTables("contract-ledger");
  const client = testClient();
  return {
    orders: new DynamoDbOrderRepository({ client, tableName: tables.orders }),
    ledger: new DynamoDbOrderLedger({ client, tableName: tables.orders }),
  };
});

// Order ids are unique per test and one test alone lists the days it corrects orders into: one table serves.
describeOrderRevisionContract("DynamoDB", () => {
  const client = testClient();
  return {
    orders: new DynamoDbOrderRepository({ client, tableName: orderTables.orders }),
    ledger: new DynamoDbOrderLedger({ client, tableName: orderTables.orders }),
  };
});

// Every test wants an empty catalogue: a fresh table each time.
describeCatalogueStoreContract(
  "DynamoDB",
  async () =>
    new DynamoDbCatalogueStore({ client: testClient(), tableName: await createTestCatalogTable("contract-catalog") }),
);

// Job ids are random: one table serves the whole suite.
let exportsTable: string;
beforeAll(async () => {
  exportsTable = await createTestExportsTable("contract-exports");
});
describeExportJobStoreContract(
  "DynamoDB",
  () => new DynamoDbExportJobStore({ client: testClient(), tableName: exportsTable }),
);
