/**
 * The API's route table: every operation's method, path and whether it needs a sign-in, as plain data. The
 * OpenAPI route definitions (routes.ts) take their method, path and operation id from here, and the deployment
 * (infra-pulumi: API Gateway's routes and CloudFront's path patterns) reads this same table through the package
 * export `@cargo-express/http-hono/routes`. This file imports nothing, so a reader of the table loads no Hono, zod
 * or AWS code.
 */

/** One operation of the API. `path` is OpenAPI's form (`/orders/{id}`), which is also API Gateway's. */
export interface RouteEntry {
  readonly operationId: string;
  readonly method: "get" | "post" | "put";
  readonly path: string;
  /** A signed-in route needs a Cognito access token; a public one (health, the API's description) does not. */
  readonly signIn: boolean;
}

/** Keyed by operation id, in the order the OpenAPI document lists them. */
const OPERATIONS = {
  placeOrder: { method: "post", path: "/orders", signIn: true },
  listOrders: { method: "get", path: "/orders", signIn: true },
  getOrder: { method: "get", path: "/orders/{id}", signIn: true },
  voidOrder: { method: "post", path: "/orders/{id}/void", signIn: true },
  correctOrder: { method: "post", path: "/orders/{id}/corrections", signIn: true },
  getMonitorReport: { method: "get", path: "/monitor", signIn: true },
  getDailySeries: { method: "get", path: "/monitor/daily", signIn: true },
  registerDeliveredOrderLegacy: { method: "post", path: "/order/registrar_pedido_entregado", signIn: true },
  getMonitorStatusLegacy: { method: "get", path: "/monitor/status", signIn: true },
  getCatalog: { method: "get", path: "/catalog", signIn: true },
  putCatalogProduct: { method: "put", path: "/catalog/products/{id}", signIn: true },
  putCatalogCourier: { method: "put", path: "/catalog/couriers/{id}", signIn: true },
  getCatalogHistory: { method: "get", path: "/catalog/history", signIn: true },
  requestExport: { method: "post", path: "/exports", signIn: true },
  getExport: { method: "get", path: "/exports/{id}", signIn: true },
  health: { method: "get", path: "/health", signIn: false },
  openApi: { method: "get", path: "/openapi.json", signIn: false },
  docs: { method: "get", path: "/docs", signIn: false },
} as const satisfies Record<string, Omit<RouteEntry, "operationId">>;

export type OperationId = keyof typeof OPERATIONS;

/** Every operation, in the order the OpenAPI document lists them. */
export const ROUTE_TABLE: readonly (RouteEntry & { readonly operationId: OperationId })[] = Object.entries(
  OPERATIONS,
).map(([operationId, entry]) => ({ operationId: operationId as OperationId, ...entry }));

/** One operation's method, path and id, with their literal types: what a route definition spreads into itself. */
export function routeOf<O extends OperationId>(
  operationId: O,
): {
  readonly operationId: O;
  readonly method: (typeof OPERATIONS)[O]["method"];
  readonly path: (typeof OPERATIONS)[O]["path"];
} {
  const { method, path } = OPERATIONS[operationId];
  return { operationId, method, path };
}
