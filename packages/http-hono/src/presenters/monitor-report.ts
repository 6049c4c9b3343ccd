import { formatCents, type MonitorReport } from "@cargo-express/domain";
import type { MonitorReportResponse } from "../contract/schemas.js";

export function presentMonitorReport(report: MonitorReport): MonitorReportResponse {
  return {
    generatedAt: report.generatedAt,
    timeZone: report.timeZone,
    period: { ...report.period },
    products: report.products.map((p) => ({
      productId: p.productId,
      productName: p.productName,
      units: p.units,
      revenue: formatCents(p.revenue),
      revenueCents: p.revenue,
      inCatalog: p.inCatalog,
    })),
    couriers: report.couriers.map((c) => ({
      courierId: c.courierId,
      courierName: c.courierName,
      productsDelivered: c.productsDelivered,
      ordersDelivered: c.ordersDelivered,
      revenue: formatCents(c.revenue),
      revenueCents: c.revenue,
      inCatalog: c.inCatalog,
      ...(c.lastDeliveryAt === undefined ? {} : { lastDeliveryAt: c.lastDeliveryAt }),
    })),
    hourly: {
      hours: [...report.hourly.hours],
      couriers: report.hourly.couriers.map((row) => ({ ...row, deliveries: [...row.deliveries] })),
    },
    totals: {
      orders: report.totals.orders,
      units: report.totals.units,
      revenue: formatCents(report.totals.revenue),
      revenueCents: report.totals.revenue,
    },
    ...(report.unlisted === undefined
      ? {}
      : {
          unlisted: {
            couriers: {
              orders: report.unlisted.couriers.orders,
              units: report.unlisted.couriers.units,
              revenue: formatCents(report.unlisted.couriers.revenue),
              revenueCents: report.unlisted.couriers.revenue,
            },
            products: {
              units: report.unlisted.products.units,
              revenue: formatCents(report.unlisted.products.revenue),
              revenueCents: report.unlisted.products.revenue,
            },
          },
        }),
  };
}
