import { encodePosition, hourBucketsEndingAt, mergeDelta, type MonitorQuery } from "@cargo-express/domain";
import { createTestTables, recordRequests, testClient, type RecordedRequest } from "@cargo-express/adapters-dynamodb/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoDbMonitorQueries, DynamoDbProjectionStore, RANK_SHARDS, type TableNames } from "../src/index.js";
import { couriersDelta, inParallel, productsDelta, type ProductFigure } from "./projections.js";

const TZ = "America/Bogota";
const couriers = Array.from({ length: 10 }, (_, i) => ({ id: String(101 + i), productsDelivered: 10 + i, ordersDelivered: 5, revenue: 1000 * (i + 1) }));
// Distinct units, so no tie at the top-N boundary adds reads (ties are tested elsewhere).
const productsOf = (count: number): ProductFigure[] =>
  Array.from({ length: count }, (_, i) => ({ id: `p${String(i).padStart(5, "0")}`, units: i + 1, revenue: (i + 1) * 150 }));

/** Fresh tables holding `productCount` products, the 10 couriers and their hourly buckets. */
async function seed(productCount: number): Promise<TableNames> {
  const tables = await createTestTables(`bounded-${productCount}`);
  const store = new DynamoDbProjectionStore({ client: testClient(), tables });
  const products = productsOf(productCount);
  // 98 products per commit (one watermark and the 99-key limit), on separate partitions, several at a time.
  const chunks = Array.from({ length: Math.ceil(products.length / 98) }, (_, i) => products.slice(i * 98, (i + 1) * 98));
  await inParallel(
    chunks.map((chunk, i) => () => store.commit({ partition: `seed-${i}`, from: encodePosition("1"), to: encodePosition("1"), delta: productsDelta(chunk) })),
    16,
  );
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

  it("costs the same requests and capacity with 10 and with 5,000 products", async () => {
    // 24 hours ending at 18:00 Bogota span two business days.
    const query = { topProducts: 10, maxCouriers: 100, hours: hourBucketsEndingAt(Date.parse("2024-09-11T23:00:00Z"), 24, TZ) };
    const withTen = await measure(small, query);
    const withFiveThousand = await measure(large, query);

    const expected = {
      // the active generation, then the totals
      GetItemCommand: 2,
      // one per rank shard for products and for couriers, one per business day for the hourly window
      QueryCommand: 2 * RANK_SHARDS + 2,
    };
    expect(tally(withTen.requests)).toEqual(expected);
    expect(tally(withFiveThousand.requests)).toEqual(expected);
    expect(withFiveThousand.capacity).toBe(withTen.capacity);
    // Each request reads under 4 KB: one unit for the consistent generation read, half a unit for each other read.
    expect(withFiveThousand.capacity).toBe(1 + 0.5 * (1 + 2 * RANK_SHARDS + 2));
    expect(withTen.products).toBe(10);
    expect(withFiveThousand.products).toBe(10);
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
});
