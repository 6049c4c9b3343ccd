import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { addOrderToDelta, emptyDelta, encodePosition, hourBucket, hourBucketsEndingAt, mergeDelta, projectOrders, type Order } from "@cargo-express/domain";
import { createTestTables, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import {
  ACTIVE_GENERATION_KEY,
  couriersKey,
  DynamoDbMonitorQueries,
  DynamoDbProjectionStore,
  hourKey,
  MAX_COURIERS_PER_COMMIT,
  rankShardOf,
  RANK_SHARDS,
  transactionItemCount,
  type TableNames,
} from "../src/index.js";
import { couriersDelta, productsDelta } from "./projections.js";
import { dayKey } from "../src/keys.js";

const TZ = "America/Bogota";
const at = Date.parse("2024-09-11T23:27:09Z"); // 18:27 in Bogota, when the test orders were delivered
const position = (n: number) => encodePosition(String(n));

async function setup(prefix: string): Promise<{ tables: TableNames; store: DynamoDbProjectionStore; monitor: DynamoDbMonitorQueries }> {
  const tables = await createTestTables(prefix);
  const client = testClient();
  return { tables, store: new DynamoDbProjectionStore({ client, tables }), monitor: new DynamoDbMonitorQueries({ client, tables }) };
}

const deltaOfOrder = (order: Order) => addOrderToDelta(emptyDelta(), order, TZ);

/** Holds `client`'s first TransactWriteItems until `release()`, to force two writers into a chosen order. */
function holdFirstTransaction(client: ReturnType<typeof testClient>): { readonly held: boolean; release(): void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "TransactWriteItemsCommand" && !held) {
        held = true;
        await released;
      }
      return next(args);
    },
    { step: "initialize", name: "hold-first-transaction" },
  );
  return {
    get held() {
      return held;
    },
    release: () => release(),
  };
}

describe("DynamoDbProjectionStore item layout", () => {
  it("writes products with a sharded rank key, one couriers item with the totals, one item per hour and an expiring watermark", async () => {
    const tables = await createTestTables("layout");
    // A real "now": DynamoDB Local deletes items whose TTL attribute is already in the past.
    const now = Date.now();
    const client = testClient();
    const store = new DynamoDbProjectionStore({ client, tables, clock: { now: () => now } });
    const order = orderFrom(OrderMother.sample());
    await store.commit({ partition: "shard-a", from: position(7), to: position(7), delta: deltaOfOrder(order) });
    const get = async (table: string, key: Record<string, unknown>) => (await client.send(new GetCommand({ TableName: table, Key: key }))).Item;

    expect(await get(tables.products, { product_id: "pk0006", generation: 1 })).toEqual({
      product_id: "pk0006",
      generation: 1,
      rank_key: `1#${rankShardOf("pk0006")}`,
      units: 1,
      revenue_cents: 1000,
      product_name: "Adaptador de corriente",
      name_stamp: `2024-09-11T23:27:09.039464Z#${order.id}`,
    });
    expect(await get(tables.deliveries, couriersKey(1))).toEqual({
      delivery_id: "1#COURIERS",
      orders: 1,
      units: 3,
      revenue_cents: 1850,
      orders_106: 1,
      units_106: 3,
      revenue_cents_106: 1850,
      name_106: "Pedro Gómez",
      name_stamp_106: `2024-09-11T23:27:09.039464Z#${order.id}`,
    });
    const hour = "2024-09-11T18:00:00-05:00";
    expect(await get(tables.deliveries, hourKey(1, hour))).toEqual({
      delivery_id: `1#${hour}`,
      hour,
      deliveries_106: 1,
      expires_at: Math.floor(now / 1000) + 400 * 86_400,
    });
    // The day's item: its totals, and the courier's and each product's figures that day (no names).
    expect(await get(tables.deliveries, dayKey(1, "2024-09-11"))).toEqual({
      delivery_id: "1#D#2024-09-11",
      day: "2024-09-11",
      orders: 1,
      units: 3,
      revenue_cents: 1850,
      orders_106: 1,
      units_106: 3,
      revenue_cents_106: 1850,
      p_units_pk0006: 1,
      p_revenue_cents_pk0006: 1000,
      p_units_pk0002: 1,
      p_revenue_cents_pk0002: 800,
      p_units_pk0009: 1,
      p_revenue_cents_pk0009: 50,
      expires_at: Math.floor(now / 1000) + 400 * 86_400,
    });
    // Nothing else: the couriers item, one hour item, one day item, and in ProjectorState only the watermark.
    expect((await client.send(new ScanCommand({ TableName: tables.deliveries }))).Count).toBe(3);
    expect((await client.send(new ScanCommand({ TableName: tables.projectorState }))).Items).toEqual([
      { pk: "WATERMARK", sk: "shard-a", position: position(7), expires_at: Math.floor(now / 1000) + 48 * 3600 },
    ]);
  });

  it("writes one transaction of watermark, products, couriers item and hour items, whatever the number of couriers and courier-hours", async () => {
    const { tables } = await setup("layout-items");
    const client = testClient({});
    const store = new DynamoDbProjectionStore({ client, tables });
    // 40 orders of the 10 couriers over three hours: 10 couriers and up to 30 courier-hours for the domain.
    const orders = Array.from({ length: 40 }, (_, i) => orderFrom(OrderMother.random({ at: at - (i % 3) * 3_600_000 })));
    const delta = emptyDelta();
    for (const order of orders) addOrderToDelta(delta, order, TZ);
    const recorder = recordRequests(client);
    await store.commit({ partition: "p", from: position(1), to: position(1), delta });

    const hours = new Set([...delta.hourly.values()].map((h) => h.hour));
    expect(hours.size).toBe(3);
    const [transaction] = recorder.requests.filter((r) => r.command === "TransactWriteItemsCommand");
    const items = transaction!.input.TransactItems as { Update: { TableName: string; Key: Record<string, unknown> } }[];
    expect(items).toHaveLength(transactionItemCount(delta));
    expect(delta.days.size).toBe(1);
    expect(items).toHaveLength(1 + delta.products.size + 1 + hours.size + 1);
    expect(items.filter((i) => i.Update.TableName === tables.deliveries).map((i) => i.Update.Key.delivery_id)).toEqual([
      "1#COURIERS",
      ...[...hours].map((hour) => `1#${hour}`),
      "1#D#2024-09-11",
    ]);
  });
});

describe("DynamoDbProjectionStore names", () => {
  it("keeps the newer name when an older delivery's commit reads the stored name before a newer one lands", async () => {
    const { tables, monitor } = await setup("names");
    const older = orderFrom({ ...OrderMother.withProducts([{ IdProducto: "pk9", producto: "Viejo", precio: 1 }]), timestamp: "2024-09-11 18:10:00" });
    const newer = orderFrom({ ...OrderMother.withProducts([{ IdProducto: "pk9", producto: "Nuevo", precio: 1 }]), timestamp: "2024-09-11 18:30:00" });
    const slowClient = testClient({});
    const slow = new DynamoDbProjectionStore({ client: slowClient, tables });
    const fast = new DynamoDbProjectionStore({ client: testClient(), tables });

    // Hold the older commit's first transaction until the newer commit has been written, so the
    // older one writes with a name stamp it read before the newer name existed.
    const hold = holdFirstTransaction(slowClient);
    const slowCommit = slow.commit({ partition: "a", from: position(1), to: position(1), delta: deltaOfOrder(older) });
    await expect.poll(() => hold.held).toBe(true);
    expect(await fast.commit({ partition: "b", from: position(1), to: position(1), delta: deltaOfOrder(newer) })).toBe("committed");
    hold.release();
    expect(await slowCommit).toBe("committed");

    const report = await monitor.read({ topProducts: 10, maxCouriers: 10, hours: [] });
    expect(report.products).toEqual([{ productId: "pk9", productName: "Nuevo", units: 2, revenue: 200 }]);
  });

  it("keeps a courier's newer name when an older delivery's commit read the couriers item before the newer name landed", async () => {
    const { tables, monitor } = await setup("courier-names");
    const courierOrder = (id: string, name: string, timestamp: string) =>
      orderFrom({ ...OrderMother.withProducts([{ IdProducto: "pk1", producto: "Moneda", precio: 1 }], id), repartidor: { IdRepartidor: 230, Nombre: name }, timestamp });
    // The older delivery also names a second courier, whose name nobody contests: it must be written.
    const older = mergeDelta(deltaOfOrder(courierOrder("old", "Ana Vieja", "2024-09-11 18:10:00")), couriersDelta([{ id: "231", productsDelivered: 1, ordersDelivered: 1, revenue: 100, name: "Otro", stamp: "2024-09-11T23:10:00.000000Z#x" }]));
    const newer = deltaOfOrder(courierOrder("new", "Ana Nueva", "2024-09-11 18:30:00"));
    const slowClient = testClient({});
    const slow = new DynamoDbProjectionStore({ client: slowClient, tables });
    const fast = new DynamoDbProjectionStore({ client: testClient(), tables });
    const recorder = recordRequests(slowClient);

    const hold = holdFirstTransaction(slowClient);
    const slowCommit = slow.commit({ partition: "a", from: position(1), to: position(1), delta: older });
    await expect.poll(() => hold.held).toBe(true);
    expect(await fast.commit({ partition: "b", from: position(1), to: position(1), delta: newer })).toBe("committed");
    hold.release();
    expect(await slowCommit).toBe("committed");

    // The slow commit's first transaction failed on the couriers item's name guard, then was retried.
    const transactions = recorder.requests.filter((r) => r.command === "TransactWriteItemsCommand");
    expect(transactions.map((t) => t.error)).toEqual(["TransactionCanceledException", undefined]);
    const report = await monitor.read({ topProducts: 10, maxCouriers: 10, hours: [] });
    expect(report.couriers.map((c) => [c.courierId, c.courierName, c.ordersDelivered])).toEqual([
      ["230", "Ana Nueva", 2],
      ["231", "Otro", 1],
    ]);
    expect(report.totals.orders).toBe(2);
  });
});

describe("DynamoDbProjectionStore generations", () => {
  it("writes to an explicit generation without touching the active one, and readers follow the active generation", async () => {
    const { tables, store, monitor } = await setup("generations");
    const client = testClient();
    const first = orderFrom(OrderMother.sample());
    const second = orderFrom(OrderMother.withProducts([{ IdProducto: "pk0004", producto: "Pendrive", precio: 12 }]));
    await store.commit({ partition: "p", from: position(1), to: position(1), delta: deltaOfOrder(first) });
    const rebuild = new DynamoDbProjectionStore({ client, tables, generation: 2 });
    await rebuild.commit({ partition: "rebuild", from: position(1), to: position(1), delta: mergeDelta(deltaOfOrder(first), deltaOfOrder(second)) });

    const query = { topProducts: 10, maxCouriers: 10, hours: [hourBucket(at, TZ)] };
    expect((await monitor.read(query)).totals.orders).toBe(1);
    expect((await new DynamoDbMonitorQueries({ client, tables, generation: 2 }).read(query)).totals.orders).toBe(2);

    await client.send(new PutCommand({ TableName: tables.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation: 2 } }));
    const afterSwap = await new DynamoDbMonitorQueries({ client, tables }).read(query);
    expect(afterSwap).toEqual({ ...projectOrders([first, second], TZ), hourly: afterSwap.hourly });
    expect(afterSwap.hourly).toEqual([{ courierId: "106", courierName: "Pedro Gómez", hour: "2024-09-11T18:00:00-05:00", deliveries: 2 }]);
  });

  it("keeps using the active generation it read for the cache period, then picks up a swap", async () => {
    const { tables } = await setup("generation-cache");
    const client = testClient();
    let now = Date.now();
    const monitor = new DynamoDbMonitorQueries({ client, tables, clock: { now: () => now }, generationCacheMs: 5_000 });
    await new DynamoDbProjectionStore({ client, tables, generation: 3 }).commit({
      partition: "p",
      from: position(1),
      to: position(1),
      delta: deltaOfOrder(orderFrom(OrderMother.sample())),
    });
    const query = { topProducts: 1, maxCouriers: 1, hours: [] };
    expect((await monitor.read(query)).totals.orders).toBe(0);
    await client.send(new PutCommand({ TableName: tables.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation: 3 } }));
    now += 4_000;
    expect((await monitor.read(query)).totals.orders).toBe(0);
    now += 2_000;
    expect((await monitor.read(query)).totals.orders).toBe(1);
  });
});

describe("DynamoDbMonitorQueries", () => {
  it("orders products tied at the top-N boundary by the domain's tie-breakers, not the index's arbitrary order", async () => {
    const { store, monitor } = await setup("ties");
    // 40 products with equal units: the cut at 3 is decided by revenue, then id.
    const products = Array.from({ length: 40 }, (_, i) => ({ id: `tie-${String(i).padStart(2, "0")}`, units: 5, revenue: (i % 7) * 100 }));
    await store.commit({ partition: "p", from: position(1), to: position(1), delta: productsDelta(products) });
    const expected = [...products]
      .sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : 1))
      .slice(0, 3)
      .map((p) => ({ productId: p.id, productName: `Product ${p.id}`, units: 5, revenue: p.revenue }));
    expect((await monitor.read({ topProducts: 3, maxCouriers: 1, hours: [] })).products).toEqual(expected);
  });

  it("orders couriers tied on money by products delivered, then id", async () => {
    const { store, monitor } = await setup("courier-ties");
    const couriers = Array.from({ length: 30 }, (_, i) => ({ id: String(200 + i), productsDelivered: i % 5, ordersDelivered: 1, revenue: 5000 }));
    await store.commit({ partition: "p", from: position(1), to: position(1), delta: couriersDelta(couriers) });
    const expected = [...couriers].sort((a, b) => b.productsDelivered - a.productsDelivered || (a.id < b.id ? -1 : 1)).slice(0, 4);
    const report = await monitor.read({ topProducts: 1, maxCouriers: 4, hours: [] });
    expect(report.couriers.map((c) => [c.courierId, c.productsDelivered])).toEqual(expected.map((c) => [c.id, c.productsDelivered]));
  });

  it("spreads products over every rank shard", () => {
    const shards = new Set(Array.from({ length: 100 }, (_, i) => rankShardOf(`pk${i}`)));
    expect(shards.size).toBe(RANK_SHARDS);
  });

  it("reads an hourly window across two business days with one BatchGetItem of the hour items, and returns only the requested hours", async () => {
    const { tables, store } = await setup("hourly");
    const client = testClient({});
    const monitor = new DynamoDbMonitorQueries({ client, tables, generation: 1 });
    // Deliveries every 5 hours over three days.
    const orders = Array.from({ length: 15 }, (_, i) => orderFrom(OrderMother.random({ at: at - i * 5 * 3_600_000 })));
    const delta = emptyDelta();
    for (const order of orders) addOrderToDelta(delta, order, TZ);
    await store.commit({ partition: "p", from: position(1), to: position(1), delta });

    const hours = hourBucketsEndingAt(at - 12 * 3_600_000, 30, TZ); // 30 hours spanning two calendar days
    expect(new Set(hours.map((h) => h.slice(0, 10))).size).toBe(2);
    const recorder = recordRequests(client);
    const report = await monitor.read({ topProducts: 100, maxCouriers: 100, hours });
    const hourReads = recorder.requests.filter((r) => r.command === "BatchGetItemCommand");
    expect(hourReads).toHaveLength(1);
    const keys = (hourReads[0]!.input.RequestItems as Record<string, { Keys: { delivery_id: string }[] }>)[tables.deliveries]!.Keys;
    expect(keys.map((k) => k.delivery_id)).toEqual(hours.map((hour) => `1#${hour}`));
    expect(recorder.requests.filter((r) => r.command === "QueryCommand" && r.input.TableName === tables.deliveries)).toEqual([]);

    const names = new Map(projectOrders(orders, TZ).couriers.map((c) => [c.courierId, c.courierName]));
    const expected = projectOrders(orders, TZ)
      .hourly.filter((h) => hours.includes(h.hour))
      .map((h) => ({ ...h, courierName: names.get(h.courierId) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(report.hourly).toEqual(expected);
  });

  it("reads a 168-hour window with two BatchGetItem calls (100 keys each at most)", async () => {
    const { tables, store } = await setup("hourly-week");
    const client = testClient({});
    const orders = Array.from({ length: 20 }, (_, i) => orderFrom(OrderMother.random({ at: at - i * 8 * 3_600_000 })));
    await store.commit({ partition: "p", from: position(1), to: position(1), delta: (() => {
      const delta = emptyDelta();
      for (const order of orders) addOrderToDelta(delta, order, TZ);
      return delta;
    })() });
    const recorder = recordRequests(client);
    const hours = hourBucketsEndingAt(at, 168, TZ);
    const report = await new DynamoDbMonitorQueries({ client, tables }).read({ topProducts: 10, maxCouriers: 100, hours });
    const batches = recorder.requests.filter((r) => r.command === "BatchGetItemCommand");
    expect(batches.map((b) => (b.input.RequestItems as Record<string, { Keys: unknown[] }>)[tables.deliveries]!.Keys.length)).toEqual([100, 68]);
    expect(report.hourly.reduce((sum, h) => sum + h.deliveries, 0)).toBe(20);
  });

  it("names hourly rows of couriers outside the requested top couriers from the couriers item, with no extra read", async () => {
    const { tables, store } = await setup("hourly-names");
    const client = testClient({});
    const monitor = new DynamoDbMonitorQueries({ client, tables });
    const orders = [
      orderFrom({ ...OrderMother.sample(), pedido_id: "rich", repartidor: { IdRepartidor: 101, Nombre: "María López" } }),
      orderFrom({ ...OrderMother.withProducts([{ IdProducto: "pk0010", producto: "Clip", precio: 0.2 }], "poor"), repartidor: { IdRepartidor: 102, Nombre: "Carlos García" } }),
    ];
    const delta = emptyDelta();
    for (const order of orders) addOrderToDelta(delta, order, TZ);
    await store.commit({ partition: "p", from: position(1), to: position(1), delta });
    const recorder = recordRequests(client);
    const report = await monitor.read({ topProducts: 1, maxCouriers: 1, hours: [hourBucket(at, TZ)] });
    expect(report.couriers.map((c) => c.courierId)).toEqual(["101"]);
    expect(report.hourly.map((h) => [h.courierId, h.courierName])).toEqual([
      ["101", "María López"],
      ["102", "Carlos García"],
    ]);
    expect(recorder.requests.filter((r) => r.input.TableName === tables.deliveries).map((r) => r.command)).toEqual(["GetItemCommand"]);
    expect(recorder.requests.filter((r) => r.command === "BatchGetItemCommand")).toHaveLength(1);
  });

  it("refuses a commit touching more couriers than one update of the couriers item can hold, and accepts the most it can", async () => {
    const { tables, store, monitor } = await setup("couriers-limit");
    const couriers = (count: number, from: number) =>
      Array.from({ length: count }, (_, i) => ({ id: String(from + i), productsDelivered: 1, ordersDelivered: 1, revenue: 100 + i, name: `Mensajero con un nombre bastante largo ${from + i}` }));
    await expect(store.commit({ partition: "p", from: position(1), to: position(1), delta: couriersDelta(couriers(MAX_COURIERS_PER_COMMIT + 1, 1_000)) })).rejects.toThrow(
      /at most 50 couriers/,
    );
    expect(await store.watermark("p")).toBeUndefined();
    // 50 couriers, every one with a new name and stamp: the update's expressions stay within DynamoDB's limits.
    expect(await store.commit({ partition: "p", from: position(1), to: position(1), delta: couriersDelta(couriers(MAX_COURIERS_PER_COMMIT, 100_000_000_000_000)) })).toBe("committed");
    expect((await monitor.read({ topProducts: 1, maxCouriers: 100, hours: [] })).couriers).toHaveLength(MAX_COURIERS_PER_COMMIT);
  });

  it("never scans", async () => {
    const tables = await createTestTables("no-scan");
    const client = testClient({});
    const recorder = recordRequests(client);
    await new DynamoDbMonitorQueries({ client, tables }).read({ topProducts: 10, maxCouriers: 100, hours: hourBucketsEndingAt(at, 168, TZ) });
    expect(recorder.requests.map((r) => r.command).filter((c) => c !== "QueryCommand" && c !== "GetItemCommand" && c !== "BatchGetItemCommand")).toEqual([]);
    // Every Query names its partition key: no query touches a whole index or table.
    for (const request of recorder.requests.filter((r) => r.command === "QueryCommand")) expect(String(request.input.KeyConditionExpression)).toMatch(/^#rank = :rank/);
  });
});
