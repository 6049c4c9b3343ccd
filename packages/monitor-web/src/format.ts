/**
 * Number and money formatting for the dashboard. Money arrives from the API as exact decimal strings
 * ("18.50"); it is formatted by rearranging its digits, never through a float, so what the page shows is
 * exactly what the API counted.
 */
import type { Language } from "./i18n.js";

interface Separators {
  readonly group: string;
  readonly decimal: string;
  readonly currencyPrefix: string;
}

/** es-CO writes 1.234.567,50 and "$ 1.234,50"; the English page writes 1,234,567.50 and "$1,234.50". */
const SEPARATORS: Record<Language, Separators> = {
  es: { group: ".", decimal: ",", currencyPrefix: "$\u00a0" },
  en: { group: ",", decimal: ".", currencyPrefix: "$" },
};

function groupDigits(digits: string, separator: string): string {
  const firstGroup = digits.length % 3 || 3;
  const groups = [digits.slice(0, firstGroup)];
  for (let i = firstGroup; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.join(separator);
}

/** A whole count (orders, units, deliveries): 12345 -> "12.345" (es) or "12,345" (en). */
export function formatCount(value: number, language: Language): string {
  if (!Number.isSafeInteger(value)) return String(value);
  const sign = value < 0 ? "-" : "";
  return sign + groupDigits(String(Math.abs(value)), SEPARATORS[language].group);
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * An exact decimal amount from the API: "1234567.5" -> "$ 1.234.567,50" (es) or "$1,234,567.50" (en).
 * Text that is not a decimal is shown as it came rather than guessed at.
 */
export function formatMoney(decimal: string, language: Language): string {
  const match = DECIMAL.exec(decimal.trim());
  if (!match) return decimal;
  const [, sign = "", whole = "0", fraction = ""] = match;
  const s = SEPARATORS[language];
  const digits = whole.replace(/^0+(?=\d)/, "");
  return `${sign}${s.currencyPrefix}${groupDigits(digits, s.group)}${s.decimal}${fraction.padEnd(2, "0")}`;
}

/** Integer cents as the API's decimal text: 1050 -> "10.50" (for chart axes, which work in cents). */
export function centsToDecimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) return String(cents);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * An hour bucket as the API writes it, in the business time zone with its offset
 * ("2026-11-29T14:00:00-05:00"), read by position so the browser's own time zone never shifts it.
 */
export interface HourLabel {
  /** "29/11" (es) or "11/29" (en). */
  readonly day: string;
  /** "2026-11-29", to group columns by day. */
  readonly date: string;
  /** "14". */
  readonly hour: string;
}

const HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):/;

export function hourLabel(hour: string, language: Language): HourLabel {
  const match = HOUR.exec(hour);
  if (!match) return { day: "", date: "", hour: hour };
  const [, year = "", month = "", day = "", hh = ""] = match;
  return { day: language === "es" ? `${day}/${month}` : `${month}/${day}`, date: `${year}-${month}-${day}`, hour: hh };
}

/** Whole seconds between two instants (ms), never negative. */
export function secondsBetween(earlier: number, later: number): number {
  return Math.max(0, Math.floor((later - earlier) / 1000));
}

/**
 * An instant from the API ("2026-12-06T14:32:05Z", or with an offset) as a day and time in `timeZone`, the zone the
 * page names beside it: "06/12/2026 09:32" (es) or "12/06/2026 09:32" (en). Text that is no instant is shown as it came.
 */
export function formatInstant(instant: string, timeZone: string, language: Language): string {
  const part = zonedParts(instant, timeZone);
  if (!part) return instant;
  const day = language === "es" ? `${part.day}/${part.month}` : `${part.month}/${part.day}`;
  return `${day}/${part.year} ${part.hour}:${part.minute}`;
}

/** An instant's calendar and wall-clock fields in `timeZone`, two digits each (four for the year); undefined for no instant. */
export function zonedParts(
  instant: string,
  timeZone: string,
): Record<"year" | "month" | "day" | "hour" | "minute" | "second", string> | undefined {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    hour: part("hour"),
    minute: part("minute"),
    second: part("second"),
  };
}

/** Integer cents as money: 1050 -> "$ 10,50" (es) or "$10.50" (en), by digits, never through a float. */
export function formatCents(cents: number, language: Language): string {
  return formatMoney(centsToDecimal(cents), language);
}

/**
 * A business day as the API names it ("2026-12-06"): "06/12/2026" (es) or "12/06/2026" (en); `short` leaves out the
 * year ("06/12"). Read by position, so no time zone can move it.
 */
export function formatDay(day: string, language: Language, short = false): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const [, year = "", month = "", dd = ""] = match;
  const dayMonth = language === "es" ? `${dd}/${month}` : `${month}/${dd}`;
  return short ? dayMonth : `${dayMonth}/${year}`;
}
