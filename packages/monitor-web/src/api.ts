/**
 * The one call the app makes to its API: GET /monitor, conditional on the last ETag, with the access
 * token. Every answer becomes a value the caller must handle; nothing throws.
 */
import type { components } from "./api-types.js";
import { type MonitorPeriod, monitorPath } from "./period.js";

type Schemas = components["schemas"];

/** The report GET /monitor answers, as the API's OpenAPI document declares it (generated into api-types.ts). */
export type MonitorReport = Schemas["MonitorReport"];
export type ProductFigures = Schemas["ProductStats"];
/** For a period of days, every active courier of the fleet is listed, also with no delivery (`lastDeliveryAt`). */
export type CourierFigures = Schemas["CourierStats"];

export type MonitorOutcome =
  | { readonly kind: "ok"; readonly report: MonitorReport; readonly etag: string | undefined }
  | { readonly kind: "not-modified" }
  | { readonly kind: "unauthenticated" }
  | { readonly kind: "forbidden" }
  | { readonly kind: "failed"; readonly status: number; readonly detail: string }
  | { readonly kind: "unreachable" };

export interface MonitorRequest {
  /** "" for the page's own origin. */
  readonly apiBaseUrl: string;
  readonly period: MonitorPeriod;
  readonly accessToken: string;
  /** The ETag of the report on screen for this period, if any. */
  readonly etag?: string | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** Enough of a shape check that a surprising body becomes an error message, not a broken page. */
function isMonitorReport(value: unknown): value is MonitorReport {
  if (!isObject(value) || !isObject(value.totals) || !isObject(value.hourly)) return false;
  return (
    typeof value.timeZone === "string" &&
    Array.isArray(value.products) &&
    Array.isArray(value.couriers) &&
    Array.isArray(value.hourly.hours) &&
    Array.isArray(value.hourly.couriers) &&
    typeof value.totals.orders === "number" &&
    typeof value.totals.units === "number" &&
    typeof value.totals.revenue === "string"
  );
}

async function problemDetail(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (isObject(body) && typeof body.detail === "string") return body.detail;
  } catch {
    // not a problem document; the status says enough
  }
  return response.statusText || `HTTP ${response.status}`;
}

export async function fetchMonitor(request: MonitorRequest, fetchImpl: typeof fetch = fetch): Promise<MonitorOutcome> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${request.accessToken}`,
    accept: "application/json",
  };
  // With a validator set by hand the browser skips its own cache and hands the 304 to us (Fetch standard).
  if (request.etag) headers["if-none-match"] = request.etag;
  let response: Response;
  try {
    response = await fetchImpl(`${request.apiBaseUrl}${monitorPath(request.period)}`, { headers, cache: "no-store" });
  } catch {
    return { kind: "unreachable" };
  }
  if (response.status === 304) return { kind: "not-modified" };
  if (response.status === 401) return { kind: "unauthenticated" };
  if (response.status === 403) return { kind: "forbidden" };
  // A gateway with nothing behind it (502/503/504) is the API being away, as is a network failure.
  if (response.status === 502 || response.status === 503 || response.status === 504) return { kind: "unreachable" };
  if (!response.ok) return { kind: "failed", status: response.status, detail: await problemDetail(response) };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: "failed", status: response.status, detail: "the answer is not JSON" };
  }
  if (!isMonitorReport(body))
    return { kind: "failed", status: response.status, detail: "the answer is not a monitor report" };
  return { kind: "ok", report: body, etag: response.headers.get("etag") ?? undefined };
}
