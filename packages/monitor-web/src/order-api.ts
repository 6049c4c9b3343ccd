/**
 * One order's calls, for supervisors: GET /orders/{id} (its current revision, status and history, with an ETag naming
 * the revision), POST /orders/{id}/void (a reason) and POST /orders/{id}/corrections (a reason and the order's new
 * content as couriers' clients send it). Both carry `If-Match`: a change made on a revision someone has changed since
 * is refused with a 412 instead of applying to what the supervisor never saw. Through `apiCall`; each answer is the order as it now is.
 */
import { type ApiClient, apiCall, isObject } from "./api-call.js";
import type { components } from "./api-types.js";

type Schemas = components["schemas"];

/** The shapes as the API's OpenAPI document declares them (generated into api-types.ts). */
export type OrderRecord = Schemas["OrderRecord"];
export type OrderHistoryEntry = Schemas["OrderHistoryEntry"];
export type OrderPayload = Schemas["OrderPayload"];

const STATUSES: readonly unknown[] = ["active", "voided"];

function isOrderRecord(value: unknown): value is OrderRecord {
  return (
    isObject(value) &&
    typeof value.id === "string" &&
    STATUSES.includes(value.status) &&
    typeof value.revision === "number" &&
    isObject(value.courier) &&
    Array.isArray(value.lines) &&
    Array.isArray(value.history)
  );
}

const read = (body: unknown) => (isOrderRecord(body) ? body : undefined);
const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;

export const fetchOrder = (api: ApiClient, accessToken: string, id: string) =>
  apiCall(api, accessToken, orderPath(id), read);

/** `etag`: the revision the supervisor was shown, so a void of an order changed since is refused (412), not applied. */
export const voidOrder = (api: ApiClient, accessToken: string, id: string, reason: string, etag: string) =>
  apiCall(api, accessToken, `${orderPath(id)}/void`, read, {
    method: "POST",
    body: { reason },
    headers: { "if-match": etag },
  });

/** `etag`: the revision the supervisor corrected, as GET /orders/{id} named it. */
export const correctOrder = (
  api: ApiClient,
  accessToken: string,
  id: string,
  correction: { readonly reason: string; readonly order: OrderPayload },
  etag: string,
) =>
  apiCall(api, accessToken, `${orderPath(id)}/corrections`, read, {
    method: "POST",
    body: correction,
    headers: { "if-match": etag },
  });
