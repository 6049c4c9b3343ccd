/**
 * The catalogue's calls: GET /catalog, GET /catalog/history, PUT /catalog/products/{id} and PUT /catalog/couriers/{id},
 * with the access token, through `apiCall` (every answer a value; a refused PUT keeps each field's problem).
 */
import { type ApiClient, type ApiOutcome, apiCall as call, isObject } from "./api-call.js";
import type { components } from "./api-types.js";

export type { FieldProblem } from "./api-call.js";

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

/** Every answer of the catalogue's calls (see api-call.ts). */
export type CatalogOutcome<T> = ApiOutcome<T>;

export type CatalogApi = ApiClient;

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
  call(api, accessToken, `/catalog/products/${encodeURIComponent(id)}`, () => true, { method: "PUT", body: product });

export const putCourier = (api: CatalogApi, accessToken: string, id: string, courier: CourierBody) =>
  call(api, accessToken, `/catalog/couriers/${encodeURIComponent(id)}`, () => true, { method: "PUT", body: courier });
