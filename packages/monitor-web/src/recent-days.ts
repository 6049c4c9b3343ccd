/**
 * The last days up to the business day it is now, from GET /monitor/daily, before the page knows the business zone:
 * it asks for every UTC day that can hold them (one more on each side) and keeps the ones up to the business zone's
 * today, which the answer's zone tells.
 */
import type { ApiClient, ApiOutcome } from "./api-call.js";
import { addDays, dayIn, daysAroundUtc } from "./business-days.js";
import { type DailySeries, fetchDailySeries } from "./ledger-api.js";

export async function fetchRecentDays(
  api: ApiClient,
  accessToken: string,
  now: number,
  count: number,
): Promise<ApiOutcome<DailySeries>> {
  const around = daysAroundUtc(now);
  const outcome = await fetchDailySeries(api, accessToken, addDays(around.from, 1 - count), around.to);
  if (outcome.kind !== "ok") return outcome;
  const today = dayIn(now, outcome.value.timeZone);
  const from = addDays(today, 1 - count);
  const days = outcome.value.days.filter((day) => day.day >= from && day.day <= today);
  return { kind: "ok", value: { ...outcome.value, from, to: today, days } };
}
