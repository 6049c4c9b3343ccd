import * as z from "zod";
import { invalid, type InvalidInput } from "../errors.js";
import { issuesFromZod } from "../order-payload.js";
import type { Clock, MonitorQueries } from "../ports.js";
import type { CourierStats, ProductStats, Totals } from "../projections.js";
import { err, ok, type Result } from "../result.js";
import { hourBucketsEndingAt, instantFromEpochMs } from "../time.js";

const boundedInt = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` })
    .default(fallback);

/** Query parameters of the monitor report (strings from a URL are coerced). */
export const MonitorQuerySchema = z
  .object({
    top: boundedInt("top", 1, 100, 10).meta({ description: "How many best-selling products (1-100, default 10)" }),
    hours: boundedInt("hours", 1, 168, 24).meta({ description: "Hourly window ending with the current hour (1-168, default 24)" }),
    couriers: boundedInt("couriers", 1, 1000, 100).meta({ description: "How many couriers, highest money first (1-1000, default 100)" }),
  })
  .strict();

export type MonitorQueryInput = z.input<typeof MonitorQuerySchema>;

export interface HourlyCourierRow {
  readonly courierId: string;
  readonly courierName: string;
  /** Deliveries in each hour of `hours`, aligned by index. */
  readonly deliveries: number[];
  readonly total: number;
}

export interface MonitorReport {
  readonly generatedAt: string;
  readonly timeZone: string;
  readonly products: ProductStats[];
  readonly couriers: CourierStats[];
  readonly hourly: {
    /** Business-zone hour starts, oldest first, e.g. `2024-09-11T18:00:00-05:00`. */
    readonly hours: string[];
    readonly couriers: HourlyCourierRow[];
  };
  readonly totals: Totals;
}

export class GetMonitorReport {
  constructor(private readonly deps: { readonly queries: MonitorQueries; readonly clock: Clock; readonly timeZone: string }) {}

  async execute(input: Record<string, unknown> = {}): Promise<Result<MonitorReport, InvalidInput>> {
    const parsed = MonitorQuerySchema.safeParse(input);
    if (!parsed.success) return err(invalid(issuesFromZod(parsed.error)));
    const now = this.deps.clock.now();
    const hours = hourBucketsEndingAt(now, parsed.data.hours, this.deps.timeZone);
    const data = await this.deps.queries.read({ topProducts: parsed.data.top, maxCouriers: parsed.data.couriers, hours });

    const index = new Map(hours.map((hour, i) => [hour, i]));
    const rows = new Map<string, { courierId: string; courierName: string; deliveries: number[]; total: number }>();
    for (const bucket of data.hourly) {
      const i = index.get(bucket.hour);
      if (i === undefined || bucket.deliveries === 0) continue;
      let row = rows.get(bucket.courierId);
      if (!row) {
        row = { courierId: bucket.courierId, courierName: bucket.courierName, deliveries: hours.map(() => 0), total: 0 };
        rows.set(bucket.courierId, row);
      }
      row.deliveries[i] = (row.deliveries[i] ?? 0) + bucket.deliveries;
      row.total += bucket.deliveries;
    }
    return ok({
      generatedAt: instantFromEpochMs(now).iso,
      timeZone: this.deps.timeZone,
      products: data.products,
      couriers: data.couriers,
      hourly: {
        hours,
        couriers: [...rows.values()].sort((a, b) => b.total - a.total || (a.courierId < b.courierId ? -1 : 1)),
      },
      totals: data.totals,
    });
  }
}
