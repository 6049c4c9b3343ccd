import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import {
  CARGO_EXPRESS_REFERENCE_DATA,
  encodePosition,
  GetMonitorReport,
  hourBucketsEndingAt,
  type MonitorQuery,
  REFERENCE_DATA_AUTHOR,
  SeedCatalogue,
} from "@cargo-express/domain";
import {
  createTestCatalogTable,
  createTestTables,
  recordRequests,
  testClient,
  type RecordedRequest,
} from "@cargo-express/adapters-dynamodb/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DynamoDbCatalogueStore,
  DynamoDbMonitorQueries,
  DynamoDbProjectionStore,
  type TableNames,
} from "../src/index.js";
import { MAX_LISTED_PER_ITEM } from "../src/keys.js";
import {
  couriersDelta,
  dayProductsDelta,
  productsDelta,
  type CourierFigure,
  type ProductFigure,
} from "./projections.js";

const TZ = "America/Bogota";
/** The business day the seed's figures are on (a period read asks for it). */
const SEED_DAY = "2024-09-11";
const NOW = Date.parse("2024-09-11T23:00:00Z");

/** The largest ids and names the intake accepts: 64-character product ids, 256-byte names. */
const longName = (i: number) => `${"€".repeat(84)} ${String(i % 1000).padStart(3, "0")}`;
const productsOf = (count: number, long: boolean): ProductFigure[] =>
  Array.from({ length: count }, (_, i) => ({
    id: long ? `p${String(i).padStart(5, "0")}`.padStart(64, "x") : `p${String(i).padStart(5, "0")}`,
    units: i + 1,
    revenue: (i + 1) * 150,
    ...(long ? { name: longName(i) } : {}),
  }));
const couriersOf = (count: number, long: boolean): CourierFigure[] =>
  Array.from({ length: count }, (_, i) => ({
    id: String(101 + i),
    productsDelivered: 10 + i,
    ordersDelivered: 5,
    revenue: 1000 * (i + 1),
    ...(long ? { name: longName(i) } : {}),
  }));

const chunked = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Fresh tables holding `productCount` products (all time and on SEED_DAY), `courierCount` couriers and 30 hours of deliveries. */
async function seed(
  name: string,
  productCount: number,
  courierCount: number,
): Promise<{ tables: TableNames; products: ProductFigure[]; couriers: CourierFigure[] }> {
  const tables = await createTestTables(`bounded-${name}`);
  // Seeding is not what is measured: a patient client, so a busy machine slows it down rather than failing it.
  const store = new DynamoDbProjectionStore({
    client: testClient({ requestTimeoutMs: 30_000, maxAttempts: 5 }),
    tables,
    maxTransactionAttempts: 20,
  });
  const long = productCount > 100;
  const products = productsOf(productCount, long);
  const couriers = couriersOf(courierCount, long);
  const commits = [
    ...chunked(products, 90).map((chunk) => productsDelta(chunk)),
    ...chunked(products, 90).map((chunk) => dayProductsDelta(SEED_DAY, chunk)),
    ...chunked(couriers, 40).map((chunk) => {
      const delta = couriersDelta(chunk);
      const hours = hourBucketsEndingAt(NOW, 30, TZ);
      for (const [i, c] of chunk.entries()) {
        delta.hourly.set(`${c.id}|${hours[i % 30]}`, {
          courierId: c.id,
          hour: hours[i % 30]!,
          deliveries: 1 + (i % 3),
        });
      }
      return delta;
    }),
  ];
  // One at a time: they all write the same few items, so parallel commits would only conflict and retry.
  for (const [i, delta] of commits.entries())
    await store.commit({ partition: `seed-${i}`, from: encodePosition("1"), to: encodePosition("1"), orders: [delta] });
  return { tables, products, couriers };
}

/** Requests and capacity of one monitor read by a freshly created reader (cold generation cache). */
async function measure(
  tables: TableNames,
  query: MonitorQuery,
): Promise<{ requests: RecordedRequest[]; capacity: number }> {
  const client = testClient({});
  const recorder = recordRequests(client);
  await new DynamoDbMonitorQueries({ client, tables }).read(query);
  recorder.stop();
  return { requests: recorder.requests, capacity: recorder.requests.reduce((sum, r) => sum + r.capacityUnits, 0) };
}

const tally = (requests: readonly RecordedRequest[]) => requests.map((r) => r.command);

describe("monitor reads and read-model items are bounded whatever is thrown at them", () => {
  let small: Awaited<ReturnType<typeof seed>>;
  let large: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    [small, large] = await Promise.all([seed("small", 10, 10), seed("large", 5_000, 1_000)]);
  }, 300_000);

  const queries: Record<string, MonitorQuery> = {
    "all time": { topProducts: 10, maxCouriers: 100, hours: hourBucketsEndingAt(NOW, 24, TZ) },
    "7 days": {
      topProducts: 10,
      maxCouriers: 100,
      hours: hourBucketsEndingAt(NOW, 168, TZ),
      days: ["2024-09-05", "2024-09-06", "2024-09-07", "2024-09-08", "2024-09-09", "2024-09-10", SEED_DAY],
    },
    today: { topProducts: 10, maxCouriers: 100, hours: hourBucketsEndingAt(NOW, 24, TZ), days: [SEED_DAY] },
  };

  it.each(Object.keys(queries))(
    "reads %s with the same two requests with 10 products and 10 couriers as with 5,000 products and 1,000 couriers",
    async (name) => {
      const query = queries[name]!;
      // The active generation, then one BatchGetItem of the all-time items and the days' items.
      expect(tally((await measure(small.tables, query)).requests)).toEqual(["GetItemCommand", "BatchGetItemCommand"]);
      expect(tally((await measure(large.tables, query)).requests)).toEqual(["GetItemCommand", "BatchGetItemCommand"]);
    },
  );

  it.each(["today", "7d", "all"] as const)(
    "reads a whole %s report, names from the catalogue included, with three requests: one more than the figures",
    async (period) => {
      const catalogTable = await createTestCatalogTable("bounded-catalog");
      const seedClient = testClient({});
      await new SeedCatalogue({
        catalogue: new DynamoDbCatalogueStore({ client: seedClient, tableName: catalogTable }),
        clock: { now: () => NOW },
      }).execute(CARGO_EXPRESS_REFERENCE_DATA, REFERENCE_DATA_AUTHOR);
      for (const { tables } of [small, large]) {
        const client = testClient({});
        const recorder = recordRequests(client);
        const report = await new GetMonitorReport({
          queries: new DynamoDbMonitorQueries({ client, tables }),
          catalogue: new DynamoDbCatalogueStore({ client, tableName: catalogTable }),
          clock: { now: () => NOW },
          timeZone: TZ,
        }).execute({ period });
        recorder.stop();
        expect(report.ok).toBe(true);
        // The active generation, the figures' one BatchGetItem and the catalogue's one Query (in parallel).
        expect(tally(recorder.requests).sort()).toEqual(["BatchGetItemCommand", "GetItemCommand", "QueryCommand"]);
      }
    },
  );

  it("keeps every item under a fixed size however many couriers and products arrive (at most 250 KB: 63 read units)", async () => {
    const client = testClient({});
    const recorder = recordRequests(client);
    const keys = (
      await client.send(new ScanCommand({ TableName: large.tables.deliveries, ProjectionExpression: "delivery_id" }))
    ).Items!;
    for (const key of keys)
      await client.send(new GetCommand({ TableName: large.tables.deliveries, Key: key, ConsistentRead: true }));
    const units = recorder.requests.filter((r) => r.command === "GetItemCommand").map((r) => r.capacityUnits);
    expect(units).toHaveLength(keys.length);
    // A consistent read costs one unit per 4 KB: the largest item is over 100 KB (the listed maximum of long
    // names is reached) and under 250 KB.
    expect(Math.max(...units)).toBeGreaterThan(25);
    expect(Math.max(...units)).toBeLessThanOrEqual(63);
  });

  it("lists the first couriers and products of each item and counts the rest as unlisted: totals are exact", async () => {
    const data = await new DynamoDbMonitorQueries({ client: testClient(), tables: large.tables }).read({
      topProducts: 10_000,
      maxCouriers: 10_000,
      hours: [],
    });
    const sum = <T>(list: readonly T[], f: (t: T) => number) => list.reduce((s, t) => s + f(t), 0);
    // Products without a courier are all in one item: it lists MAX_LISTED_PER_ITEM of them.
    expect(data.products).toHaveLength(MAX_LISTED_PER_ITEM);
    expect(data.couriers.length).toBeLessThanOrEqual(2 * MAX_LISTED_PER_ITEM);
    expect(data.couriers.length).toBeGreaterThan(MAX_LISTED_PER_ITEM);
    expect(sum(data.products, (p) => p.units) + data.unlisted!.products.units).toBe(
      sum(large.products, (p) => p.units),
    );
    expect(sum(data.products, (p) => p.revenue) + data.unlisted!.products.revenue).toBe(
      sum(large.products, (p) => p.revenue),
    );
    expect(data.totals).toEqual({
      orders: sum(large.couriers, (c) => c.ordersDelivered),
      units: sum(large.couriers, (c) => c.productsDelivered),
      revenue: sum(large.couriers, (c) => c.revenue),
    });
    expect(data.unlisted!.couriers.orders).toBe(data.totals.orders - sum(data.couriers, (c) => c.ordersDelivered));
    // Nothing is unlisted when the fleet and catalogue are small.
    const few = await new DynamoDbMonitorQueries({ client: testClient(), tables: small.tables }).read({
      topProducts: 100,
      maxCouriers: 100,
      hours: [],
    });
    expect(few.unlisted).toBeUndefined();
    expect(few.products).toHaveLength(10);
    expect(few.couriers).toHaveLength(10);
  });

  it("returns the true top products among the listed ones, best first", async () => {
    const data = await new DynamoDbMonitorQueries({ client: testClient(), tables: small.tables }).read({
      topProducts: 3,
      maxCouriers: 3,
      hours: [],
    });
    expect(data.products.map((p) => [p.productId, p.units])).toEqual([
      ["p00009", 10],
      ["p00008", 9],
      ["p00007", 8],
    ]);
    expect(data.couriers.map((c) => c.courierId)).toEqual(["110", "109", "108"]);
  });
});
