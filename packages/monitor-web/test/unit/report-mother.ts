import type { MonitorReport } from "../../src/api.js";

/** A small monitor report as the API writes it (all time unless told). */
export function reportWith(options: { orders: number; period?: "today" | "7d" | "all" }): MonitorReport {
  const period = options.period ?? "all";
  return {
    generatedAt: "2026-11-29T20:00:00.000000Z",
    timeZone: "America/Bogota",
    period: {
      name: period,
      from: period === "all" ? null : "2026-11-29T00:00:00-05:00",
      to: "2026-11-30T00:00:00-05:00",
    },
    products: [
      {
        productId: "pk0001",
        productName: "Llavero",
        units: options.orders,
        revenue: `${options.orders * 2}.50`,
        revenueCents: options.orders * 200 + 50,
        inCatalog: true,
      },
    ],
    couriers: [
      {
        courierId: "101",
        courierName: "Ana",
        productsDelivered: options.orders,
        ordersDelivered: options.orders,
        revenue: `${options.orders * 2}.50`,
        revenueCents: options.orders * 200 + 50,
        inCatalog: true,
      },
    ],
    hourly: {
      hours: ["2026-11-29T14:00:00-05:00"],
      couriers: [
        { courierId: "101", courierName: "Ana", inCatalog: true, deliveries: [options.orders], total: options.orders },
      ],
    },
    totals: {
      orders: options.orders,
      units: options.orders,
      revenue: `${options.orders * 2}.50`,
      revenueCents: options.orders * 200 + 50,
    },
  };
}
