/**
 * The ledger's calls: GET /orders (a page of the orders delivered on a range of business days, newest first, one
 * courier's or one product's if asked) and GET /monitor/daily (orders, units and money per business day), with the
 * access token, through `apiCall`.
 */
import { type ApiClient, apiCall, isObject } from "./api-call.js";
import type { components } from "./api-types.js";

type Schemas = components["schemas"];

/** The shapes as the API's OpenAPI document declares them (generated into api-types.ts). */
export type Order = Schemas["Order"];
export type OrdersPage = Schemas["OrdersPage"];
export type DailySeries = Schemas["DailySeries"];
export type DailyFigures = DailySeries["days"][number];

/** What the list is filtered by: business days (YYYY-MM-DD, inclusive), and a courier's or a product's id. */
export interface OrderFilters {
  readonly from: string;
  readonly to: string;
  readonly courier?: string | undefined;
  readonly product?: string | undefined;
}

function isOrdersPage(value: unknown): value is OrdersPage {
  return (
    isObject(value) &&
    Array.isArray(value.orders) &&
    (value.nextCursor === null || typeof value.nextCursor === "string") &&
    value.orders.every((order: unknown) => isObject(order) && Array.isArray(order.lines) && isObject(order.courier))
  );
}

function isDailySeries(value: unknown): value is DailySeries {
  return isObject(value) && typeof value.timeZone === "string" && Array.isArray(value.days);
}

/** The query string of a list request: the filters that are set, then the page's cursor. */
export function ordersQuery(filters: OrderFilters, cursor?: string, limit?: number): string {
  const query = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.courier) query.set("courier", filters.courier);
  if (filters.product) query.set("product", filters.product);
  if (limit !== undefined) query.set("limit", String(limit));
  if (cursor !== undefined) query.set("cursor", cursor);
  return query.toString();
}

export const fetchOrders = (api: ApiClient, accessToken: string, filters: OrderFilters, cursor?: string) =>
  apiCall(api, accessToken, `/orders?${ordersQuery(filters, cursor)}`, (body) =>
    isOrdersPage(body) ? body : undefined,
  );

export const fetchDailySeries = (api: ApiClient, accessToken: string, from: string, to: string) =>
  apiCall(api, accessToken, `/monitor/daily?${new URLSearchParams({ from, to }).toString()}`, (body) =>
    isDailySeries(body) ? body : undefined,
  );
