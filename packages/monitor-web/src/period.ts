/**
 * The dashboard's period selector and its mapping onto GET /monitor?period=…; "30 días" is the last 30 business days
 * from GET /monitor/daily instead, day by day.
 */
import type { components, operations } from "./api-types.js";
import { hourLabel } from "./format.js";
import { t, type Language, type MessageKey } from "./i18n.js";

/** The periods GET /monitor accepts (`?period=`), as the API's OpenAPI document declares them. */
export type MonitorPeriod = NonNullable<NonNullable<operations["getMonitorReport"]["parameters"]["query"]>["period"]>;

/** The selector's periods: the monitor's, and the last 30 days day by day. */
export type PeriodName = MonitorPeriod | "30d";

export const PERIODS: readonly PeriodName[] = ["today", "7d", "30d", "all"];

/** How many days "30d" shows. */
export const DAILY_PERIOD_DAYS = 30;

/** All time is what GET /monitor answers without a period, so it is the default. */
export const DEFAULT_PERIOD: PeriodName = "all";

const LABELS: Record<PeriodName, MessageKey> = {
  today: "periodToday",
  "7d": "period7d",
  "30d": "period30d",
  all: "periodAll",
};

function isPeriod(value: unknown): value is PeriodName {
  return typeof value === "string" && (PERIODS as readonly string[]).includes(value);
}

/** A remembered or typed value, falling back to the default for anything unknown. */
export function parsePeriod(value: unknown): PeriodName {
  return isPeriod(value) ? value : DEFAULT_PERIOD;
}

export function periodLabel(period: PeriodName, language: Language): string {
  return t(language, LABELS[period]);
}

/** The monitor's path and query for a period. */
export function monitorPath(period: MonitorPeriod): string {
  return `/monitor?period=${encodeURIComponent(period)}`;
}

/** What the API says the period covers: `from` is null for all time. */
type ReportPeriod = components["schemas"]["MonitorReport"]["period"];

/**
 * One line saying which hours the figures cover, in the business time zone:
 * "29/11 00h – 30/11 00h (America/Bogota)". Before the API reports its period, nothing is claimed.
 */
export function describePeriod(
  period: ReportPeriod | undefined,
  timeZone: string,
  hoursShown: number,
  language: Language,
): string {
  if (!period) return "";
  if (period.from === null) return t(language, "periodAllRange", { hours: hoursShown });
  const from = hourLabel(period.from, language);
  const to = hourLabel(period.to, language);
  return t(language, "periodRange", { from: `${from.day} ${from.hour}h`, to: `${to.day} ${to.hour}h`, zone: timeZone });
}
