import { daysBetween, emptyDayDelta, emptyDelta, encodePosition, type ProjectionDelta } from "@cargo-express/domain";
import { createTestTables, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoDbMonitorQueries, DynamoDbProjectionStore, type TableNames } from "../src/index.js";
import { MAX_LISTED_PER_ITEM } from "../src/keys.js";

/** 400 days, the longest series, ending on BUSY_DAY. */
const DAYS = daysBetween("2023-08-08", "2024-09-10");
const BUSY_DAY = "2024-09-10";
/** More couriers on one day than two shards list: the rest is counted in the items' unlisted counters. */
const BUSY_COURIERS = 2 * MAX_LISTED_PER_ITEM + 100;

const dayDelta = (day: string, couriers: readonly number[]): ProjectionDelta => {
  const delta = emptyDelta();
  const figures = emptyDayDelta();
  for (const c of couriers) {
    figures.couriers.set(String(c), { productsDelivered: 2, ordersDelivered: 1, revenue: c });
    figures.totals = {
      orders: figures.totals.orders + 1,
      units: figures.totals.units + 2,
      revenue: figures.totals.revenue + c,
    };
  }
  delta.days.set(day, figures);
  return delta;
};

describe("the daily series reads a number of items bounded by its days, whatever the orders", () => {
  let tables: TableNames;
  beforeAll(async () => {
    tables = await createTestTables("daily-bounded");
    const store = new DynamoDbProjectionStore({
      client: testClient({ requestTimeoutMs: 30_000, maxAttempts: 5 }),
      tables,
      maxTransactionAttempts: 20,
    });
    const couriers = Array.from({ length: BUSY_COURIERS }, (_, i) => 1000 + i);
    const commits = [
      // One order a day on every 50th day of the range.
      ...DAYS.filter((_, i) => i % 50 === 0).map((day) => dayDelta(day, [7])),
      ...Array.from({ length: Math.ceil(couriers.length / 40) }, (_, i) =>
        dayDelta(BUSY_DAY, couriers.slice(i * 40, (i + 1) * 40)),
      ),
    ];
    for (const [i, delta] of commits.entries())
      await store.commit({
        partition: `seed-${i}`,
        from: encodePosition("1"),
        to: encodePosition("1"),
        orders: [delta],
      });
  }, 300_000);

  const measure = async (days: readonly string[]) => {
    const client = testClient({});
    const recorder = recordRequests(client);
    const totals = await new DynamoDbMonitorQueries({ client, tables }).totalsByDay(days);
    recorder.stop();
    return { totals, commands: recorder.requests.map((r) => r.command) };
  };

  it("reads 400 days with the active generation and 8 BatchGetItem requests of at most 100 keys (2 shards a day)", async () => {
    const { totals, commands } = await measure(DAYS);
    expect(commands).toEqual(["GetItemCommand", ...Array.from({ length: 8 }, () => "BatchGetItemCommand")]);
    expect(totals.size).toBe(9);
    expect(totals.get(DAYS[0]!)).toEqual({ orders: 1, units: 2, revenue: 7 });
  });

  it("reads 30 days with the active generation and one BatchGetItem", async () => {
    expect((await measure(DAYS.slice(-30))).commands).toEqual(["GetItemCommand", "BatchGetItemCommand"]);
  });

  it("counts the couriers no item lists in the day's totals: exact to the cent", async () => {
    const { totals } = await measure([BUSY_DAY]);
    const revenue = Array.from({ length: BUSY_COURIERS }, (_, i) => 1000 + i).reduce((a, b) => a + b, 0);
    expect(totals.get(BUSY_DAY)).toEqual({ orders: BUSY_COURIERS, units: 2 * BUSY_COURIERS, revenue });
  });
});
