import * as z from "zod";
import { invalid, type InvalidInput } from "../errors.js";
import { issuesFromZod } from "../order-payload.js";
import type { Clock, MonitorQueries, Unlisted } from "../ports.js";
import type { CourierStats, ProductStats, Totals } from "../projections.js";
import { err, ok, type Result } from "../result.js";
import { businessDaysEndingAt, hourBucketsEndingAt, instantFromEpochMs } from "../time.js";

const boundedInt = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` });

/** The periods the monitor reports on: the business day so far, the last 7 business days (today included), all time. */
export const MONITOR_PERIODS = ["today", "7d", "all"] as const;
export type MonitorPeriod = (typeof MONITOR_PERIODS)[number];

/** Business days in each period that is made of whole days. */
const PERIOD_DAYS: Readonly<Record<Exclude<MonitorPeriod, "all">, number>> = { today: 1, "7d": 7 };

export const DEFAULT_HOURS = 24;

/** Query parameters of the monitor report (strings from a URL are coerced). */
export const MonitorQuerySchema = z
  .object({
    period: z
      .enum(MONITOR_PERIODS, { error: `period must be one of ${MONITOR_PERIODS.join(", ")}` })
      .default("all")
      .meta({
        description:
          "What products, couriers and totals cover: `today` (the business day so far), `7d` (the last 7 business days, today included) or `all` (default). " +
          "With `today` and `7d` the hourly deliveries cover the period's hours up to now.",
      }),
    top: boundedInt("top", 1, 100)
      .default(10)
      .meta({ description: "How many best-selling products (1-100, default 10)" }),
    hours: boundedInt("hours", 1, 168)
      .optional()
      .meta({
        description: `Hourly window ending with the current hour (1-168, default ${DEFAULT_HOURS}); only with period=all`,
      }),
    couriers: boundedInt("couriers", 1, 1000)
      .default(100)
      .meta({ description: "How many couriers, highest money first (1-1000, default 100)" }),
  })
  .strict()
  .superRefine((query, context) => {
    if (query.period !== "all" && query.hours !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["hours"],
        message: `hours applies only to period=all; period=${query.period} covers its own hours`,
      });
    }
  });

export type MonitorQueryInput = z.input<typeof MonitorQuerySchema>;

export interface HourlyCourierRow {
  readonly courierId: string;
  readonly courierName: string;
  /** Deliveries in each hour of `hours`, aligned by index. */
  readonly deliveries: number[];
  readonly total: number;
}

export interface MonitorReportPeriod {
  readonly name: MonitorPeriod;
  /** Inclusive start, a business-zone hour label (`2024-09-05T00:00:00-05:00`); null for all time. */
  readonly from: string | null;
  /** Exclusive end: the start of the day after the period (`2024-09-12T00:00:00-05:00`). */
  readonly to: string;
}

export interface MonitorReport {
  readonly generatedAt: string;
  readonly timeZone: string;
  readonly period: MonitorReportPeriod;
  readonly products: ProductStats[];
  readonly couriers: CourierStats[];
  readonly hourly: {
    /** Business-zone hour starts, oldest first, e.g. `2024-09-11T18:00:00-05:00`. */
    readonly hours: string[];
    readonly couriers: HourlyCourierRow[];
  };
  readonly totals: Totals;
  /** Figures in `totals` no listed courier or product carries (see `MonitorData.unlisted`); absent normally. */
  readonly unlisted?: Unlisted;
}

export class GetMonitorReport {
  constructor(
    private readonly deps: { readonly queries: MonitorQueries; readonly clock: Clock; readonly timeZone: string },
  ) {}

  async execute(input: Record<string, unknown> = {}): Promise<Result<MonitorReport, InvalidInput>> {
    const parsed = MonitorQuerySchema.safeParse(input);
    if (!parsed.success) return err(invalid(issuesFromZod(parsed.error)));
    const now = this.deps.clock.now();
    const { timeZone } = this.deps;
    const { period } = parsed.data;
    const today = businessDaysEndingAt(now, 1, timeZone);
    const window = period === "all" ? undefined : businessDaysEndingAt(now, PERIOD_DAYS[period], timeZone);
    const hours = window?.hours ?? hourBucketsEndingAt(now, parsed.data.hours ?? DEFAULT_HOURS, timeZone);
    const data = await this.deps.queries.read({
      topProducts: parsed.data.top,
      maxCouriers: parsed.data.couriers,
      hours,
      ...(window === undefined ? {} : { days: window.days }),
    });

    const index = new Map(hours.map((hour, i) => [hour, i]));
    const rows = new Map<string, { courierId: string; courierName: string; deliveries: number[]; total: number }>();
    for (const bucket of data.hourly) {
      const i = index.get(bucket.hour);
      if (i === undefined || bucket.deliveries === 0) continue;
      let row = rows.get(bucket.courierId);
      if (!row) {
        row = {
          courierId: bucket.courierId,
          courierName: bucket.courierName,
          deliveries: hours.map(() => 0),
          total: 0,
        };
        rows.set(bucket.courierId, row);
      }
      row.deliveries[i] = (row.deliveries[i] ?? 0) + bucket.deliveries;
      row.total += bucket.deliveries;
    }
    return ok({
      generatedAt: instantFromEpochMs(now).iso,
      timeZone,
      period: { name: period, from: window?.from ?? null, to: today.to },
      products: data.products,
      couriers: data.couriers,
      hourly: {
        hours,
        couriers: [...rows.values()].sort((a, b) => b.total - a.total || (a.courierId < b.courierId ? -1 : 1)),
      },
      totals: data.totals,
      ...(data.unlisted === undefined ? {} : { unlisted: data.unlisted }),
    });
  }
}
