/**
 * The catalogue's calls: GET /catalog, GET /catalog/history, PUT /catalog/products/{id} and PUT /catalog/couriers/{id},
 * with the access token. Every answer becomes a value the caller must handle; nothing throws. A refused PUT keeps the
 * problem document's `errors` (`{ path, message }` per field), so the form shows each next to the field it names.
 */
import type { components } from "./api-types.js";

type Schemas = components["schemas"];

/** The catalogue's shapes as the API's OpenAPI document declares them (generated into api-types.ts). */
export type CatalogProduct = Schemas["CatalogueProduct"];
export type CatalogCourier = Schemas["FleetCourier"];
export type Catalog = Schemas["Catalogue"];
/** One recorded change: who, when, and the entry before (null when it was added) and after. */
export type CatalogChange = Schemas["CatalogueChange"];
/** A page of the history, newest first, and the cursor of the next (older) page, null at the oldest. */
export type HistoryPage = Schemas["CatalogueHistory"];

/** What an entry held before or after a change (a courier has no price). */
export interface CatalogEntryState {
  readonly name: string;
  readonly referencePrice?: string;
  readonly active: boolean;
}

/** A product as PUT sends it: the price as decimal text ("2.50"), never a float. */
export interface ProductBody {
  readonly name: string;
  readonly referencePrice: string;
  readonly active: boolean;
}

export interface CourierBody {
  readonly name: string;
  readonly active: boolean;
}

export interface FieldProblem {
  /** The field the API names: `name`, `referencePrice`, `active`, `id`, or `(body)`. */
  readonly path: string;
  readonly message: string;
}

export type CatalogOutcome<T> =
  | { readonly kind: "ok"; readonly value: T }
  | { readonly kind: "unauthenticated" }
  | { readonly kind: "forbidden" }
  | { readonly kind: "invalid"; readonly detail: string; readonly errors: readonly FieldProblem[] }
  | { readonly kind: "failed"; readonly status: number; readonly detail: string }
  | { readonly kind: "unreachable" };

export interface CatalogApi {
  /** "" for the page's own origin. */
  readonly apiBaseUrl: string;
  readonly fetch: typeof fetch;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function isCatalog(value: unknown): value is Catalog {
  return isObject(value) && Array.isArray(value.products) && Array.isArray(value.couriers);
}

function isHistory(value: unknown): value is HistoryPage {
  return (
    isObject(value) &&
    Array.isArray(value.changes) &&
    (value.nextBefore === null || typeof value.nextBefore === "string")
  );
}

function fieldProblems(body: unknown): FieldProblem[] {
  if (!isObject(body) || !Array.isArray(body.errors)) return [];
  return body.errors.flatMap((issue: unknown) =>
    isObject(issue) && typeof issue.path === "string" && typeof issue.message === "string"
      ? [{ path: issue.path, message: issue.message }]
      : [],
  );
}

async function call<T>(
  api: CatalogApi,
  accessToken: string,
  path: string,
  read: (body: unknown) => T | undefined,
  put?: unknown,
): Promise<CatalogOutcome<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}`, accept: "application/json" };
  if (put !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await api.fetch(`${api.apiBaseUrl}${path}`, {
      method: put === undefined ? "GET" : "PUT",
      headers,
      cache: "no-store",
      ...(put === undefined ? {} : { body: JSON.stringify(put) }),
    });
  } catch {
    return { kind: "unreachable" };
  }
  if (response.status === 401) return { kind: "unauthenticated" };
  if (response.status === 403) return { kind: "forbidden" };
  if (response.status === 502 || response.status === 503 || response.status === 504) return { kind: "unreachable" };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const detail = isObject(body) && typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`;
  if (response.status === 400) return { kind: "invalid", detail, errors: fieldProblems(body) };
  if (!response.ok) return { kind: "failed", status: response.status, detail };
  const value = read(body);
  return value === undefined
    ? { kind: "failed", status: response.status, detail: "the answer is not what the API documents" }
    : { kind: "ok", value };
}

export const fetchCatalog = (api: CatalogApi, accessToken: string) =>
  call(api, accessToken, "/catalog", (body) => (isCatalog(body) ? body : undefined));

/** The newest changes, or with `before` (a page's `nextBefore`) the ones older than that page. */
export const fetchCatalogHistory = (api: CatalogApi, accessToken: string, before?: string) =>
  call(
    api,
    accessToken,
    before === undefined ? "/catalog/history" : `/catalog/history?${new URLSearchParams({ before }).toString()}`,
    (body) => (isHistory(body) ? body : undefined),
  );

export const putProduct = (api: CatalogApi, accessToken: string, id: string, product: ProductBody) =>
  call(api, accessToken, `/catalog/products/${encodeURIComponent(id)}`, () => true, product);

export const putCourier = (api: CatalogApi, accessToken: string, id: string, courier: CourierBody) =>
  call(api, accessToken, `/catalog/couriers/${encodeURIComponent(id)}`, () => true, courier);
