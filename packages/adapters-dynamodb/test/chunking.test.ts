import { ApplyOrderChanges, DependencyUnavailableError, encodePosition, projectOrders } from "@cargo-express/domain";
import { createTestTables, injectFault, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { DynamoDbMonitorQueries, DynamoDbProjectionStore } from "../src/index.js";
import { productsDelta } from "./projections.js";

const TZ = "America/Bogota";
const at = Date.parse("2024-09-11T23:27:09Z");

/**
 * An order of 100 distinct products. The domain counts 103 keys (products, courier, courier-hour, totals);
 * this store writes 102 items for them (100 products, the couriers item with the totals, one hour item).
 */
const bigOrder = () =>
  orderFrom(
    OrderMother.withProducts(
      Array.from({ length: 100 }, (_, i) => ({ IdProducto: `big-${String(i).padStart(3, "0")}`, producto: `Producto ${i}`, precio: 1 + i })),
    ),
  );

const fullQuery = { topProducts: 100, maxCouriers: 100, hours: ["2024-09-11T18:00:00-05:00"] };

describe("commits larger than one transaction", () => {
  it("splits an order of 100 products into transactions of at most 100 items, each advancing the watermark", async () => {
    const tables = await createTestTables("chunking");
    const client = testClient({});
    const store = new DynamoDbProjectionStore({ client, tables });
    const projector = new ApplyOrderChanges({ store, timeZone: TZ });
    const order = bigOrder();
    const recorder = recordRequests(client);

    const summary = await projector.execute([{ partition: "shard-1", sequence: "4200", order }]);

    expect(summary).toEqual({ received: 1, applied: 1, duplicates: 0, commits: 3 });
    const transactions = recorder.requests.filter((r) => r.command === "TransactWriteItemsCommand");
    // The domain slices at 99 keys: courier, courier-hour, totals, the day's courier and totals, and 47
    // products (each counts twice: all time and its day), then 49 products, then 4. Here the first is the
    // watermark, 47 products, the couriers item, the hour item and the day item; the second the watermark,
    // 49 products and the day item; the third the watermark, 4 products and the day item.
    expect(transactions.map((t) => (t.input.TransactItems as unknown[]).length)).toEqual([51, 51, 6]);
    expect(await store.watermark("shard-1")).toBe(encodePosition("4200", 2));
    const data = await new DynamoDbMonitorQueries({ client, tables }).read(fullQuery);
    const expected = projectOrders([order], TZ);
    expect(data.products).toEqual(expected.products);
    expect(data.totals).toEqual(expected.totals);

    // Delivered again: nothing more is written.
    expect(await projector.execute([{ partition: "shard-1", sequence: "4200", order }])).toMatchObject({ applied: 0, commits: 0 });
    expect((await new DynamoDbMonitorQueries({ client, tables }).read(fullQuery)).totals).toEqual(expected.totals);
  });

  it("resumes after a failure between the two transactions of one order and counts it exactly once", async () => {
    const tables = await createTestTables("chunking-resume");
    const client = testClient({ maxAttempts: 1 });
    const store = new DynamoDbProjectionStore({ client, tables });
    const projector = new ApplyOrderChanges({ store, timeZone: TZ });
    const order = bigOrder();
    const other = orderFrom(OrderMother.random({ at }));
    const batch = [
      { partition: "shard-1", sequence: "100", order },
      { partition: "shard-1", sequence: "101", order: other },
    ];

    // Let the first transaction through, then fail the next ones, as a throttled table would.
    const fault = injectFault(client, { commands: ["TransactWriteItemsCommand"], fault: "throttling", skip: 1 });
    await expect(projector.execute(batch)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(await store.watermark("shard-1")).toBe(encodePosition("100", 0));
    fault.restore();

    // The feed delivers the whole batch again.
    await projector.execute(batch);
    const data = await new DynamoDbMonitorQueries({ client, tables }).read({ ...fullQuery, topProducts: 110 });
    const expected = projectOrders([order, other], TZ);
    expect(data.products).toEqual(expected.products);
    expect(data.couriers).toEqual(expected.couriers);
    expect(data.totals).toEqual(expected.totals);
  });

  it("refuses a commit over the 99-key limit instead of sending a transaction DynamoDB would reject", async () => {
    const tables = await createTestTables("chunking-limit");
    const store = new DynamoDbProjectionStore({ client: testClient(), tables });
    const delta = productsDelta(Array.from({ length: 100 }, (_, i) => ({ id: `x${i}`, units: 1, revenue: 1 })));
    await expect(store.commit({ partition: "p", from: encodePosition("1"), to: encodePosition("1"), delta })).rejects.toThrow(/at most 99 items/);
    expect(await store.watermark("p")).toBeUndefined();
  });
});
