import {
  orderCreated,
  addOrderToDelta,
  ApplyOrderChanges,
  DependencyUnavailableError,
  emptyDelta,
  encodePosition,
  PermanentFailureError,
  projectOrders,
  type Order,
} from "@cargo-express/domain";
import { createTestTables, injectFault, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { DynamoDbMonitorQueries, DynamoDbProjectionStore, MAX_TRANSACTION_ITEMS } from "../src/index.js";

const TZ = "America/Bogota";
const at = Date.parse("2024-09-11T23:27:09Z");
const deltaOf = (order: Order) => addOrderToDelta(emptyDelta(), order, TZ);

/** An order of `lines` distinct products (ids unique to the order). */
const bigOrder = (id: string, lines = 100) =>
  orderFrom(
    OrderMother.withProducts(
      Array.from({ length: lines }, (_, i) => ({
        IdProducto: `${id}-${String(i).padStart(3, "0")}`,
        producto: `Producto ${id} ${i}`,
        precio: 1 + i,
      })),
      id,
    ),
  );

const fullQuery = { topProducts: 1_000, maxCouriers: 100, hours: ["2024-09-11T18:00:00-05:00"] };

describe("commits and DynamoDB's transaction limits", () => {
  it("writes an order of 100 products in one transaction of three items (watermark, all-time item, day item)", async () => {
    const tables = await createTestTables("chunking");
    const client = testClient({});
    const store = new DynamoDbProjectionStore({ client, tables });
    const projector = new ApplyOrderChanges({ store, timeZone: TZ });
    const order = bigOrder("big");
    const recorder = recordRequests(client);

    expect(await projector.execute([orderCreated("shard-1", "4200", order)])).toEqual({
      received: 1,
      applied: 1,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 0,
      commits: 1,
    });
    const transactions = recorder.requests.filter((r) => r.command === "TransactWriteItemsCommand");
    expect(transactions.map((t) => (t.input.TransactItems as unknown[]).length)).toEqual([3]);
    expect(await store.watermark("shard-1")).toBe(encodePosition("4200"));
    const expected = projectOrders([order], TZ);
    const data = await new DynamoDbMonitorQueries({ client, tables }).read(fullQuery);
    expect(data.products).toEqual(expected.products);
    expect(data.totals).toEqual(expected.totals);

    // Delivered again: nothing more is written.
    expect(await projector.execute([orderCreated("shard-1", "4200", order)])).toMatchObject({
      applied: 0,
      commits: 0,
    });
    expect((await new DynamoDbMonitorQueries({ client, tables }).read(fullQuery)).totals).toEqual(expected.totals);
  });

  it("splits a batch whose updates would not fit one transaction, and resumes after a failure between its transactions, counting each order once", async () => {
    const tables = await createTestTables("chunking-resume");
    const client = testClient({ maxAttempts: 1 });
    const store = new DynamoDbProjectionStore({ client, tables });
    const projector = new ApplyOrderChanges({ store, timeZone: TZ });
    // 240 distinct products of one courier: within the 250 an item lists, beyond what one update may write.
    const orders = Array.from({ length: 4 }, (_, i) => bigOrder(`chunk-${i}`, 60));
    expect(store.fitsOneCommit(orders.map(deltaOf))).toBe(false);
    const batch = orders.map((order, i) => orderCreated("shard-1", String(100 + i), order));

    // Let the first transaction through, then fail the next ones, as a throttled table would.
    const fault = injectFault(client, { commands: ["TransactWriteItemsCommand"], fault: "throttling", skip: 1 });
    await expect(projector.execute(batch)).rejects.toBeInstanceOf(DependencyUnavailableError);
    const mark = await store.watermark("shard-1");
    expect(mark).toBeDefined();
    expect(mark! < encodePosition("103")).toBe(true);
    fault.restore();

    // The feed delivers the whole batch again.
    await projector.execute(batch);
    const data = await new DynamoDbMonitorQueries({ client, tables }).read(fullQuery);
    const expected = projectOrders(orders, TZ);
    expect(data.products).toEqual(expected.products);
    expect(data.couriers).toEqual(expected.couriers);
    expect(data.totals).toEqual(expected.totals);
  });

  it("judges a batch spanning more days than one transaction's items can hold as not fitting, and refuses it as one commit", async () => {
    const tables = await createTestTables("chunking-limit");
    const store = new DynamoDbProjectionStore({ client: testClient(), tables });
    // One order a day for 60 days from two couriers of different shards: 1 + 2 + 2 x 60 items.
    const orders = Array.from({ length: 120 }, (_, i) =>
      orderFrom({
        ...OrderMother.random({ at: at - Math.floor(i / 2) * 86_400_000 }),
        repartidor: { IdRepartidor: i % 2 === 0 ? 101 : 102, Nombre: "M" },
      }),
    );
    const deltas = orders.map(deltaOf);
    expect(store.fitsOneCommit(deltas)).toBe(false);
    await expect(
      store.commit({ partition: "p", from: encodePosition("1"), to: encodePosition("1"), orders: deltas }),
    ).rejects.toThrow(PermanentFailureError);
    await expect(
      store.commit({ partition: "p", from: encodePosition("1"), to: encodePosition("1"), orders: deltas }),
    ).rejects.toThrow(`at most ${MAX_TRANSACTION_ITEMS} items`);
    expect(await store.watermark("p")).toBeUndefined();
    // Through the projector, the same orders go in as many transactions as needed.
    const summary = await new ApplyOrderChanges({ store, timeZone: TZ }).execute(
      orders.map((order, i) => orderCreated("p", String(1 + i), order)),
    );
    expect(summary.applied).toBe(120);
    expect(summary.commits).toBeGreaterThan(1);
  });
});
