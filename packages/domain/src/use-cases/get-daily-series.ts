import * as z from "zod";
import { businessDaySchema, checkDayRange, daysBetween } from "../day-range.js";
import { invalid, type InvalidInput } from "../errors.js";
import type { DailyFigures } from "../ports.js";
import type { Totals } from "../projections.js";
import { err, ok, type Result } from "../result.js";
import { issuesFromZod } from "../validation-issues.js";
import { type QuerySchemaOptions, queryReaders } from "./query-readers.js";

/** Most days one daily series covers: the day items are kept 400 days (their TTL), a year with a margin. */
export const DAILY_SERIES_MAX_DAYS = 400;

type QueryField = "from" | "to";

/**
 * The rules of a daily series' query: `from` (required) and `to` (default `from`), business days, inclusive, at
 * most DAILY_SERIES_MAX_DAYS. `fieldMeta` only annotates (the HTTP contract documents the query string with it).
 */
export function dailySeriesQuerySchema(options: Pick<QuerySchemaOptions<QueryField>, "fieldMeta"> = {}) {
  const { annotate } = queryReaders(options);
  return z
    .object({
      from: annotate(businessDaySchema("from"), "from"),
      to: annotate(businessDaySchema("to").optional(), "to"),
    })
    .strict()
    .superRefine((range, context) => checkDayRange(range, DAILY_SERIES_MAX_DAYS, context));
}

const QuerySchema = dailySeriesQuerySchema();

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export interface GetDailySeriesQuery {
  readonly from: string;
  /** Default `from`. */
  readonly to?: string;
}

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export interface DayFigures extends Totals {
  /** The business day, `2024-09-11`. */
  readonly day: string;
}

export interface DailySeries {
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  /** Every day of the range, oldest first, zeros included. */
  readonly days: DayFigures[];
}

/** Orders, units and money per business day, from the projector's day figures: every day of the range, zeros included. */
export class GetDailySeries {
  constructor(private readonly deps: { readonly daily: DailyFigures; readonly timeZone: string }) {}

  async execute(query: GetDailySeriesQuery): Promise<Result<DailySeries, InvalidInput>> {
    const parsed = QuerySchema.safeParse(query);
    if (!parsed.success) return err(invalid(issuesFromZod(parsed.error)));
    const from = parsed.data.from;
    const to = parsed.data.to ?? from;
    const days = daysBetween(from, to);
    const found = await this.deps.daily.totalsByDay(days);
    return ok({
      timeZone: this.deps.timeZone,
      from,
      to,
      days: days.map((day) => {
        const totals = found.get(day);
        return { day, orders: totals?.orders ?? 0, units: totals?.units ?? 0, revenue: totals?.revenue ?? 0 };
      }),
    });
  }
}
