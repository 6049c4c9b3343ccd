import { describe, expect, it } from "vitest";
import {
  DEFAULT_HOURS,
  GetMonitorReport,
  MONITOR_PERIODS,
  type GetMonitorReportQuery,
  type MonitorData,
  type MonitorQuery,
} from "../src/index.js";
import { readOnlyCatalogue } from "./support/catalogues.js";

const BOGOTA = "America/Bogota";
const NOW = Date.parse("2024-09-11T23:30:00.123Z"); // 18:30 on 2024-09-11 in Bogota

const noData: MonitorData = { products: [], couriers: [], hourly: [], totals: { orders: 0, units: 0, revenue: 0 } };

function setUp(data: MonitorData = noData) {
  const queries: MonitorQuery[] = [];
  const report = new GetMonitorReport({
    queries: {
      read: async (query) => {
        queries.push(query);
        return data;
      },
    },
    catalogue: readOnlyCatalogue(),
    clock: { now: () => NOW },
    timeZone: BOGOTA,
  });
  return { report, queries };
}

const hourLabel = (day: string, hour: number) => `${day}T${String(hour).padStart(2, "0")}:00:00-05:00`;

describe("GetMonitorReport", () => {
  it("reports all time by default: top 10 products, 100 couriers, the last 24 hours, no days", async () => {
    const { report, queries } = setUp();
    const result = await report.execute();
    expect(DEFAULT_HOURS).toBe(24);
    expect(MONITOR_PERIODS).toEqual(["today", "7d", "all"]);
    expect(queries).toHaveLength(1);
    const query = queries[0]!;
    expect(query.topProducts).toBe(10);
    expect(query.maxCouriers).toBe(100);
    expect("days" in query).toBe(false);
    expect(query.hours).toHaveLength(24);
    expect(query.hours[0]).toBe(hourLabel("2024-09-10", 19));
    expect(query.hours.at(-1)).toBe(hourLabel("2024-09-11", 18));
    expect(result).toEqual({
      ok: true,
      value: {
        generatedAt: "2024-09-11T23:30:00.123000Z",
        timeZone: BOGOTA,
        period: { name: "all", from: null, to: "2024-09-12T00:00:00-05:00" },
        products: [],
        couriers: [],
        hourly: { hours: query.hours, couriers: [] },
        totals: { orders: 0, units: 0, revenue: 0 },
      },
    });
  });

  it("limits today to the business day so far", async () => {
    const { report, queries } = setUp();
    const result = await report.execute({ period: "today" });
    expect(queries[0]!.days).toEqual(["2024-09-11"]);
    expect(queries[0]!.hours).toEqual(Array.from({ length: 19 }, (_, h) => hourLabel("2024-09-11", h)));
    expect(result.ok && result.value.period).toEqual({
      name: "today",
      from: "2024-09-11T00:00:00-05:00",
      to: "2024-09-12T00:00:00-05:00",
    });
  });

  it("limits 7d to the last seven business days, today included", async () => {
    const { report, queries } = setUp();
    const result = await report.execute({ period: "7d" });
    expect(queries[0]!.days).toEqual([
      "2024-09-05",
      "2024-09-06",
      "2024-09-07",
      "2024-09-08",
      "2024-09-09",
      "2024-09-10",
      "2024-09-11",
    ]);
    expect(queries[0]!.hours).toHaveLength(6 * 24 + 19);
    expect(queries[0]!.hours[0]).toBe(hourLabel("2024-09-05", 0));
    expect(result.ok && result.value.period).toEqual({
      name: "7d",
      from: "2024-09-05T00:00:00-05:00",
      to: "2024-09-12T00:00:00-05:00",
    });
  });

  it("takes top, couriers and hours", async () => {
    const { report, queries } = setUp();
    expect((await report.execute({ top: 5, couriers: 1000, hours: 168 })).ok).toBe(true);
    expect(queries[0]).toMatchObject({ topProducts: 5, maxCouriers: 1000 });
    expect(queries[0]!.hours).toHaveLength(168);
    expect((await report.execute({ period: "all", top: 100, couriers: 1, hours: 1 })).ok).toBe(true);
    expect(queries[1]).toMatchObject({ topProducts: 100, maxCouriers: 1, hours: [hourLabel("2024-09-11", 18)] });
  });

  it.each([
    [{ top: 0 }, "top", "top must be at least 1"],
    [{ top: 101 }, "top", "top must be at most 100"],
    [{ top: "abc" as never }, "top", "top must be a whole number"],
    [{ top: "5" as never }, "top", "top must be a whole number"],
    [{ top: 2.5 }, "top", "top must be a whole number"],
    [{ couriers: 0 }, "couriers", "couriers must be at least 1"],
    [{ couriers: 1001 }, "couriers", "couriers must be at most 1000"],
    [{ hours: 0 }, "hours", "hours must be at least 1"],
    [{ hours: 169 }, "hours", "hours must be at most 168"],
    [{ period: "week" as never }, "period", "period must be one of today, 7d, all"],
    [{ period: "today", hours: 3 }, "hours", "hours applies only to period=all; period=today covers its own hours"],
    [{ period: "7d", hours: 3 }, "hours", "hours applies only to period=all; period=7d covers its own hours"],
    [{ colour: "red" } as never, "colour", "colour is not a known parameter"],
  ] as [GetMonitorReportQuery, string, string][])(
    "refuses %o, naming %s, without reading",
    async (input, path, message) => {
      const { report, queries } = setUp();
      expect(await report.execute(input)).toEqual({
        ok: false,
        error: { kind: "invalid", issues: [{ path, message }] },
      });
      expect(queries).toEqual([]);
    },
  );

  it("lays hourly deliveries out per courier, aligned with the hours, busiest first", async () => {
    const h = (hour: number) => hourLabel("2024-09-11", hour);
    const { report } = setUp({
      ...noData,
      hourly: [
        { courierId: "2", courierName: "Beto", hour: h(17), deliveries: 2 },
        { courierId: "1", courierName: "Ana", hour: h(18), deliveries: 1 },
        { courierId: "2", courierName: "Beto", hour: h(18), deliveries: 1 },
        { courierId: "2", courierName: "Beto", hour: h(18), deliveries: 1 }, // a second bucket for one hour adds up
        { courierId: "1", courierName: "Ana", hour: hourLabel("2024-09-01", 10), deliveries: 9 }, // outside the window
        { courierId: "3", courierName: "Ceci", hour: h(16), deliveries: 0 }, // nothing delivered: no row
        { courierId: "4", courierName: "Dani", hour: h(15), deliveries: 1 },
      ],
    });
    const result = await report.execute({ hours: 4 });
    if (!result.ok) throw new Error("refused");
    expect(result.value.hourly).toEqual({
      hours: [h(15), h(16), h(17), h(18)],
      couriers: [
        { courierId: "2", courierName: "Beto", inCatalog: false, deliveries: [0, 0, 2, 2], total: 4 },
        { courierId: "1", courierName: "Ana", inCatalog: false, deliveries: [0, 0, 0, 1], total: 1 },
        { courierId: "4", courierName: "Dani", inCatalog: false, deliveries: [1, 0, 0, 0], total: 1 },
      ],
    });
  });

  it("orders couriers with equal totals by id, whatever order they come in", async () => {
    const h = hourLabel("2024-09-11", 18);
    for (const ids of [
      ["b", "a", "c"],
      ["c", "b", "a"],
    ]) {
      const { report } = setUp({
        ...noData,
        hourly: ids.map((courierId) => ({ courierId, courierName: courierId, hour: h, deliveries: 1 })),
      });
      const result = await report.execute({ hours: 1 });
      expect(result.ok && result.value.hourly.couriers.map((c) => c.courierId)).toEqual(["a", "b", "c"]);
    }
  });

  it("passes products, couriers, totals and what is unlisted through from the store", async () => {
    const data: MonitorData = {
      products: [{ productId: "pk1", productName: "Uno", units: 3, revenue: 300 }],
      couriers: [{ courierId: "1", courierName: "Ana", productsDelivered: 3, ordersDelivered: 1, revenue: 300 }],
      hourly: [],
      totals: { orders: 5, units: 9, revenue: 1000 },
      unlisted: { couriers: { orders: 4, units: 6, revenue: 700 }, products: { units: 6, revenue: 700 } },
    };
    const result = await setUp(data).report.execute({ period: "today" });
    if (!result.ok) throw new Error("refused");
    // Figures as the store gave them; none of these ids is in the (empty) catalogue.
    expect(result.value.products).toEqual(data.products.map((p) => ({ ...p, inCatalog: false })));
    expect(result.value.couriers).toEqual(data.couriers.map((c) => ({ ...c, inCatalog: false })));
    expect(result.value.totals).toEqual(data.totals);
    expect(result.value.unlisted).toEqual(data.unlisted);
    const without = await setUp().report.execute();
    expect(without.ok && "unlisted" in without.value).toBe(false);
  });
});

describe("GetMonitorReport with the catalogue", () => {
  const fleet = {
    products: [{ id: "pk1", name: "Moneda", referencePrice: 100, active: true }],
    couriers: [
      { id: "1", name: "María López", active: true },
      { id: "2", name: "Carlos García", active: true },
      { id: "3", name: "Ana Fernández", active: false },
    ],
  };
  const data: MonitorData = {
    products: [
      { productId: "pk1", productName: "moneda vieja", units: 3, revenue: 300 },
      { productId: "zz9", productName: "Inventado", units: 1, revenue: 50 },
    ],
    couriers: [
      { courierId: "1", courierName: "Maria", productsDelivered: 3, ordersDelivered: 1, revenue: 300 },
      { courierId: "77", courierName: "Desconocido", productsDelivered: 1, ordersDelivered: 1, revenue: 50 },
    ],
    hourly: [{ courierId: "77", courierName: "Desconocido", hour: hourLabel("2024-09-11", 18), deliveries: 1 }],
    totals: { orders: 2, units: 4, revenue: 350 },
    lastDeliveries: new Map([
      ["1", "2024-09-11T23:00:00.000Z"],
      ["2", "2024-09-09T15:00:00.000Z"],
      ["77", "2024-09-11T23:10:00.000Z"],
    ]),
  };
  const report = (period: "today" | "all", couriers?: number) =>
    new GetMonitorReport({
      queries: { read: async () => data },
      catalogue: readOnlyCatalogue(fleet),
      clock: { now: () => NOW },
      timeZone: BOGOTA,
    }).execute({ period, ...(couriers === undefined ? {} : { couriers }) });

  it("names known ids from the catalogue, keeps the payload's name for unknown ones and flags them", async () => {
    const result = await report("all");
    if (!result.ok) throw new Error("refused");
    expect(result.value.products.map((p) => [p.productId, p.productName, p.inCatalog, p.units])).toEqual([
      ["pk1", "Moneda", true, 3],
      ["zz9", "Inventado", false, 1],
    ]);
    expect(result.value.couriers.map((c) => [c.courierName, c.inCatalog, c.lastDeliveryAt])).toEqual([
      ["María López", true, "2024-09-11T23:00:00.000Z"],
      ["Desconocido", false, "2024-09-11T23:10:00.000Z"],
    ]);
    expect(result.value.hourly.couriers).toEqual([
      { courierId: "77", courierName: "Desconocido", inCatalog: false, deliveries: expect.any(Array), total: 1 },
    ]);
    expect(result.value.totals).toEqual(data.totals);
  });

  it("lists every active fleet courier for a period of days, idle ones with zero figures, never inactive ones", async () => {
    const result = await report("today");
    if (!result.ok) throw new Error("refused");
    expect(result.value.couriers.map((c) => [c.courierId, c.ordersDelivered, c.lastDeliveryAt ?? null])).toEqual([
      ["1", 1, "2024-09-11T23:00:00.000Z"],
      ["77", 1, "2024-09-11T23:10:00.000Z"],
      ["2", 0, "2024-09-09T15:00:00.000Z"],
    ]);
    expect(result.value.couriers[2]).toMatchObject({ courierName: "Carlos García", inCatalog: true, revenue: 0 });
    expect(result.value.totals).toEqual(data.totals);
  });

  it("adds no idle courier when the limit may have left out couriers who delivered", async () => {
    const result = await report("today", 2);
    if (!result.ok) throw new Error("refused");
    expect(result.value.couriers.map((c) => c.courierId)).toEqual(["1", "77"]);
  });
});
