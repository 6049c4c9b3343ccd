/**
 * Business days as the API names them ("2026-12-06", a day in the business time zone) and the arithmetic on them,
 * done on the calendar date alone (UTC noon), so neither the browser's zone nor a change of daylight saving time
 * moves a day.
 */

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day `days` after (or before, when negative) `day`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How many days from `from` to `to`, both counted: 1 for the same day. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS) + 1;
}

/** The business day it is at `now` (ms) in `timeZone`. */
export function dayIn(now: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(now));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * The UTC days around `now` that hold today's business day in any zone (UTC-12 to UTC+14): the day before, the day
 * and the day after. Asking the API for these tells the business zone, hence its today, before anything else is known.
 */
export function daysAroundUtc(now: number): { from: string; to: string } {
  const utc = new Date(now).toISOString().slice(0, 10);
  return { from: addDays(utc, -1), to: addDays(utc, 1) };
}

/** The list of orders covers at most this many days (the API's limit, a 400 beyond). */
export const LEDGER_MAX_DAYS = 31;

/**
 * The days a monitor period covers, as the API reports it (hours in the business zone with their offset; `to` is the
 * start of the day after the last): the days of the orders behind its figures. All time (no `from`) is more than the
 * list can hold at once, so it is its last `LEDGER_MAX_DAYS` days.
 */
export function periodDays(period: { readonly from: string | null; readonly to: string }): {
  from: string;
  to: string;
} {
  const to = addDays(period.to.slice(0, 10), -1);
  const from = period.from === null ? addDays(to, 1 - LEDGER_MAX_DAYS) : period.from.slice(0, 10);
  return { from, to };
}
