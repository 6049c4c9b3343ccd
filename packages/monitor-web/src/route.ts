/**
 * The page's address after `#`: which page of the app is open, so the back button, a reload and a link all land on
 * the same page: the dashboard, the orders (with their filters, so a figure's link opens the orders behind it), one
 * order (its history, and where a supervisor voids or corrects it) and the catalogue. Another page adds its name to `PAGES`, a case to `parseRoute` and its view, and nothing else changes.
 */
import { isDay } from "./business-days.js";

export type PageName = "dashboard" | "orders" | "order" | "catalog";

/** The orders' filters an address may carry; each absent one is the page's default (today, everyone, everything). */
export interface OrdersQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly courier?: string | undefined;
  readonly product?: string | undefined;
}

/** An entry the catalogue's form opens with: a product or courier the monitor saw outside the catalogue. */
export interface CatalogPrefill {
  readonly kind: "product" | "courier";
  readonly id: string;
  readonly name: string;
}

export type Route =
  | { readonly page: "dashboard" }
  | { readonly page: "orders"; readonly query: OrdersQuery }
  | { readonly page: "order"; readonly id: string }
  | { readonly page: "catalog"; readonly prefill?: CatalogPrefill | undefined };

/** The hash of each page, in Spanish like the page itself (`#/catalogo`). */
const PAGES: Record<PageName, string> = {
  dashboard: "#/",
  orders: "#/pedidos",
  order: "#/pedido",
  catalog: "#/catalogo",
};

/** The orders' filters in the address, in Spanish: `#/pedidos?desde=2026-12-01&hasta=2026-12-06&repartidor=101`. */
const ORDERS_PARAMS = { from: "desde", to: "hasta", courier: "repartidor", product: "producto" } as const;

export const DASHBOARD: Route = { page: "dashboard" };

/** Reads `location.hash`; anything unknown is the dashboard. */
export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.split("?", 2);
  if (path === PAGES.catalog) {
    const params = new URLSearchParams(query);
    for (const kind of ["product", "courier"] as const) {
      const id = params.get(PREFILL_PARAM[kind]);
      if (id !== null && id !== "") return { page: "catalog", prefill: { kind, id, name: params.get("nombre") ?? "" } };
    }
    return { page: "catalog" };
  }
  if (path === PAGES.orders) return { page: "orders", query: ordersQuery(new URLSearchParams(query)) };
  if (path.startsWith(`${PAGES.order}/`)) return orderRoute(path.slice(PAGES.order.length + 1));
  return DASHBOARD;
}

/** `#/pedido/<id>`: one order, its id as the address carries it (percent-encoded); no id is the orders page. */
function orderRoute(encoded: string): Route {
  let id: string;
  try {
    id = decodeURIComponent(encoded).trim();
  } catch {
    // Not percent-encoding: the page says the id as typed is no order id, rather than landing elsewhere silently.
    id = encoded.trim();
  }
  return id === "" ? { page: "orders", query: {} } : { page: "order", id };
}

const PREFILL_PARAM = { product: "producto", courier: "repartidor" } as const;

/** Days that are no date are left out (the page's default instead), as are empty values. */
function ordersQuery(params: URLSearchParams): OrdersQuery {
  const query: Record<string, string> = {};
  for (const [field, name] of Object.entries(ORDERS_PARAMS)) {
    const value = params.get(name)?.trim() ?? "";
    if (value === "" || ((field === "from" || field === "to") && !isDay(value))) continue;
    query[field] = value;
  }
  return query;
}

/** The hash of a route: `#/catalogo?producto=pk0099&nombre=Llavero` opens the form to add that product. */
export function routeHash(route: Route): string {
  if (route.page === "catalog" && route.prefill) {
    const params = new URLSearchParams({
      [PREFILL_PARAM[route.prefill.kind]]: route.prefill.id,
      nombre: route.prefill.name,
    });
    return `${PAGES.catalog}?${params.toString()}`;
  }
  if (route.page === "orders") {
    const params = new URLSearchParams();
    for (const [field, name] of Object.entries(ORDERS_PARAMS)) {
      const value = route.query[field as keyof OrdersQuery];
      if (value) params.set(name, value);
    }
    const query = params.toString();
    return query === "" ? PAGES.orders : `${PAGES.orders}?${query}`;
  }
  if (route.page === "order") return `${PAGES.order}/${encodeURIComponent(route.id)}`;
  return PAGES[route.page];
}
