/**
 * The API's routes as deployed, derived from http-hono's route table (`@cargo-express/http-hono/routes`, the one
 * list of operations): API Gateway's route keys (api.ts) and CloudFront's path patterns towards the API (web/).
 * What only the deployment decides is here, per operation: which function answers it and which limit it gets.
 */
import { type OperationId, ROUTE_TABLE } from "@cargo-express/http-hono/routes";
import type { FunctionKey } from "./bundles.js";

export type ApiFunctionKey = Exclude<FunctionKey, "streamProjector">;

/** The per-route limit classes of api.ts (ROUTE_THROTTLES). */
export type ThrottleClass = "orderIntake" | "orderLookup" | "monitor" | "public";

/**
 * Writes go to the orders function (its role can only put and get orders); every read goes to the monitor function
 * (read-only role). A `Record` over the operation ids: an operation added to the table without a line here fails the
 * typecheck, so no route can reach AWS without a function and a limit.
 */
const DEPLOYMENT: Readonly<Record<OperationId, { readonly target: ApiFunctionKey; readonly throttle: ThrottleClass }>> =
  {
    placeOrder: { target: "ordersApi", throttle: "orderIntake" },
    registerDeliveredOrderLegacy: { target: "ordersApi", throttle: "orderIntake" },
    getOrder: { target: "ordersApi", throttle: "orderLookup" },
    getMonitorReport: { target: "monitorApi", throttle: "monitor" },
    getMonitorStatusLegacy: { target: "monitorApi", throttle: "monitor" },
    health: { target: "monitorApi", throttle: "public" },
    openApi: { target: "monitorApi", throttle: "public" },
    docs: { target: "monitorApi", throttle: "public" },
  };

export interface DeployedRoute {
  readonly operationId: OperationId;
  /** API Gateway's route key: `POST /orders`, `GET /orders/{id}`. */
  readonly routeKey: string;
  readonly path: string;
  readonly target: ApiFunctionKey;
  /** Public routes skip the JWT authorizer; everything else needs a Cognito access token. */
  readonly public: boolean;
  readonly throttle: ThrottleClass;
}

export const API_ROUTES: readonly DeployedRoute[] = ROUTE_TABLE.map((route) => ({
  operationId: route.operationId,
  routeKey: `${route.method.toUpperCase()} ${route.path}`,
  path: route.path,
  public: !route.signIn,
  ...DEPLOYMENT[route.operationId],
}));

/**
 * CloudFront path patterns that send exactly the API's paths to the API: a fixed path as itself, a path with a
 * parameter as its fixed prefix and `*` (`/orders/{id}` -> `/orders/*`). Everything else stays the bucket's, so a
 * file of the app can never be sent to the API by a pattern broader than a route.
 */
export function apiPathPatterns(paths: readonly string[]): string[] {
  const patterns = paths.map((path) => {
    const parameter = path.indexOf("{");
    return parameter === -1 ? path : `${path.slice(0, parameter)}*`;
  });
  return [...new Set(patterns)];
}

export const API_PATH_PATTERNS: readonly string[] = apiPathPatterns(API_ROUTES.map((route) => route.path));
