import { encodePosition, hourBucketsEndingAt, mergeDelta, type MonitorQuery } from "@cargo-express/domain";
import { createTestTables, recordRequests, testClient, type RecordedRequest } from "@cargo-express/adapters-dynamodb/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoDbMonitorQueries, DynamoDbProjectionStore, MAX_COURIERS_PER_COMMIT, RANK_SHARDS, type TableNames } from "../src/index.js";
import { couriersDelta, dayProductsDelta, inParallel, productsDelta, type ProductFigure } from "./projections.js";

const TZ = "America/Bogota";
const couriers = Array.from({ length: 10 }, (_, i) => ({ id: String(101 + i), productsDelivered: 10 + i, ordersDelivered: 5, revenue: 1000 * (i + 1) }));
// Distinct units, so no tie at the top-N boundary adds reads (ties are tested elsewhere).
const productsOf = (count: number): ProductFigure[] =>
  Array.from({ length: count }, (_, i) => ({ id: `p${String(i).padStart(5, "0")}`, units: i + 1, revenue: (i + 1) * 150 }));

/** The business day the seed's products were sold on (a period read asks for it). */
const SEED_DAY = "2024-09-11";

/** Fresh tables holding `productCount` products (all time and on SEED_DAY), the 10 couriers (one couriers item) and 30 hour items. */
async function seed(productCount: number): Promise<TableNames> {
  const tables = await createTestTables(`bounded-${productCount}`);
  // Seeding is not what is measured: a patient client, so a busy machine (the whole suite runs in parallel)
  // slows it down rather than failing it.
  const store = new DynamoDbProjectionStore({ client: testClient({ requestTimeoutMs: 30_000, maxAttempts: 5 }), tables });
  const products = productsOf(productCount);
  // 98 products per commit (one watermark and the 99-key limit), on separate partitions, several at a time.
  const chunks = Array.from({ length: Math.ceil(products.length / 98) }, (_, i) => products.slice(i * 98, (i + 1) * 98));
  await inParallel(
    chunks.map((chunk, i) => () => store.commit({ partition: `seed-${i}`, from: encodePosition("1"), to: encodePosition("1"), delta: productsDelta(chunk) })),
    16,
  );
  // The first 1,078 products (11 commits of 98) also on SEED_DAY: they all go to the one day item (which grows with the
  // products sold that day), so one commit after another.
  for (const [i, chunk] of chunks.slice(0, Math.ceil(1_000 / 98)).entries()) {
    await store.commit({ partition: `seed-day-${i}`, from: encodePosition("1"), to: encodePosition("1"), delta: dayProductsDelta(SEED_DAY, chunk) });
  }
  const rest = couriersDelta(couriers);
  const hours = hourBucketsEndingAt(Date.parse("2024-09-11T23:00:00Z"), 30, TZ);
  for (const [i, hour] of hours.entries()) {
    const courier = couriers[i % couriers.length]!;
    rest.hourly.set(`${courier.id}|${hour}`, { courierId: courier.id, hour, deliveries: 1 + (i % 3) });
  }
  rest.totals = { orders: 50, units: 145, revenue: 55_000 };
  await store.commit({ partition: "seed-rest", from: encodePosition("1"), to: encodePosition("1"), delta: mergeDelta(rest, productsDelta([])) });
  return tables;
}

/** Requests and capacity of one monitor read by a freshly created reader (cold generation cache). */
async function measure(tables: TableNames, query: MonitorQuery): Promise<{ requests: RecordedRequest[]; capacity: number; products: number }> {
  const client = testClient({});
  const recorder = recordRequests(client);
  const data = await new DynamoDbMonitorQueries({ client, tables }).read(query);
  recorder.stop();
  return { requests: recorder.requests, capacity: recorder.requests.reduce((sum, r) => sum + r.capacityUnits, 0), products: data.products.length };
}

const tally = (requests: readonly RecordedRequest[]) => {
  const counts: Record<string, number> = {};
  for (const r of requests) counts[r.command] = (counts[r.command] ?? 0) + 1;
  return counts;
};

describe("monitor reads are bounded whatever the table sizes", () => {
  let small: TableNames;
  let large: TableNames;
  beforeAll(async () => {
    [small, large] = await Promise.all([seed(10), seed(5_000)]);
  }, 180_000);

  it("costs the same requests and capacity with 10 and with 5,000 products, and reads the couriers with one request", async () => {
    // 24 hours ending at 18:00 Bogota span two business days: still one BatchGetItem (up to 100 hours per call).
    const query = { topProducts: 10, maxCouriers: 100, hours: hourBucketsEndingAt(Date.parse("2024-09-11T23:00:00Z"), 24, TZ) };
    const withTen = await measure(small, query);
    const withFiveThousand = await measure(large, query);

    const expected = {
      // the active generation, then the couriers item (every courier, and the totals)
      GetItemCommand: 2,
      // one per rank shard of by_units
      QueryCommand: RANK_SHARDS,
      // the 24 hour items
      BatchGetItemCommand: 1,
    };
    expect(tally(withTen.requests)).toEqual(expected);
    expect(tally(withFiveThousand.requests)).toEqual(expected);
    for (const [{ requests }, tables] of [
      [withTen, small],
      [withFiveThousand, large],
    ] as const) {
      // The couriers list is one GetItem of one item, whatever the tables hold.
      expect(requests.filter((r) => r.input.TableName === tables.deliveries).map((r) => [r.command, r.input.Key])).toEqual([["GetItemCommand", { delivery_id: "1#COURIERS" }]]);
    }
    expect(withFiveThousand.capacity).toBe(withTen.capacity);
    // Each item read is under 4 KB: one unit for the consistent generation read, half a unit for each
    // eventually consistent Query and GetItem, and half a unit per hour item the BatchGetItem returns.
    const hoursWithDeliveries = 24; // the seed wrote the 30 hours ending with the 24 asked for
    expect(withFiveThousand.capacity).toBe(1 + 0.5 * (RANK_SHARDS + 1) + 0.5 * hoursWithDeliveries);
    expect(withTen.products).toBe(10);
    expect(withFiveThousand.products).toBe(10);
  });

  it("reads a period of 7 days with the same requests with 10 and with 1,000 products sold on a day: one BatchGetItem of the days", async () => {
    const days = ["2024-09-05", "2024-09-06", "2024-09-07", "2024-09-08", "2024-09-09", "2024-09-10", SEED_DAY];
    const query = { topProducts: 5, maxCouriers: 100, hours: [], days };
    const expected = {
      // the active generation, then the couriers item (every courier's name)
      GetItemCommand: 2,
      // the 7 day items, then the top products' names
      BatchGetItemCommand: 2,
    };
    const withTen = await measure(small, query);
    const withFiveThousand = await measure(large, query);
    expect(tally(withTen.requests)).toEqual(expected);
    expect(tally(withFiveThousand.requests)).toEqual(expected);
    const data = await new DynamoDbMonitorQueries({ client: testClient(), tables: large }).read(query);
    // The seed's day holds products p00000 to p01077 (eleven commits of 98).
    expect(data.products).toEqual(
      [1078, 1077, 1076, 1075, 1074].map((units) => ({ productId: `p0${units - 1}`, productName: `Product p0${units - 1}`, units, revenue: units * 150 })),
    );
  });

  it("returns the true top products out of 5,000", async () => {
    const data = await new DynamoDbMonitorQueries({ client: testClient(), tables: large }).read({ topProducts: 5, maxCouriers: 3, hours: [] });
    expect(data.products.map((p) => [p.productId, p.units])).toEqual([
      ["p04999", 5000],
      ["p04998", 4999],
      ["p04997", 4998],
      ["p04996", 4997],
      ["p04995", 4996],
    ]);
    expect(data.couriers.map((c) => c.courierId)).toEqual(["110", "109", "108"]);
  });

  it("reads the couriers list with one GetItem with 10 and with 500 couriers, sorted by the domain's order and cut to maxCouriers", async () => {
    const many = await createTestTables("bounded-couriers");
    const store = new DynamoDbProjectionStore({ client: testClient(), tables: many });
    // 500 couriers, money ties included, so the domain's tie-breakers decide (money, then units, then id).
    const fleet = Array.from({ length: 500 }, (_, i) => ({ id: String(1_000 + i), productsDelivered: i % 7, ordersDelivered: 1 + (i % 3), revenue: 100 * (i % 40) }));
    for (let i = 0; i < fleet.length; i += MAX_COURIERS_PER_COMMIT) {
      await store.commit({ partition: `couriers-${i}`, from: encodePosition("1"), to: encodePosition("1"), delta: couriersDelta(fleet.slice(i, i + MAX_COURIERS_PER_COMMIT)) });
    }
    const query = { topProducts: 10, maxCouriers: 100, hours: [] };
    const few = await measure(small, query);
    const lots = await measure(many, query);
    expect(tally(few.requests)).toEqual({ GetItemCommand: 2, QueryCommand: RANK_SHARDS });
    expect(tally(lots.requests)).toEqual({ GetItemCommand: 2, QueryCommand: RANK_SHARDS });
    // One request either way; its size (so its capacity, 0.5 unit per 4 KB) grows with the couriers.
    const couriersRead = (m: typeof few) => m.requests.find((r) => r.command === "GetItemCommand" && r.input.Key !== undefined && "delivery_id" in (r.input.Key as object))!;
    expect(couriersRead(few).capacityUnits).toBe(0.5);
    expect(couriersRead(lots).capacityUnits).toBeGreaterThan(0.5);

    const data = await new DynamoDbMonitorQueries({ client: testClient(), tables: many }).read(query);
    const expected = [...fleet]
      .sort((a, b) => b.revenue - a.revenue || b.productsDelivered - a.productsDelivered || (a.id < b.id ? -1 : 1))
      .slice(0, 100)
      .map((c) => ({ courierId: c.id, courierName: `Courier ${c.id}`, productsDelivered: c.productsDelivered, ordersDelivered: c.ordersDelivered, revenue: c.revenue }));
    expect(data.couriers).toEqual(expected);
  });
});
