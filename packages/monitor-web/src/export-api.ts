/**
 * The exports' calls: POST /exports (a range of business days as a CSV or XLSX file, built off the request path) and
 * GET /exports/{id} (its status and, once ready, a short-lived link that downloads it with no bearer token), through
 * `apiCall`.
 */
import { type ApiClient, apiCall, isObject } from "./api-call.js";
import type { components } from "./api-types.js";

type Schemas = components["schemas"];

/** The shapes as the API's OpenAPI document declares them (generated into api-types.ts). */
export type ExportRequest = Schemas["ExportRequest"];
export type ExportFormat = ExportRequest["format"];
type ExportAccepted = Schemas["ExportAccepted"];
export type ExportStatus = Schemas["ExportStatus"];

const STATUSES: readonly string[] = ["pending", "running", "ready", "failed"];

function isAccepted(value: unknown): value is ExportAccepted {
  return isObject(value) && typeof value.id === "string" && STATUSES.includes(String(value.status));
}

function isStatus(value: unknown): value is ExportStatus {
  if (!isAccepted(value)) return false;
  const { url, rows } = value as unknown as Record<string, unknown>;
  return (url === null || typeof url === "string") && (rows === null || typeof rows === "number");
}

export const requestExport = (api: ApiClient, accessToken: string, request: ExportRequest) =>
  apiCall(api, accessToken, "/exports", (body) => (isAccepted(body) ? body : undefined), {
    method: "POST",
    body: request,
  });

export const fetchExport = (api: ApiClient, accessToken: string, id: string) =>
  apiCall(api, accessToken, `/exports/${encodeURIComponent(id)}`, (body) => (isStatus(body) ? body : undefined));
