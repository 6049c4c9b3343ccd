import * as z from "zod";
import { invalid, type InvalidInput } from "../errors.js";
import { issuesFromZod } from "../validation-issues.js";
import type { Clock, MonitorQueries, Unlisted } from "../ports.js";
import type { CatalogueStore } from "../catalogue/catalogue-store.js";
import type { Totals } from "../projections.js";
import { err, ok, type Result } from "../result.js";
import { businessDaysEndingAt, hourBucketsEndingAt, instantFromEpochMs } from "../time.js";
import { namesFrom, type ReportedCourier, type ReportedProduct, withIdleCouriers } from "./monitor-names.js";
import { type QuerySchemaOptions, queryReaders } from "./query-readers.js";

/** The periods the monitor reports on: the business day so far, the last 7 business days (today included), all time. */
export const MONITOR_PERIODS = ["today", "7d", "all"] as const;
/**
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export type MonitorPeriod = (typeof MONITOR_PERIODS)[number];

/** Business days in each period that is made of whole days. */
const PERIOD_DAYS: Readonly<Record<Exclude<MonitorPeriod, "all">, number>> = { today: 1, "7d": 7 };

export const DEFAULT_HOURS = 24;

/**
 * Bounds and defaults of a monitor report's query.
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export const MONITOR_QUERY_LIMITS = {
  top: { min: 1, max: 100, default: 10 },
  hours: { min: 1, max: 168, default: DEFAULT_HOURS },
  couriers: { min: 1, max: 1000, default: 100 },
} as const;

/** What a monitor report is asked for; every field is optional (the defaults are in MONITOR_QUERY_LIMITS). */
export interface GetMonitorReportQuery {
  /** Default `all`. */
  readonly period?: MonitorPeriod;
  /** How many best-selling products, 1-100. Default 10. */
  readonly top?: number;
  /** Hourly window ending with the current hour, 1-168 (only with period `all`). Default 24. */
  readonly hours?: number;
  /** How many couriers, highest money first, 1-1000. Default 100. */
  readonly couriers?: number;
}

type QueryField = "period" | "top" | "hours" | "couriers";

/**
 * The rules of a monitor query. `wholeNumber` says how a number is read (a typed query takes numbers; an adapter
 * reading text, such as a URL's query string, passes a coercing reader); `fieldMeta` only annotates.
 */
export function monitorQuerySchema(options: QuerySchemaOptions<QueryField> = {}) {
  const { number, annotate } = queryReaders(options);
  const boundedInt = (name: "top" | "hours" | "couriers") => {
    const { min, max } = MONITOR_QUERY_LIMITS[name];
    return (number(`${name} must be a whole number`) as unknown as z.ZodNumber)
      .int({ error: `${name} must be a whole number` })
      .min(min, { error: `${name} must be at least ${min}` })
      .max(max, { error: `${name} must be at most ${max}` });
  };
  return z
    .object({
      period: annotate(
        z.enum(MONITOR_PERIODS, { error: `period must be one of ${MONITOR_PERIODS.join(", ")}` }).default("all"),
        "period",
      ),
      top: annotate(boundedInt("top").default(MONITOR_QUERY_LIMITS.top.default), "top"),
      hours: annotate(boundedInt("hours").optional(), "hours"),
      couriers: annotate(boundedInt("couriers").default(MONITOR_QUERY_LIMITS.couriers.default), "couriers"),
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
}

const QuerySchema = monitorQuerySchema();

/**
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export interface HourlyCourierRow {
  readonly courierId: string;
  readonly courierName: string;
  /** Whether the fleet knows the courier (its name is then the fleet's). */
  readonly inCatalog: boolean;
  /** Deliveries in each hour of `hours`, aligned by index. */
  readonly deliveries: number[];
  readonly total: number;
}

/**
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
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
  readonly products: ReportedProduct[];
  /** For a period of days, every active courier of the fleet too, idle ones with zero figures. */
  readonly couriers: ReportedCourier[];
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
    private readonly deps: {
      readonly queries: MonitorQueries;
      /** Names and the fleet, read with every report (one more read): a rename shows on the next report. */
      readonly catalogue: CatalogueStore;
      readonly clock: Clock;
      readonly timeZone: string;
    },
  ) {}

  async execute(query: GetMonitorReportQuery = {}): Promise<Result<MonitorReport, InvalidInput>> {
    const parsed = QuerySchema.safeParse(query);
    if (!parsed.success) return err(invalid(issuesFromZod(parsed.error)));
    const now = this.deps.clock.now();
    const { timeZone } = this.deps;
    const { period } = parsed.data;
    const today = businessDaysEndingAt(now, 1, timeZone);
    const window = period === "all" ? undefined : businessDaysEndingAt(now, PERIOD_DAYS[period], timeZone);
    const hours = window?.hours ?? hourBucketsEndingAt(now, parsed.data.hours ?? DEFAULT_HOURS, timeZone);
    const [data, catalogue] = await Promise.all([
      this.deps.queries.read({
        topProducts: parsed.data.top,
        maxCouriers: parsed.data.couriers,
        hours,
        ...(window === undefined ? {} : { days: window.days }),
      }),
      this.deps.catalogue.read(),
    ]);
    const names = namesFrom(catalogue);
    const lastDeliveries = data.lastDeliveries ?? new Map<string, string>();
    const delivered = data.couriers.map((courier): ReportedCourier => {
      const last = lastDeliveries.get(courier.courierId);
      return {
        ...courier,
        ...names.courier(courier.courierId, courier.courierName),
        ...(last === undefined ? {} : { lastDeliveryAt: last }),
      };
    });
    const couriers =
      window === undefined
        ? delivered
        : withIdleCouriers(delivered, catalogue, lastDeliveries, data.couriers.length < parsed.data.couriers);

    const index = new Map(hours.map((hour, i) => [hour, i]));
    const rows = new Map<string, HourlyCourierRow & { deliveries: number[]; total: number }>();
    for (const bucket of data.hourly) {
      const i = index.get(bucket.hour);
      if (i === undefined || bucket.deliveries === 0) continue;
      let row = rows.get(bucket.courierId);
      if (!row) {
        row = {
          courierId: bucket.courierId,
          ...names.courier(bucket.courierId, bucket.courierName),
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
      products: data.products.map(names.product),
      couriers,
      hourly: {
        hours,
        couriers: [...rows.values()].sort((a, b) => b.total - a.total || (a.courierId < b.courierId ? -1 : 1)),
      },
      totals: data.totals,
      ...(data.unlisted === undefined ? {} : { unlisted: data.unlisted }),
    });
  }
}
