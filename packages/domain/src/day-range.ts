import * as z from "zod";

/**
 * Ranges of business days (`2024-09-11`, read in the business time zone), as the ledger, the daily series and
 * the exports take them: `from` and `to` inclusive, `to` defaulting to `from`. A day is a calendar date whatever
 * the zone, so the days of a range are counted in UTC; only the instants they start and end at need the zone.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether `text` is a real calendar date written `YYYY-MM-DD` (no 2024-02-30), from 1970 on. */
export function isCalendarDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const [, y, m, d] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  return Number(y) >= 1970 && new Date(ms).toISOString().slice(0, 10) === text;
}

/** Days from `from` to `to` inclusive, oldest first (both valid calendar days, `from` <= `to`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(from); ms <= Date.parse(to); ms += DAY_MS)
    days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/** How many days `from`..`to` holds, inclusive (0 when `to` is before `from`). */
export const dayCount = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1);

/** The day after `day` (`2024-09-30` -> `2024-10-01`). */
export const nextDay = (day: string): string => new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10);

/** A query field holding a business day, refused with a message naming it when it is not a real date. */
export const businessDaySchema = (field: string) =>
  z
    .string({ error: `${field} must be a date written YYYY-MM-DD` })
    .refine(isCalendarDay, { error: `${field} must be a real date written YYYY-MM-DD` });

/**
 * Checks a parsed range: `to` not before `from`, at most `maxDays` days. Issues name `to`, the field to change.
 * Used in a schema's `superRefine`.
 */
export function checkDayRange(
  range: { readonly from: string; readonly to?: string | undefined },
  maxDays: number,
  context: z.RefinementCtx,
): void {
  if (range.to === undefined || !isCalendarDay(range.from) || !isCalendarDay(range.to)) return;
  if (range.to < range.from) {
    context.addIssue({ code: "custom", path: ["to"], message: "to must not be before from" });
    return;
  }
  const count = dayCount(range.from, range.to);
  if (count > maxDays)
    context.addIssue({
      code: "custom",
      path: ["to"],
      message: `the range may hold at most ${maxDays} days; from ${range.from} to ${range.to} is ${count}`,
    });
}
