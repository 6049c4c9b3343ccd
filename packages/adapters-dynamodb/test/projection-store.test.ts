import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import {
  orderCreated,
  addOrderToDelta,
  ApplyOrderChanges,
  emptyDelta,
  encodePosition,
  hourBucket,
  hourBucketsEndingAt,
  mergeDelta,
  nameStampOf,
  PermanentFailureError,
  projectOrders,
  type Order,
} from "@cargo-express/domain";
import { createTestTables, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import {
  DynamoDbMonitorQueries,
  DynamoDbProjectionStore,
  planCommit,
  transactionItemCount,
  type TableNames,
} from "../src/index.js";
import { ACTIVE_GENERATION_KEY, allTimeKey, courierShardOf, dayKey, hourCode, READ_MODEL_SHARDS } from "../src/keys.js";
import { couriersDelta, productsDelta } from "./projections.js";

const TZ = "America/Bogota";
const at = Date.parse("2024-09-11T23:27:09Z"); // 18:27 in Bogota, when the test orders were delivered
const position = (n: number) => encodePosition(String(n));

async function setup(
  prefix: string,
): Promise<{ tables: TableNames; store: DynamoDbProjectionStore; monitor: DynamoDbMonitorQueries }> {
  const tables = await createTestTables(prefix);
  const client = testClient();
  return {
    tables,
    store: new DynamoDbProjectionStore({ client, tables }),
    monitor: new DynamoDbMonitorQueries({ client, tables }),
  };
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
  it("writes one order into its courier's all-time item and day item, names with their stamps, and an expiring watermark", async () => {
    const tables = await createTestTables("layout");
    // A real "now": DynamoDB Local deletes items whose TTL attribute is already in the past.
    const now = Date.now();
    const client = testClient();
    const store = new DynamoDbProjectionStore({ client, tables, clock: { now: () => now } });
    const order = orderFrom(OrderMother.sample());
    await store.commit({ partition: "shard-a", from: position(7), to: position(7), orders: [deltaOfOrder(order)] });
    const get = async (key: Record<string, unknown>) =>
      (await client.send(new GetCommand({ TableName: tables.deliveries, Key: key }))).Item;
    const stamp = nameStampOf(order);
    const shard = courierShardOf("106");

    expect(await get(allTimeKey(1, shard))).toEqual({
      delivery_id: `1#A#${shard}`,
      O106: 1,
      U106: 3,
      R106: 1850,
      N106: `${stamp} Pedro Gómez`,
      upk0006: 1,
      rpk0006: 1000,
      npk0006: `${stamp} Adaptador de corriente`,
      upk0002: 1,
      rpk0002: 800,
      npk0002: `${stamp} Estuche para gafas`,
      upk0009: 1,
      rpk0009: 50,
      npk0009: `${stamp} Goma de borrar`,
      _c: 1,
      _p: 3,
      _v: 1,
    });
    // The day's item: the courier's and each product's figures that day (no names) and its deliveries per hour.
    expect(await get(dayKey(1, "2024-09-11", shard))).toEqual({
      delivery_id: `1#D#2024-09-11#${shard}`,
      day: "2024-09-11",
      O106: 1,
      U106: 3,
      R106: 1850,
      [`H${hourCode("2024-09-11T18:00:00-05:00")}106`]: 1,
      upk0006: 1,
      rpk0006: 1000,
      upk0002: 1,
      rpk0002: 800,
      upk0009: 1,
      rpk0009: 50,
      _c: 1,
      _p: 3,
      _v: 1,
      expires_at: Math.floor(now / 1000) + 400 * 86_400,
    });
    // Nothing else: one all-time item, one day item, and in ProjectorState only the watermark.
    expect((await client.send(new ScanCommand({ TableName: tables.deliveries }))).Count).toBe(2);
    expect((await client.send(new ScanCommand({ TableName: tables.projectorState }))).Items).toEqual([
      { pk: "WATERMARK", sk: "shard-a", position: position(7), expires_at: Math.floor(now / 1000) + 48 * 3600 },
    ]);
  });

  it("writes one transaction of the watermark, an all-time item per shard and a day item per shard and day, whatever the couriers, products and hours", async () => {
    const { tables } = await setup("layout-items");
    const client = testClient({});
    const store = new DynamoDbProjectionStore({ client, tables });
    // 40 orders of the 10 couriers over three hours of one day and 10 products.
    const orders = Array.from({ length: 40 }, (_, i) =>
      orderFrom(OrderMother.random({ at: at - (i % 3) * 3_600_000 })),
    );
    const recorder = recordRequests(client);
    await store.commit({ partition: "p", from: position(1), to: position(1), orders: orders.map(deltaOfOrder) });

    const [transaction, ...more] = recorder.requests.filter((r) => r.command === "TransactWriteItemsCommand");
    expect(more).toEqual([]);
    const items = transaction!.input.TransactItems as { Update: { TableName: string; Key: Record<string, unknown> } }[];
    expect(items).toHaveLength(transactionItemCount(planCommit(orders.map(deltaOfOrder))));
    expect(items.filter((i) => i.Update.TableName === tables.deliveries).map((i) => i.Update.Key.delivery_id)).toEqual([
      ...Array.from({ length: READ_MODEL_SHARDS }, (_, shard) => `1#A#${shard}`),
      ...Array.from({ length: READ_MODEL_SHARDS }, (_, shard) => `1#D#2024-09-11#${shard}`),
    ]);
    // Read before writing: one consistent BatchGetItem of the same items.
    const reads = recorder.requests.filter((r) => r.command === "BatchGetItemCommand");
    expect(reads).toHaveLength(1);
    expect(
      (reads[0]!.input.RequestItems as Record<string, { ConsistentRead: boolean; Keys: unknown[] }>)[tables.deliveries],
    ).toMatchObject({ ConsistentRead: true });
  });

  it("lists at most the configured number of couriers and products per item; the rest is counted, as unlisted, never lost", async () => {
    const tables = await createTestTables("caps");
    const client = testClient();
    const store = new DynamoDbProjectionStore({ client, tables, maxListedPerItem: 2 });
    const monitor = new DynamoDbMonitorQueries({ client, tables });
    // Couriers of one shard, so that their item fills up.
    const sameShard = Array.from({ length: 40 }, (_, i) => 300 + i)
      .filter((id) => courierShardOf(String(id)) === 0)
      .slice(0, 4);
    const orders = sameShard.map((id, i) =>
      orderFrom({
        ...OrderMother.withProducts([{ IdProducto: `p${i}`, producto: `Producto ${i}`, precio: 1 + i }], `cap-${i}`),
        repartidor: { IdRepartidor: id, Nombre: `Mensajero ${id}` },
      }),
    );
    for (const [i, order] of orders.entries()) {
      expect(
        await store.commit({
          partition: "p",
          from: position(i + 1),
          to: position(i + 1),
          orders: [deltaOfOrder(order)],
        }),
      ).toBe("committed");
    }
    const report = await monitor.read({
      topProducts: 10,
      maxCouriers: 10,
      hours: [hourBucket(Date.parse(orders[0]!.deliveredAt), TZ)],
    });
    const expected = projectOrders(orders, TZ);
    // The first two couriers and products are listed; the third and fourth are counted as unlisted.
    expect(report.couriers.map((c) => c.courierId).sort()).toEqual(sameShard.slice(0, 2).map(String).sort());
    expect(report.products.map((p) => p.productId).sort()).toEqual(["p0", "p1"]);
    expect(report.totals).toEqual(expected.totals);
    expect(report.unlisted).toEqual({
      couriers: { orders: 2, units: 2, revenue: 300 + 400 },
      products: { units: 2, revenue: 300 + 400 },
    });
    // Listed figures plus unlisted ones add up to the totals exactly.
    expect(report.couriers.reduce((sum, c) => sum + c.revenue, 0) + report.unlisted!.couriers.revenue).toBe(
      expected.totals.revenue,
    );
    // A listed courier keeps being counted as listed after the item is full.
    const again = orderFrom({
      ...OrderMother.withProducts([{ IdProducto: "p0", producto: "Producto 0", precio: 1 }], "cap-again"),
      repartidor: { IdRepartidor: sameShard[0]!, Nombre: "Otro nombre" },
    });
    await store.commit({ partition: "p", from: position(9), to: position(9), orders: [deltaOfOrder(again)] });
    const after = await monitor.read({ topProducts: 10, maxCouriers: 10, hours: [] });
    expect(after.couriers.find((c) => c.courierId === String(sameShard[0]))).toMatchObject({
      ordersDelivered: 2,
      courierName: "Otro nombre",
    });
    expect(after.unlisted).toEqual(report.unlisted);
  });
});

describe("DynamoDbProjectionStore commit sizes", () => {
  // Product ids of 64 characters; names of 256 bytes (84 three-byte euro signs, a space, three digits).
  const productId = (order: string, i: number) => `${order}-${String(i).padStart(3, "0")}`.padStart(64, "p");
  const bigOrder = (lines: number, id = "big") =>
    orderFrom(
      OrderMother.withProducts(
        Array.from({ length: lines }, (_, i) => ({
          IdProducto: productId(id, i),
          producto: `${"€".repeat(84)} ${String(i).padStart(3, "0")}`,
          precio: 1,
        })),
        id,
      ),
    );

  it("takes the largest order the intake accepts (100 products, 64-character ids, 256-byte names) in one transaction", async () => {
    const { store, monitor } = await setup("largest-order");
    const order = bigOrder(100);
    expect(store.fitsOneCommit([deltaOfOrder(order)])).toBe(true);
    expect(
      await store.commit({ partition: "p", from: position(1), to: position(1), orders: [deltaOfOrder(order)] }),
    ).toBe("committed");
    const report = await monitor.read({ topProducts: 100, maxCouriers: 1, hours: [] });
    expect(report.products).toHaveLength(100);
    expect(report.totals).toEqual(projectOrders([order], TZ).totals);
  });

  it("says a batch does not fit when its items' expressions could pass DynamoDB's 4 KB, and the projector then uses several commits", async () => {
    const { tables, store, monitor } = await setup("chunks");
    const orders = Array.from({ length: 6 }, (_, i) => bigOrder(60, `chunk-${i}`));
    expect(store.fitsOneCommit(orders.slice(0, 1).map(deltaOfOrder))).toBe(true);
    expect(store.fitsOneCommit(orders.map(deltaOfOrder))).toBe(false);
    const client = testClient({});
    const recorder = recordRequests(client);
    const summary = await new ApplyOrderChanges({
      store: new DynamoDbProjectionStore({ client, tables }),
      timeZone: TZ,
    }).execute(orders.map((order, i) => orderCreated("p", String(100 + i), order)));
    expect(summary.applied).toBe(6);
    expect(summary.commits).toBeGreaterThan(1);
    expect(recorder.requests.filter((r) => r.command === "TransactWriteItemsCommand")).toHaveLength(summary.commits);
    expect((await monitor.read({ topProducts: 1, maxCouriers: 1, hours: [] })).totals).toEqual(
      projectOrders(orders, TZ).totals,
    );
  });

  it("refuses for good an order too large for one transaction (more products than the intake allows), and writes nothing", async () => {
    const { store } = await setup("too-large");
    const products = Array.from({ length: 150 }, (_, i) => ({
      id: productId("huge", i),
      units: 1,
      revenue: 100,
      name: "€".repeat(85),
    }));
    const delta = mergeDelta(
      couriersDelta([{ id: "106", productsDelivered: 150, ordersDelivered: 1, revenue: 15_000 }]),
      productsDelta(products),
    );
    expect(store.fitsOneCommit([delta])).toBe(false);
    await expect(store.commit({ partition: "p", from: position(1), to: position(1), orders: [delta] })).rejects.toThrow(
      PermanentFailureError,
    );
    expect(await store.watermark("p")).toBeUndefined();
  });
});

describe("DynamoDbProjectionStore names", () => {
  it("keeps the newer name when an older delivery's commit reads the stored name before a newer one lands", async () => {
    const { tables, monitor } = await setup("names");
    const older = orderFrom({
      ...OrderMother.withProducts([{ IdProducto: "pk9", producto: "Viejo", precio: 1 }]),
      timestamp: "2024-09-11 18:10:00",
    });
    const newer = orderFrom({
      ...OrderMother.withProducts([{ IdProducto: "pk9", producto: "Nuevo", precio: 1 }]),
      timestamp: "2024-09-11 18:30:00",
    });
    const slowClient = testClient({});
    const slow = new DynamoDbProjectionStore({ client: slowClient, tables });
    const fast = new DynamoDbProjectionStore({ client: testClient(), tables });

    // Hold the older commit's first transaction until the newer commit has been written, so the
    // older one writes with a name stamp it read before the newer name existed.
    const hold = holdFirstTransaction(slowClient);
    const slowCommit = slow.commit({
      partition: "a",
      from: position(1),
      to: position(1),
      orders: [deltaOfOrder(older)],
    });
    await expect.poll(() => hold.held).toBe(true);
    expect(
      await fast.commit({ partition: "b", from: position(1), to: position(1), orders: [deltaOfOrder(newer)] }),
    ).toBe("committed");
    hold.release();
    expect(await slowCommit).toBe("committed");

    const report = await monitor.read({ topProducts: 10, maxCouriers: 10, hours: [] });
    expect(report.products).toEqual([{ productId: "pk9", productName: "Nuevo", units: 2, revenue: 200 }]);
  });

  it("keeps a courier's newer name when an older delivery's commit read the all-time item before the newer name landed", async () => {
    const { tables, monitor } = await setup("courier-names");
    const courierOrder = (id: string, name: string, timestamp: string) =>
      orderFrom({
        ...OrderMother.withProducts([{ IdProducto: "pk1", producto: "Moneda", precio: 1 }], id),
        repartidor: { IdRepartidor: 230, Nombre: name },
        timestamp,
      });
    // The older delivery also names a second courier, whose name nobody contests: it must be written.
    const older = [
      deltaOfOrder(courierOrder("old", "Ana Vieja", "2024-09-11 18:10:00")),
      couriersDelta([
        {
          id: "231",
          productsDelivered: 1,
          ordersDelivered: 1,
          revenue: 100,
          name: "Otro",
          stamp: "2024-09-11T23:10:00.000000Z#x",
        },
      ]),
    ];
    const newer = deltaOfOrder(courierOrder("new", "Ana Nueva", "2024-09-11 18:30:00"));
    const slowClient = testClient({});
    const slow = new DynamoDbProjectionStore({ client: slowClient, tables });
    const fast = new DynamoDbProjectionStore({ client: testClient(), tables });
    const recorder = recordRequests(slowClient);

    const hold = holdFirstTransaction(slowClient);
    const slowCommit = slow.commit({ partition: "a", from: position(1), to: position(1), orders: older });
    await expect.poll(() => hold.held).toBe(true);
    expect(await fast.commit({ partition: "b", from: position(1), to: position(1), orders: [newer] })).toBe(
      "committed",
    );
    hold.release();
    expect(await slowCommit).toBe("committed");

    // The slow commit's first transaction failed on the all-time item's version (moved by the newer name), then was retried.
    const transactions = recorder.requests.filter((r) => r.command === "TransactWriteItemsCommand");
    expect(transactions.map((t) => t.error)).toEqual(["TransactionCanceledException", undefined]);
    const report = await monitor.read({ topProducts: 10, maxCouriers: 10, hours: [] });
    expect(report.couriers.map((c) => [c.courierId, c.courierName, c.ordersDelivered])).toEqual([
      ["230", "Ana Nueva", 2],
      ["231", "Otro", 1],
    ]);
    // Totals are the couriers' sums: the hand-made figures of 231 count as one order.
    expect(report.totals.orders).toBe(3);
  });
});

describe("DynamoDbProjectionStore generations", () => {
  it("writes to an explicit generation without touching the active one, and readers follow the active generation", async () => {
    const { tables, store, monitor } = await setup("generations");
    const client = testClient();
    const first = orderFrom(OrderMother.sample());
    const second = orderFrom(OrderMother.withProducts([{ IdProducto: "pk0004", producto: "Pendrive", precio: 12 }]));
    await store.commit({ partition: "p", from: position(1), to: position(1), orders: [deltaOfOrder(first)] });
    const rebuild = new DynamoDbProjectionStore({ client, tables, generation: 2 });
    await rebuild.commit({
      partition: "rebuild",
      from: position(1),
      to: position(1),
      orders: [mergeDelta(deltaOfOrder(first), deltaOfOrder(second))],
    });

    const query = { topProducts: 10, maxCouriers: 10, hours: [hourBucket(at, TZ)] };
    expect((await monitor.read(query)).totals.orders).toBe(1);
    expect((await new DynamoDbMonitorQueries({ client, tables, generation: 2 }).read(query)).totals.orders).toBe(2);

    await client.send(
      new PutCommand({ TableName: tables.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation: 2 } }),
    );
    const afterSwap = await new DynamoDbMonitorQueries({ client, tables }).read(query);
    expect(afterSwap).toEqual({
      ...projectOrders([first, second], TZ),
      hourly: afterSwap.hourly,
      // Both orders are courier 106's, received when delivered: the same millisecond.
      lastDeliveries: new Map([["106", "2024-09-11T23:27:09.039Z"]]),
    });
    expect(afterSwap.hourly).toEqual([
      { courierId: "106", courierName: "Pedro Gómez", hour: "2024-09-11T18:00:00-05:00", deliveries: 2 },
    ]);
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
      orders: [deltaOfOrder(orderFrom(OrderMother.sample()))],
    });
    const query = { topProducts: 1, maxCouriers: 1, hours: [] };
    expect((await monitor.read(query)).totals.orders).toBe(0);
    await client.send(
      new PutCommand({ TableName: tables.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation: 3 } }),
    );
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
    const products = Array.from({ length: 40 }, (_, i) => ({
      id: `tie-${String(i).padStart(2, "0")}`,
      units: 5,
      revenue: (i % 7) * 100,
    }));
    await store.commit({ partition: "p", from: position(1), to: position(1), orders: [productsDelta(products)] });
    const expected = [...products]
      .sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : 1))
      .slice(0, 3)
      .map((p) => ({ productId: p.id, productName: `Product ${p.id}`, units: 5, revenue: p.revenue }));
    expect((await monitor.read({ topProducts: 3, maxCouriers: 1, hours: [] })).products).toEqual(expected);
  });

  it("orders couriers tied on money by products delivered, then id", async () => {
    const { store, monitor } = await setup("courier-ties");
    const couriers = Array.from({ length: 30 }, (_, i) => ({
      id: String(200 + i),
      productsDelivered: i % 5,
      ordersDelivered: 1,
      revenue: 5000,
    }));
    await store.commit({ partition: "p", from: position(1), to: position(1), orders: [couriersDelta(couriers)] });
    const expected = [...couriers]
      .sort((a, b) => b.productsDelivered - a.productsDelivered || (a.id < b.id ? -1 : 1))
      .slice(0, 4);
    const report = await monitor.read({ topProducts: 1, maxCouriers: 4, hours: [] });
    expect(report.couriers.map((c) => [c.courierId, c.productsDelivered])).toEqual(
      expected.map((c) => [c.id, c.productsDelivered]),
    );
  });

  it("reads an hourly window across two business days with one BatchGetItem of the all-time and day items, and returns only the requested hours", async () => {
    const { tables, store } = await setup("hourly");
    const client = testClient({});
    const monitor = new DynamoDbMonitorQueries({ client, tables, generation: 1 });
    // Deliveries every 5 hours over three days.
    const orders = Array.from({ length: 15 }, (_, i) => orderFrom(OrderMother.random({ at: at - i * 5 * 3_600_000 })));
    await store.commit({ partition: "p", from: position(1), to: position(1), orders: orders.map(deltaOfOrder) });

    const hours = hourBucketsEndingAt(at - 12 * 3_600_000, 30, TZ); // 30 hours spanning two calendar days
    expect(new Set(hours.map((h) => h.slice(0, 10))).size).toBe(2);
    const recorder = recordRequests(client);
    const report = await monitor.read({ topProducts: 100, maxCouriers: 100, hours });
    const reads = recorder.requests.filter((r) => r.command === "BatchGetItemCommand");
    expect(reads).toHaveLength(1);
    const keys = (reads[0]!.input.RequestItems as Record<string, { Keys: { delivery_id: string }[] }>)[
      tables.deliveries
    ]!.Keys;
    const days = [...new Set(hours.map((h) => h.slice(0, 10)))];
    const shards = Array.from({ length: READ_MODEL_SHARDS }, (_, shard) => shard);
    expect(keys.map((k) => k.delivery_id)).toEqual([
      ...shards.map((s) => `1#A#${s}`),
      ...days.flatMap((day) => shards.map((s) => `1#D#${day}#${s}`)),
    ]);
    expect(recorder.requests.map((r) => r.command)).toEqual(["BatchGetItemCommand"]);

    const names = new Map(projectOrders(orders, TZ).couriers.map((c) => [c.courierId, c.courierName]));
    const expected = projectOrders(orders, TZ)
      .hourly.filter((h) => hours.includes(h.hour))
      .map((h) => ({ ...h, courierName: names.get(h.courierId) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(report.hourly).toEqual(expected);
  });

  it("reads a 168-hour window with one BatchGetItem (the all-time items and 8 days' items)", async () => {
    const { tables, store } = await setup("hourly-week");
    const client = testClient({});
    const orders = Array.from({ length: 20 }, (_, i) => orderFrom(OrderMother.random({ at: at - i * 8 * 3_600_000 })));
    await store.commit({ partition: "p", from: position(1), to: position(1), orders: orders.map(deltaOfOrder) });
    const recorder = recordRequests(client);
    const hours = hourBucketsEndingAt(at, 168, TZ);
    const report = await new DynamoDbMonitorQueries({ client, tables }).read({
      topProducts: 10,
      maxCouriers: 100,
      hours,
    });
    const batches = recorder.requests.filter((r) => r.command === "BatchGetItemCommand");
    expect(
      batches.map((b) => (b.input.RequestItems as Record<string, { Keys: unknown[] }>)[tables.deliveries]!.Keys.length),
    ).toEqual([READ_MODEL_SHARDS * (1 + 8)]);
    expect(report.hourly.reduce((sum, h) => sum + h.deliveries, 0)).toBe(20);
  });

  it("names hourly rows of couriers outside the requested top couriers from the all-time items, with no extra read", async () => {
    const { tables, store } = await setup("hourly-names");
    const client = testClient({});
    const monitor = new DynamoDbMonitorQueries({ client, tables });
    const orders = [
      orderFrom({
        ...OrderMother.sample(),
        pedido_id: "rich",
        repartidor: { IdRepartidor: 101, Nombre: "María López" },
      }),
      orderFrom({
        ...OrderMother.withProducts([{ IdProducto: "pk0010", producto: "Clip", precio: 0.2 }], "poor"),
        repartidor: { IdRepartidor: 102, Nombre: "Carlos García" },
      }),
    ];
    await store.commit({ partition: "p", from: position(1), to: position(1), orders: orders.map(deltaOfOrder) });
    const recorder = recordRequests(client);
    const report = await monitor.read({ topProducts: 1, maxCouriers: 1, hours: [hourBucket(at, TZ)] });
    expect(report.couriers.map((c) => c.courierId)).toEqual(["101"]);
    expect(report.hourly.map((h) => [h.courierId, h.courierName])).toEqual([
      ["101", "María López"],
      ["102", "Carlos García"],
    ]);
    expect(recorder.requests.map((r) => r.command)).toEqual(["GetItemCommand", "BatchGetItemCommand"]); // the active generation, then the items
  });

  it("never scans", async () => {
    const tables = await createTestTables("no-scan");
    const client = testClient({});
    const recorder = recordRequests(client);
    await new DynamoDbMonitorQueries({ client, tables }).read({
      topProducts: 10,
      maxCouriers: 100,
      hours: hourBucketsEndingAt(at, 168, TZ),
    });
    // Reads by key only: the active generation, then one BatchGetItem; no Query, no Scan.
    expect(recorder.requests.map((r) => r.command)).toEqual(["GetItemCommand", "BatchGetItemCommand"]);
  });
});
