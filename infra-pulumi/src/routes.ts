/**
 * The API's routes as deployed, derived from http-hono's route table (`@cargo-express/http-hono/routes`, the one
 * list of operations): API Gateway's route keys (api.ts) and CloudFront's path patterns towards the API (web/).
 * What only the deployment decides is here, per operation: which function answers it and which limit it gets.
 */
import { type OperationId, ROUTE_TABLE } from "@cargo-express/http-hono/routes";
import type { FunctionKey } from "./bundles.js";

export type ApiFunctionKey = Exclude<FunctionKey, "streamProjector" | "exportBuilder">;

/** The per-route limit classes of api.ts (ROUTE_THROTTLES). */
type ThrottleClass = "orderIntake" | "orderLookup" | "monitor" | "public";

/**
 * A user pool whose tokens a signed-in route takes:
 * - couriers: the couriers' pool (phones, dispatchers' back-office systems, the previous system's client);
 * - staff: the staff pool (supervisors at the web app, TOTP required).
 */
export type SignInPool = "couriers" | "staff";

/**
 * Whose tokens a signed-in route takes. One pool: API Gateway's JWT authorizer of that pool refuses every other
 * token before the function runs. `either`: clients of both pools call the route (the monitor, read by supervisors
 * at the web app and by back-office systems in the couriers' pool); an HTTP API's JWT authorizer checks one issuer
 * and a route has one authorizer, so the gateway authorizes nothing there and the function verifies the token
 * against both pools (aws-jwt-verify: signature, issuer, app client, expiry, token use) and the group, as it does on
 * every signed-in route. The CloudFront web ACL and the route's throttle apply the same with or without an
 * authorizer.
 */
type RouteSignIn = SignInPool | "either";

/**
 * Writes go to the orders function (its role can only put and get orders); every read goes to the monitor function
 * (read-only role). A `Record` over the operation ids: an operation added to the table without a line here fails the
 * typecheck, so no route can reach AWS without a function and a limit.
 */
const DEPLOYMENT: Readonly<
  Record<
    OperationId,
    { readonly target: ApiFunctionKey; readonly throttle: ThrottleClass; readonly pool: RouteSignIn | undefined }
  >
> = {
  placeOrder: { target: "ordersApi", throttle: "orderIntake", pool: "couriers" },
  registerDeliveredOrderLegacy: { target: "ordersApi", throttle: "orderIntake", pool: "couriers" },
  // Supervisors' reads at the web app.
  getOrder: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  listOrders: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  // Supervisors' voids and corrections at the web app: writes of the Orders table, so the orders function's (the
  // monitor function's role reads projections only); the supervisors' lookup limit, as the catalogue's edits.
  voidOrder: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  correctOrder: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  // Both monitor routes: supervisors (staff pool) and back-office systems in the supervisors group of the couriers'
  // pool (the previous system's client reads GET /monitor/status; dispatchers' integrations read either).
  getMonitorReport: { target: "monitorApi", throttle: "monitor", pool: "either" },
  getMonitorStatusLegacy: { target: "monitorApi", throttle: "monitor", pool: "either" },
  // The web app's daily chart: supervisors only.
  getDailySeries: { target: "monitorApi", throttle: "monitor", pool: "staff" },
  // The catalogue. Its list: every role of either pool (phones may show it); edits and history: supervisors at the
  // web app. Reads with the monitor's, edits with the orders' writes.
  getCatalog: { target: "monitorApi", throttle: "monitor", pool: "either" },
  putCatalogProduct: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  putCatalogCourier: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  getCatalogHistory: { target: "monitorApi", throttle: "orderLookup", pool: "staff" },
  // Exports: supervisors at the web app; the orders function creates the job and starts the export function.
  requestExport: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  getExport: { target: "ordersApi", throttle: "orderLookup", pool: "staff" },
  health: { target: "monitorApi", throttle: "public", pool: undefined },
  openApi: { target: "monitorApi", throttle: "public", pool: undefined },
  docs: { target: "monitorApi", throttle: "public", pool: undefined },
};

export interface DeployedRoute {
  readonly operationId: OperationId;
  /** API Gateway's route key: `POST /orders`, `GET /orders/{id}`. */
  readonly routeKey: string;
  readonly path: string;
  readonly target: ApiFunctionKey;
  /** Public routes need no token; everything else needs a Cognito access token of `pool` (or of either pool). */
  readonly public: boolean;
  readonly pool: RouteSignIn | undefined;
  /**
   * The pool whose JWT authorizer API Gateway runs on the route; undefined: none (public routes, and `either`
   * routes, whose function verifies the token against both pools).
   */
  readonly gatewayAuthorizer: SignInPool | undefined;
  readonly throttle: ThrottleClass;
}

/** The table's routes with their deployment; a signed-in route without a pool, or a public one with one, stops here. */
export function deployedRoutes(table: typeof ROUTE_TABLE): DeployedRoute[] {
  return table.map((route) => {
    const deployment = DEPLOYMENT[route.operationId];
    if (route.signIn !== (deployment.pool !== undefined))
      throw new Error(`${route.operationId}: a route needs a sign-in pool exactly when it needs a sign-in`);
    return {
      operationId: route.operationId,
      routeKey: `${route.method.toUpperCase()} ${route.path}`,
      path: route.path,
      public: !route.signIn,
      ...deployment,
      gatewayAuthorizer: deployment.pool === "either" ? undefined : deployment.pool,
    };
  });
}

export const API_ROUTES: readonly DeployedRoute[] = deployedRoutes(ROUTE_TABLE);

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
