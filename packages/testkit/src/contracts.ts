import {
  ApplyOrderChanges,
  addOrderToDelta,
  emptyDelta,
  encodePosition,
  hourBucket,
  newStoredOrder,
  parseOrderInput,
  projectOrders,
  type MonitorQueries,
  type Order,
  type OrderChange,
  orderCreated,
  type OrderRepository,
  type ProjectionStore,
  unknownCreatorOf,
} from "@cargo-express/domain";
import { describe, expect, it } from "vitest";
import { OrderMother, nextOrderId } from "./order-mother.js";
import { commandFrom } from "./order-payload.js";

const TZ = "America/Bogota";

/**
 * A valid domain Order from a wire payload (throws if the payload is invalid: test data must be valid).
 * `receivedAtMs` stamps receipt (what display names are ranked by); omitted, receipt is the delivery time.
 */
export function orderFrom(payload: unknown, receivedAtMs?: number): Order {
  const parsed = parseOrderInput(commandFrom(payload), {
    timeZone: TZ,
    ...(receivedAtMs === undefined ? {} : { receivedAtMs }),
  });
  if (!parsed.ok) throw new Error(`test order is invalid: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

/**
 * The behaviour every OrderRepository must have. `make` returns a fresh, empty repository
 * (or one where the ids this suite generates are unused).
 */
export function describeOrderRepositoryContract(
  name: string,
  make: () => Promise<OrderRepository> | OrderRepository,
): void {
  describe(`OrderRepository contract: ${name}`, () => {
    it("stores a new order and reads it back unchanged (cents, microseconds, accents)", async () => {
      const repo = await make();
      const order = orderFrom({ ...OrderMother.sample(), pedido_id: nextOrderId("repo") });
      expect(await repo.saveIfAbsent(order)).toEqual({ status: "created" });
      expect(await repo.getById(order.id)).toEqual(order);
    });

    it("returns undefined for an unknown id", async () => {
      const repo = await make();
      expect(await repo.getById(nextOrderId("missing"))).toBeUndefined();
    });

    it("never overwrites: a second save under the same id returns the first order, as stored", async () => {
      const repo = await make();
      const id = nextOrderId("repo");
      const first = orderFrom(OrderMother.withProducts([{ IdProducto: "pk0001", producto: "Moneda", precio: 1 }], id));
      const second = orderFrom(
        OrderMother.withProducts([{ IdProducto: "pk0004", producto: "Pendrive", precio: 12 }], id),
      );
      await repo.saveIfAbsent(first);
      expect(await repo.saveIfAbsent(second)).toEqual({
        status: "exists",
        existing: newStoredOrder(first, unknownCreatorOf(first)),
        sameAsOriginal: false,
      });
      expect(await repo.saveIfAbsent({ ...first, receivedAt: "2030-01-01T00:00:00.000Z" })).toEqual({
        status: "exists",
        existing: newStoredOrder(first, unknownCreatorOf(first)),
        sameAsOriginal: true,
      });
      expect(await repo.getById(id)).toEqual(first);
    });

    it("lets exactly one of many concurrent saves of one id win", async () => {
      const repo = await make();
      const id = nextOrderId("race");
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          repo.saveIfAbsent(
            orderFrom(OrderMother.withProducts([{ IdProducto: `pk${i}`, producto: "x", precio: i }], id)),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.status === "created")).toHaveLength(1);
      const stored = await repo.getById(id);
      for (const outcome of outcomes) if (outcome.status === "exists") expect(outcome.existing.order).toEqual(stored);
    });
  });
}

export interface ProjectionAdapters {
  readonly store: ProjectionStore;
  readonly queries: MonitorQueries;
}

const change = (order: Order, sequence: string, partition = "shard-a"): OrderChange =>
  orderCreated(partition, sequence, order);

/** The behaviour every ProjectionStore + MonitorQueries pair must have. `make` returns fresh, empty ones. */
export function describeProjectionStoreContract(
  name: string,
  make: () => Promise<ProjectionAdapters> | ProjectionAdapters,
): void {
  describe(`ProjectionStore and MonitorQueries contract: ${name}`, () => {
    const at = Date.parse("2024-09-11T23:27:09Z"); // 18:27 in Bogota
    const hours = [hourBucket(at - 3_600_000, TZ), hourBucket(at, TZ)];
    const query = { topProducts: 10, maxCouriers: 100, hours };

    it("reads zeros and empty lists before anything is applied", async () => {
      const { queries } = await make();
      expect(await queries.read(query)).toEqual({
        products: [],
        couriers: [],
        hourly: [],
        totals: { orders: 0, units: 0, revenue: 0 },
        lastDeliveries: new Map(),
      });
    });

    it("applies a commit and moves the watermark to its end", async () => {
      const { store, queries } = await make();
      const order = orderFrom({ ...OrderMother.sample(), pedido_id: nextOrderId() });
      const delta = addOrderToDelta(emptyDelta(), order, TZ);
      expect(await store.watermark("shard-a")).toBeUndefined();
      const outcome = await store.commit({
        partition: "shard-a",
        from: encodePosition("100"),
        to: encodePosition("100"),
        orders: [delta],
      });
      expect(outcome).toBe("committed");
      expect(await store.watermark("shard-a")).toBe(encodePosition("100"));
      expect(await queries.read(query)).toEqual({
        products: [
          { productId: "pk0006", productName: "Adaptador de corriente", units: 1, revenue: 1000 },
          { productId: "pk0002", productName: "Estuche para gafas", units: 1, revenue: 800 },
          { productId: "pk0009", productName: "Goma de borrar", units: 1, revenue: 50 },
        ],
        couriers: [
          { courierId: "106", courierName: "Pedro Gómez", productsDelivered: 3, ordersDelivered: 1, revenue: 1850 },
        ],
        hourly: [{ courierId: "106", courierName: "Pedro Gómez", hour: "2024-09-11T18:00:00-05:00", deliveries: 1 }],
        totals: { orders: 1, units: 3, revenue: 1850 },
        // Received when delivered (this order's receipt time), to the millisecond.
        lastDeliveries: new Map([["106", "2024-09-11T23:27:09.039Z"]]),
      });
    });

    it("refuses a commit that starts at or below the watermark and changes nothing", async () => {
      const { store, queries } = await make();
      const order = orderFrom({ ...OrderMother.sample(), pedido_id: nextOrderId() });
      const delta = addOrderToDelta(emptyDelta(), order, TZ);
      await store.commit({ partition: "p", from: encodePosition("5"), to: encodePosition("9"), orders: [delta] });
      const before = await queries.read(query);
      expect(
        await store.commit({ partition: "p", from: encodePosition("9"), to: encodePosition("12"), orders: [delta] }),
      ).toBe("stale");
      expect(
        await store.commit({ partition: "p", from: encodePosition("7"), to: encodePosition("12"), orders: [delta] }),
      ).toBe("stale");
      expect(await queries.read(query)).toEqual(before);
      expect(await store.watermark("p")).toBe(encodePosition("9"));
      // Positions compare numerically, not as text of different lengths.
      expect(
        await store.commit({ partition: "p", from: encodePosition("10"), to: encodePosition("10"), orders: [delta] }),
      ).toBe("committed");
    });

    it("lets exactly one of two racing commits of the same records through", async () => {
      const { store, queries } = await make();
      const order = orderFrom({ ...OrderMother.sample(), pedido_id: nextOrderId() });
      const delta = addOrderToDelta(emptyDelta(), order, TZ);
      const commit = { partition: "race", from: encodePosition("1"), to: encodePosition("1"), orders: [delta] };
      const outcomes = await Promise.all([store.commit(commit), store.commit(commit)]);
      expect(outcomes.sort()).toEqual(["committed", "stale"]);
      expect((await queries.read(query)).totals.orders).toBe(1);
    });

    it("loses no update when partitions add to the same product at the same time", async () => {
      const { store, queries } = await make();
      const orders = Array.from({ length: 6 }, () =>
        orderFrom(OrderMother.withProducts([{ IdProducto: "pk0004", producto: "Pendrive", precio: 12 }])),
      );
      await Promise.all(
        orders.map((order, i) =>
          store.commit({
            partition: `shard-${i}`,
            from: encodePosition("1"),
            to: encodePosition("1"),
            orders: [addOrderToDelta(emptyDelta(), order, TZ)],
          }),
        ),
      );
      const report = await queries.read(query);
      expect(report.products).toEqual([{ productId: "pk0004", productName: "Pendrive", units: 6, revenue: 7200 }]);
      expect(report.totals).toEqual({ orders: 6, units: 6, revenue: 7200 });
    });

    it("keeps the name from the most recently received order whatever order commits arrive in", async () => {
      const { store, queries } = await make();
      // Each received a minute after its delivery (18:30 and 18:10 in Bogota).
      const newer = orderFrom(
        {
          ...OrderMother.withProducts([{ IdProducto: "pk9", producto: "Nuevo nombre", precio: 1 }]),
          timestamp: "2024-09-11 18:30:00",
        },
        Date.parse("2024-09-11T23:31:00Z"),
      );
      const older = orderFrom(
        {
          ...OrderMother.withProducts([{ IdProducto: "pk9", producto: "Viejo nombre", precio: 1 }]),
          timestamp: "2024-09-11 18:10:00",
        },
        Date.parse("2024-09-11T23:11:00Z"),
      );
      await store.commit({
        partition: "a",
        from: encodePosition("1"),
        to: encodePosition("1"),
        orders: [addOrderToDelta(emptyDelta(), newer, TZ)],
      });
      await store.commit({
        partition: "b",
        from: encodePosition("1"),
        to: encodePosition("1"),
        orders: [addOrderToDelta(emptyDelta(), older, TZ)],
      });
      expect((await queries.read(query)).products).toEqual([
        { productId: "pk9", productName: "Nuevo nombre", units: 2, revenue: 200 },
      ]);
    });

    it("ranks names by receipt: a delivery dated in the future cannot pin a name (issue 11)", async () => {
      const { store, queries } = await make();
      const pinned = orderFrom(
        {
          ...OrderMother.withProducts([{ IdProducto: "pk8", producto: "Nombre fijado", precio: 1 }]),
          timestamp: "2024-09-11T23:34:59Z",
        },
        Date.parse("2024-09-11T23:30:00Z"),
      );
      const renamed = orderFrom(
        {
          ...OrderMother.withProducts([{ IdProducto: "pk8", producto: "Nombre nuevo", precio: 1 }]),
          timestamp: "2024-09-11T23:00:00Z",
        },
        Date.parse("2024-09-11T23:31:00Z"),
      );
      await store.commit({
        partition: "a",
        from: encodePosition("1"),
        to: encodePosition("1"),
        orders: [addOrderToDelta(emptyDelta(), renamed, TZ)],
      });
      await store.commit({
        partition: "b",
        from: encodePosition("1"),
        to: encodePosition("1"),
        orders: [addOrderToDelta(emptyDelta(), pinned, TZ)],
      });
      expect((await queries.read(query)).products).toEqual([
        { productId: "pk8", productName: "Nombre nuevo", units: 2, revenue: 200 },
      ]);
    });

    it("returns only the top products and couriers asked for, best first", async () => {
      const { store, queries } = await make();
      const projector = new ApplyOrderChanges({ store, timeZone: TZ });
      const orders = Array.from({ length: 30 }, (_, i) =>
        orderFrom(OrderMother.random({ at: at - (i % 2) * 3_600_000 })),
      );
      await projector.execute(orders.map((order, i) => change(order, String(1000 + i))));
      const expected = projectOrders(orders, TZ);
      const report = await queries.read({ topProducts: 3, maxCouriers: 2, hours });
      expect(report.products).toEqual(expected.products.slice(0, 3));
      expect(report.couriers).toEqual(expected.couriers.slice(0, 2));
      expect(report.totals).toEqual(expected.totals);
      const names = new Map(expected.couriers.map((c) => [c.courierId, c.courierName]));
      expect([...report.hourly].sort((a, b) => (a.hour + a.courierId < b.hour + b.courierId ? -1 : 1))).toEqual(
        expected.hourly
          .map((h) => ({ ...h, courierName: names.get(h.courierId) }))
          .sort((a, b) => (a.hour + a.courierId < b.hour + b.courierId ? -1 : 1)),
      );
    });

    it("reports a period of business days: only those days' figures, named from the latest delivery, best first", async () => {
      const { store, queries } = await make();
      const projector = new ApplyOrderChanges({ store, timeZone: TZ });
      // In Bogota: 2024-09-11 18:27, 2024-09-11 23:30 (04:30Z on the 12th), 2024-09-12 01:00, 2024-09-08 18:27.
      const times = [at, Date.parse("2024-09-12T04:30:00Z"), Date.parse("2024-09-12T06:00:00Z"), at - 3 * 86_400_000];
      const orders = Array.from({ length: 24 }, (_, i) =>
        orderFrom(OrderMother.random({ at: times[i % times.length]! })),
      );
      await projector.execute(orders.map((order, i) => change(order, String(2000 + i), i % 3 ? "x" : "y")));
      const all = projectOrders(orders, TZ);
      const productNames = new Map(all.products.map((p) => [p.productId, p.productName]));
      const courierNames = new Map(all.couriers.map((c) => [c.courierId, c.courierName]));
      const dayOf = (order: Order) => hourBucket(Date.parse(order.deliveredAt), TZ).slice(0, 10);
      for (const days of [
        ["2024-09-11"],
        ["2024-09-12"],
        ["2024-09-08", "2024-09-09", "2024-09-10", "2024-09-11", "2024-09-12"],
        ["2024-09-01"],
      ]) {
        const expected = projectOrders(
          orders.filter((order) => days.includes(dayOf(order))),
          TZ,
        );
        const report = await queries.read({ topProducts: 100, maxCouriers: 100, hours, days });
        expect(report.totals, days.join()).toEqual(expected.totals);
        expect(report.products, days.join()).toEqual(
          expected.products.map((p) => ({ ...p, productName: productNames.get(p.productId) })),
        );
        expect(report.couriers, days.join()).toEqual(
          expected.couriers.map((c) => ({ ...c, courierName: courierNames.get(c.courierId) })),
        );
      }
      const day = orders.filter((order) => dayOf(order) === "2024-09-11");
      const cut = await queries.read({ topProducts: 2, maxCouriers: 1, hours, days: ["2024-09-11"] });
      expect(cut.products.map((p) => p.productId)).toEqual(
        projectOrders(day, TZ)
          .products.slice(0, 2)
          .map((p) => p.productId),
      );
      expect(cut.couriers.map((c) => c.courierId)).toEqual(
        projectOrders(day, TZ)
          .couriers.slice(0, 1)
          .map((c) => c.courierId),
      );
      // The period changes what is counted, never the hourly window asked for.
      expect(cut.hourly).toEqual((await queries.read({ topProducts: 2, maxCouriers: 1, hours })).hourly);
    });

    it("applies each order exactly once through ApplyOrderChanges despite duplicates and retried batches", async () => {
      const { store, queries } = await make();
      const projector = new ApplyOrderChanges({ store, timeZone: TZ });
      const orders = Array.from({ length: 12 }, () => orderFrom(OrderMother.random({ at })));
      const changes = orders.map((order, i) => change(order, String(5000 + i), i % 2 ? "odd" : "even"));
      await projector.execute(changes.slice(0, 8));
      await projector.execute([...changes.slice(0, 8), changes[3]!]); // whole batch again plus a duplicate
      await projector.execute(changes.slice(6)); // overlapping tail
      expect((await queries.read({ topProducts: 100, maxCouriers: 100, hours })).totals).toEqual(
        projectOrders(orders, TZ).totals,
      );
    });
  });
}
