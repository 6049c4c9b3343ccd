import { type DailySeries, formatCents } from "@cargo-express/domain";
import type { DailySeriesResponse } from "../contract/daily-schemas.js";

export function presentDailySeries(series: DailySeries): DailySeriesResponse {
  return {
    timeZone: series.timeZone,
    from: series.from,
    to: series.to,
    days: series.days.map((d) => ({
      day: d.day,
      orders: d.orders,
      units: d.units,
      revenue: formatCents(d.revenue),
      revenueCents: d.revenue,
    })),
  };
}
