/**
 * The page's address after `#`: which page of the app is open, so the back button, a reload and a link all land on
 * the same page. Two pages today, the dashboard and the catalogue; another (a ledger of orders) adds its name to
 * `PAGES`, a case to `parseRoute` and its view, and nothing else changes.
 */

export type PageName = "dashboard" | "catalog";

/** An entry the catalogue's form opens with: a product or courier the monitor saw outside the catalogue. */
export interface CatalogPrefill {
  readonly kind: "product" | "courier";
  readonly id: string;
  readonly name: string;
}

export type Route =
  | { readonly page: "dashboard" }
  | { readonly page: "catalog"; readonly prefill?: CatalogPrefill | undefined };

/** The hash of each page, in Spanish like the page itself (`#/catalogo`). */
const PAGES: Record<PageName, string> = { dashboard: "#/", catalog: "#/catalogo" };

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
  return DASHBOARD;
}

const PREFILL_PARAM = { product: "producto", courier: "repartidor" } as const;

/** The hash of a route: `#/catalogo?producto=pk0099&nombre=Llavero` opens the form to add that product. */
export function routeHash(route: Route): string {
  if (route.page === "catalog" && route.prefill) {
    const params = new URLSearchParams({
      [PREFILL_PARAM[route.prefill.kind]]: route.prefill.id,
      nombre: route.prefill.name,
    });
    return `${PAGES.catalog}?${params.toString()}`;
  }
  return PAGES[route.page];
}
