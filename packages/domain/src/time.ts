/**
 * Time in the domain is explicit about its zone. Instants are UTC (`...Z`, microsecond text);
 * calendar hours for the monitor are read in the business time zone (default America/Bogota)
 * and written with their offset, e.g. `2024-09-11T18:00:00-05:00`.
 */
export const DEFAULT_BUSINESS_TIME_ZONE = "America/Bogota";

export interface Instant {
  /** Milliseconds since the Unix epoch (UTC). */
  readonly epochMs: number;
  /** ISO 8601 in UTC with six fractional digits: `2024-09-11T23:27:09.039464Z`. */
  readonly iso: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(epochMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC in minutes at an instant (Bogota: -300). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const wall = wallClockAt(epochMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
}

function isoUtc(epochMs: number, micros: number): string {
  const date = new Date(epochMs);
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(micros, 6)}Z`
  );
}

/** An instant from milliseconds since the epoch. */
export function instantFromEpochMs(epochMs: number): Instant {
  const ms = Math.floor(epochMs);
  return { epochMs: ms, iso: isoUtc(ms, (((ms % 1000) + 1000) % 1000) * 1000) };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type TimestampParseError = "format" | "calendar" | "offset";

/**
 * Reads a delivery timestamp as couriers' clients send it: Python's `str(datetime.now())`
 * (`2024-09-11 18:27:09.039464`, no zone: read in `timeZone`) or ISO 8601 with `Z` or an offset.
 */
export function parseTimestamp(
  text: string,
  timeZone: string,
): { ok: true; instant: Instant } | { ok: false; reason: TimestampParseError } {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return { ok: false, reason: "format" };
  const [, y, mo, d, h, mi, s = "0", fraction = "", zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    year < 1970 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, reason: "calendar" };
  }
  const micros = Number(fraction.padEnd(6, "0"));
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  let offsetMinutes: number;
  if (zone === undefined) {
    // Two passes find the offset in force at that wall-clock time (exact outside DST transitions).
    const first = offsetMinutesAt(wallMs, timeZone);
    offsetMinutes = offsetMinutesAt(wallMs - first * 60_000, timeZone);
  } else if (zone.toUpperCase() === "Z") {
    offsetMinutes = 0;
  } else {
    const digits = zone.replace(":", "");
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 14 || minutes > 59) return { ok: false, reason: "offset" };
    offsetMinutes = (digits.startsWith("-") ? -1 : 1) * (hours * 60 + minutes);
  }
  const epochSecondsMs = wallMs - offsetMinutes * 60_000;
  return {
    ok: true,
    instant: { epochMs: epochSecondsMs + Math.floor(micros / 1000), iso: isoUtc(epochSecondsMs, micros) },
  };
}

/** The start of the business-zone hour containing an instant: `2024-09-11T18:00:00-05:00`. */
export function hourBucket(epochMs: number, timeZone: string): string {
  const wall = wallClockAt(epochMs, timeZone);
  const offset = offsetMinutesAt(epochMs, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:00:00${formatOffset(offset)}`;
}

/** Epoch milliseconds at the start of the hour bucket containing `epochMs`. */
export function hourStartMs(epochMs: number, timeZone: string): number {
  const wall = wallClockAt(epochMs, timeZone);
  return epochMs - (wall.minute * 60_000 + wall.second * 1000 + (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The `count` business-zone hour buckets ending with the one containing `endMs`, oldest first.
 * Hours are stepped in UTC so a DST change never repeats or skips a bucket.
 */
export function hourBucketsEndingAt(endMs: number, count: number, timeZone: string): string[] {
  const last = hourStartMs(endMs, timeZone);
  const buckets: string[] = [];
  for (let i = count - 1; i >= 0; i -= 1) buckets.push(hourBucket(last - i * 3_600_000, timeZone));
  return buckets;
}

/** A period of whole business days: its days, its hour buckets so far, and where it starts and ends. */
export interface BusinessDays {
  /** Business days (`2024-09-11`), oldest first. */
  readonly days: string[];
  /** Every hour bucket of those days from the first day's first hour to the hour containing `endMs`, oldest first. */
  readonly hours: string[];
  /** The first hour bucket of the first day (`2024-09-05T00:00:00-05:00`): the period's inclusive start. */
  readonly from: string;
  /** The first hour bucket of the day after the last (`2024-09-12T00:00:00-05:00`): the period's exclusive end. */
  readonly to: string;
}

/**
 * The `count` business days ending with the day containing `endMs` (today = 1, last 7 days = 7).
 * Hours are stepped in UTC, so a day of 23 or 25 hours (a DST change) has exactly its own buckets.
 */
export function businessDaysEndingAt(endMs: number, count: number, timeZone: string): BusinessDays {
  const HOUR = 3_600_000;
  const current = hourStartMs(endMs, timeZone);
  const dayOf = (ms: number) => hourBucket(ms, timeZone).slice(0, 10);
  const days: string[] = [dayOf(current)];
  const hours: string[] = [];
  for (let ms = current; ; ms -= HOUR) {
    const day = dayOf(ms);
    if (day !== days[0]) {
      if (days.length === count) break;
      days.unshift(day);
    }
    hours.unshift(hourBucket(ms, timeZone));
  }
  let next = current + HOUR;
  while (dayOf(next) === days[days.length - 1]) next += HOUR;
  return { days, hours, from: hours[0]!, to: hourBucket(next, timeZone) };
}

const QUARTER_HOUR_MS = 900_000;
const quarterOffsets = new Map<string, number>();

/**
 * The zone's offset at an instant, computed once per zone and quarter hour: zones change offset only at whole
 * quarter hours of UTC (their offsets are multiples of 15 minutes and their changes fall on whole minutes of local
 * time that are quarter hours), so every instant of a quarter hour has its start's offset. An export writes one
 * instant per order: this saves two Intl formattings per order.
 */
function offsetMinutesCached(epochMs: number, timeZone: string): number {
  const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
  const key = `${timeZone}|${quarter}`;
  let offset = quarterOffsets.get(key);
  if (offset === undefined) {
    if (quarterOffsets.size >= 50_000) quarterOffsets.clear();
    offset = offsetMinutesAt(quarter * QUARTER_HOUR_MS, timeZone);
    quarterOffsets.set(key, offset);
  }
  return offset;
}

/**
 * An instant (UTC ISO text with up to six fractional digits) written as the business zone's wall clock with its
 * offset, keeping the fraction: `2024-09-11T23:27:09.039464Z` -> `2024-09-11T18:27:09.039464-05:00`.
 */
export function zonedIso(isoUtc: string, timeZone: string): string {
  const epochMs = Date.parse(isoUtc);
  if (Number.isNaN(epochMs)) throw new RangeError(`not an instant: ${isoUtc}`);
  const fraction = /\.(\d{1,6})Z$/i.exec(isoUtc)?.[1] ?? "";
  const offset = offsetMinutesCached(epochMs, timeZone);
  // The wall clock is the instant shifted by the offset, read in UTC.
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + offset * 60_000);
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `${fraction === "" ? "" : `.${fraction}`}${formatOffset(offset)}`
  );
}
