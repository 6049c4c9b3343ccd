import {
  GetMonitorReport,
  type GetMonitorReportQuery,
  GetOrder,
  newStoredOrder,
  PlaceOrder,
} from "@cargo-express/domain";
import { OrderMother, commandFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import {
  FixedClock,
  InMemoryCatalogueStore,
  InMemoryOrderChangeFeed,
  InMemoryOrderRepository,
  InMemoryProjectionStore,
} from "../src/index.js";
import { ApplyOrderChanges } from "@cargo-express/domain";

const TZ = "America/Bogota";
const NOW = Date.parse("2024-09-11T23:40:00Z"); // 18:40 in Bogota

function system() {
  const orders = new InMemoryOrderRepository();
  const store = new InMemoryProjectionStore();
  const clock = new FixedClock(NOW);
  const feed = new InMemoryOrderChangeFeed(orders);
  const projector = new ApplyOrderChanges({ store, timeZone: TZ });
  return {
    orders,
    feed,
    clock,
    placeOrder: new PlaceOrder({ orders, clock, timeZone: TZ }),
    getOrder: new GetOrder({ orders }),
    report: new GetMonitorReport({ queries: store, catalogue: new InMemoryCatalogueStore(), clock, timeZone: TZ }),
    project: () => feed.drain((batch) => projector.execute(batch).then(() => undefined)),
  };
}

describe("PlaceOrder", () => {
  it("stores a new order with its exact total and the time it was received", async () => {
    const { placeOrder, getOrder } = system();
    const result = await placeOrder.execute(commandFrom(OrderMother.sample()));
    expect(result).toMatchObject({
      ok: true,
      value: {
        created: true,
        order: { id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b", total: 1850, receivedAt: "2024-09-11T23:40:00.000000Z" },
      },
    });
    const order = result.ok ? result.value.order : undefined;
    expect(await getOrder.execute("03f4e0fb-1775-4b7f-88c7-96ddaa07600b")).toEqual({
      ok: true,
      value: order && newStoredOrder(order, "courier 106"),
    });
  });

  it("returns the stored order, unchanged, when the same order is sent again", async () => {
    const { placeOrder, clock } = system();
    const first = await placeOrder.execute(commandFrom(OrderMother.sample()));
    clock.advance(60_000);
    const again = await placeOrder.execute(
      commandFrom({ ...OrderMother.sample(), timestamp: "2024-09-11T18:27:09.039464-05:00" }),
    );
    expect(again).toEqual({
      ok: true,
      value: { order: first.ok && first.value.order, state: { status: "active", revision: 1 }, created: false },
    });
  });

  it("refuses a different order under an existing id and keeps the first", async () => {
    const { placeOrder, getOrder } = system();
    const first = await placeOrder.execute(commandFrom(OrderMother.sample()));
    const other = await placeOrder.execute(
      commandFrom({
        ...OrderMother.sample(),
        productos: [{ IdProducto: "pk0004", producto: "Pendrive", precio: 12 }],
      }),
    );
    expect(other).toMatchObject({
      ok: false,
      error: { kind: "conflict", orderId: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b" },
    });
    const order = first.ok ? first.value.order : undefined;
    expect(await getOrder.execute("03f4e0fb-1775-4b7f-88c7-96ddaa07600b")).toEqual({
      ok: true,
      value: order && newStoredOrder(order, "courier 106"),
    });
  });

  it("returns every invalid field and stores nothing", async () => {
    const { placeOrder, orders } = system();
    const result = await placeOrder.execute(
      commandFrom({
        ...OrderMother.sample(),
        productos: [{ IdProducto: "pk1", producto: "A", precio: -1 }],
        timestamp: "x",
      }),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        issues: [
          { path: "lines[0].unitPrice", message: "unitPrice must not be negative" },
          { path: "deliveredAt", message: expect.stringContaining("deliveredAt must look like") },
        ],
      },
    });
    expect(orders.all()).toEqual([]);
  });
});

describe("GetOrder", () => {
  it("answers not found for an unknown id and invalid for a malformed one", async () => {
    const { getOrder } = system();
    expect(await getOrder.execute("nope")).toEqual({
      ok: false,
      error: { kind: "not-found", what: "order", id: "nope" },
    });
    expect(await getOrder.execute("../etc")).toMatchObject({
      ok: false,
      error: { kind: "invalid", issues: [{ path: "id" }] },
    });
  });
});

describe("GetMonitorReport", () => {
  it("reports products, couriers by money, hourly deliveries and totals from projected orders", async () => {
    const { placeOrder, report, project } = system();
    await placeOrder.execute(commandFrom(OrderMother.sample())); // Pedro, 18:27, 18.50
    await placeOrder.execute(
      commandFrom({
        pedido_id: "o-2",
        repartidor: { IdRepartidor: "101", Nombre: "María López" },
        productos: [{ IdProducto: "pk0004", producto: "Pendrive", precio: 12, cantidad: 2 }],
        timestamp: "2024-09-11 17:05:00",
      }),
    );
    await project();
    const result = await report.execute({ hours: 3, top: 2 });
    expect(result).toEqual({
      ok: true,
      value: {
        generatedAt: "2024-09-11T23:40:00.000000Z",
        timeZone: TZ,
        period: { name: "all", from: null, to: "2024-09-12T00:00:00-05:00" },
        // This system's catalogue is empty: every id is outside it, named as its orders said.
        products: [
          { productId: "pk0004", productName: "Pendrive", units: 2, revenue: 2400, inCatalog: false },
          { productId: "pk0006", productName: "Adaptador de corriente", units: 1, revenue: 1000, inCatalog: false },
        ],
        couriers: [
          {
            courierId: "101",
            courierName: "María López",
            productsDelivered: 2,
            ordersDelivered: 1,
            revenue: 2400,
            inCatalog: false,
            lastDeliveryAt: "2024-09-11T23:40:00.000Z",
          },
          {
            courierId: "106",
            courierName: "Pedro Gómez",
            productsDelivered: 3,
            ordersDelivered: 1,
            revenue: 1850,
            inCatalog: false,
            lastDeliveryAt: "2024-09-11T23:40:00.000Z",
          },
        ],
        hourly: {
          hours: ["2024-09-11T16:00:00-05:00", "2024-09-11T17:00:00-05:00", "2024-09-11T18:00:00-05:00"],
          couriers: [
            { courierId: "101", courierName: "María López", inCatalog: false, deliveries: [0, 1, 0], total: 1 },
            { courierId: "106", courierName: "Pedro Gómez", inCatalog: false, deliveries: [0, 0, 1], total: 1 },
          ],
        },
        totals: { orders: 2, units: 5, revenue: 4250 },
      },
    });
  });

  it("leaves hours outside the window out", async () => {
    const { placeOrder, report, project } = system();
    await placeOrder.execute(commandFrom(OrderMother.sample()));
    await project();
    const result = await report.execute({ hours: 1 });
    expect(result.ok && result.value.hourly.couriers).toEqual([
      { courierId: "106", courierName: "Pedro Gómez", inCatalog: false, deliveries: [1], total: 1 },
    ]);
    const earlier = await report.execute({ hours: 24 });
    expect(earlier.ok && earlier.value.hourly.hours).toHaveLength(24);
  });

  it.each([
    [{ hours: 0 }, "hours", "hours must be at least 1"],
    [{ hours: 169 }, "hours", "hours must be at most 168"],
    [{ hours: "abc" as never }, "hours", "hours must be a whole number"],
    [{ top: 2.5 }, "top", "top must be a whole number"],
    [{ top: 101 }, "top", "top must be at most 100"],
    [{ couriers: 0 }, "couriers", "couriers must be at least 1"],
  ])("rejects %o", async (query, path, message) => {
    const { report } = system();
    expect(await report.execute(query)).toEqual({ ok: false, error: { kind: "invalid", issues: [{ path, message }] } });
  });

  it("reports today and the last 7 business days with their own figures and hours", async () => {
    const { placeOrder, report, project } = system();
    const place = (id: string, timestamp: string, precio: number) =>
      placeOrder.execute(
        commandFrom({
          pedido_id: id,
          repartidor: { IdRepartidor: "101", Nombre: "María López" },
          productos: [{ IdProducto: "pk0004", producto: "Pendrive", precio }],
          timestamp,
        }),
      );
    await place("today-early", "2024-09-11 00:05:00", 12); // today in Bogota, just after midnight
    await place("yesterday-late", "2024-09-10 23:59:59", 3); // 04:59:59Z on the 11th: still the 10th in Bogota
    await place("six-days-ago", "2024-09-05 08:00:00", 5);
    await place("seven-days-ago", "2024-09-04 23:00:00", 100);
    await project();

    const today = await report.execute({ period: "today" });
    expect(today.ok && today.value.period).toEqual({
      name: "today",
      from: "2024-09-11T00:00:00-05:00",
      to: "2024-09-12T00:00:00-05:00",
    });
    expect(today.ok && today.value.totals).toEqual({ orders: 1, units: 1, revenue: 1200 });
    expect(today.ok && today.value.hourly.hours).toHaveLength(19); // 00:00 to 18:00
    expect(today.ok && today.value.hourly.couriers).toEqual([
      {
        courierId: "101",
        courierName: "María López",
        inCatalog: false,
        deliveries: [1, ...Array(18).fill(0)],
        total: 1,
      },
    ]);

    const week = await report.execute({ period: "7d", top: 1 });
    expect(week.ok && week.value.period).toEqual({
      name: "7d",
      from: "2024-09-05T00:00:00-05:00",
      to: "2024-09-12T00:00:00-05:00",
    });
    expect(week.ok && week.value.totals).toEqual({ orders: 3, units: 3, revenue: 2000 });
    expect(week.ok && week.value.products).toEqual([
      { productId: "pk0004", productName: "Pendrive", units: 3, revenue: 2000, inCatalog: false },
    ]);
    expect(week.ok && week.value.hourly.hours).toHaveLength(6 * 24 + 19);

    const all = await report.execute({ period: "all" });
    expect(all.ok && all.value.totals).toEqual({ orders: 4, units: 4, revenue: 12000 });
    expect(all.ok && all.value.hourly.hours).toHaveLength(24);
  });

  it.each([
    [{ period: "week" }, "period", "period must be one of today, 7d, all"],
    [{ period: "today", hours: 3 }, "hours", "hours applies only to period=all; period=today covers its own hours"],
    [{ period: ["today", "7d"] }, "period", "period must be one of today, 7d, all"],
  ] as [GetMonitorReportQuery, string, string][])("rejects the period %o", async (query, path, message) => {
    const { report } = system();
    expect(await report.execute(query)).toEqual({ ok: false, error: { kind: "invalid", issues: [{ path, message }] } });
  });

  it("rejects unknown parameters by name", async () => {
    const { report } = system();
    expect(await report.execute({ hour: 3 } as GetMonitorReportQuery)).toMatchObject({
      ok: false,
      error: { kind: "invalid", issues: [{ path: "hour", message: "hour is not a known parameter" }] },
    });
  });
});
