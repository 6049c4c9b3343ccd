import type { Logger } from "@aws-lambda-powertools/logger";
import {
  type CorrectOrder,
  type EditCatalogue,
  type GetCatalogue,
  type GetCatalogueHistory,
  type GetDailySeries,
  type GetExport,
  type GetMonitorReport,
  type GetOrder,
  type ListOrders,
  ORDER_LIMITS,
  type PlaceOrder,
  type RequestExport,
  type VoidOrder,
} from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.js";
import type { AccessTokenVerifier } from "./auth/access-token-verifier.js";
import type { GroupNames } from "./auth/require-group.js";
import { errorHandler, methodNotAllowedProblem, notFoundHandler } from "./http/errors.js";
import { validationProblem } from "./http/validation.js";
import { requestLogging } from "./logging/request-logging.js";
import { type DocsServing, metaRoutes } from "./routes/meta.js";
import { catalogueEditRoutes, catalogueReadRoutes } from "./routes/catalogue.js";
import { monitorRoutes } from "./routes/monitor.js";
import { dailyRoutes } from "./routes/monitor-daily.js";
import { exportRoutes } from "./routes/exports.js";
import { orderRoutes } from "./routes/orders.js";
import { orderListRoutes } from "./routes/orders-list.js";
import { orderChangeRoutes } from "./routes/order-changes.js";

const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDependencies {
  readonly placeOrder: PlaceOrder;
  readonly getOrder: GetOrder;
  readonly voidOrder: VoidOrder;
  readonly correctOrder: CorrectOrder;
  readonly listOrders: ListOrders;
  readonly getMonitorReport: GetMonitorReport;
  readonly getDailySeries: GetDailySeries;
  readonly getCatalogue: GetCatalogue;
  readonly editCatalogue: EditCatalogue;
  readonly getCatalogueHistory: GetCatalogueHistory;
  readonly requestExport: RequestExport;
  readonly getExport: GetExport;
  readonly verifier: AccessTokenVerifier;
  /** Cognito group names that grant each role. */
  readonly groups: GroupNames;
  readonly logger: Logger;
  /** Largest accepted request body. Default 64 KiB. */
  readonly bodyLimitBytes?: number;
  /**
   * How long before its receipt a courier may date a delivery, ms (phones may be offline for days); dispatchers
   * may enter older ones. Default ORDER_LIMITS.maxDeliveryAgeMs (7 days); deployments set MAX_DELIVERY_AGE_DAYS.
   */
  readonly courierMaxDeliveryAgeMs?: number;
  /**
   * How long a built GET /monitor answer is shared by the same query, in milliseconds (default 100; 0: never).
   * The staleness it adds is at most this plus one build; see DEFAULT_MONITOR_CACHE_MS.
   */
  readonly monitorCacheMs?: number;
}

/** What the orders function needs: the writes (orders, catalogue edits), the ledger and its exports; no monitor read model. */
export type OrdersAppDependencies = Omit<
  AppDependencies,
  "getMonitorReport" | "getDailySeries" | "getCatalogue" | "getCatalogueHistory"
>;
/** What the monitor function needs: the reads; no order store, no catalogue edits, no exports. */
export type MonitorAppDependencies = Omit<AppDependencies, OrderWrites | "getOrder" | "listOrders" | "getExport">;

/** The use cases that write the Orders table, the catalogue or an export job. */
type OrderWrites = "placeOrder" | "voidOrder" | "correctOrder" | "editCatalogue" | "requestExport";

type Common = Pick<
  AppDependencies,
  "verifier" | "groups" | "logger" | "bodyLimitBytes" | "monitorCacheMs" | "courierMaxDeliveryAgeMs"
>;

/**
 * One Hono app made of sub-apps (meta, orders, monitor), each registering its operations from the contract's
 * route definitions (`contract/routes.ts`). Each routed path asked with another method answers 405 with an Allow
 * header computed from the app's own route table (Hono's method-not-allowed middleware, see http/errors.ts).
 */
function buildApp(
  common: Common,
  parts: {
    orders?: Pick<AppDependencies, OrderWrites | "getOrder" | "listOrders" | "getExport">;
    monitor?: Pick<AppDependencies, "getMonitorReport" | "getDailySeries" | "getCatalogue" | "getCatalogueHistory">;
    docs: DocsServing;
  },
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  app.use("*", requestLogging(common.logger));
  app.use("*", methodNotAllowedProblem(app));
  app.onError(errorHandler(common.logger));
  app.notFound(notFoundHandler);

  app.route("/", metaRoutes(parts.docs));
  const auth = { verifier: common.verifier, groups: common.groups };
  const bodyLimitBytes = common.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  if (parts.orders) {
    const courierMaxDeliveryAgeMs = common.courierMaxDeliveryAgeMs ?? ORDER_LIMITS.maxDeliveryAgeMs;
    app.route("/", orderRoutes({ ...parts.orders, ...auth, bodyLimitBytes, courierMaxDeliveryAgeMs }));
    app.route("/", orderListRoutes({ listOrders: parts.orders.listOrders, ...auth }));
    app.route("/", orderChangeRoutes({ ...parts.orders, ...auth, bodyLimitBytes }));
    app.route("/", catalogueEditRoutes({ ...parts.orders, ...auth, bodyLimitBytes }));
    app.route("/", exportRoutes({ ...parts.orders, ...auth, bodyLimitBytes }));
  }
  if (parts.monitor)
    app.route(
      "/",
      monitorRoutes({
        ...parts.monitor,
        ...auth,
        ...(common.monitorCacheMs === undefined ? {} : { monitorCacheMs: common.monitorCacheMs }),
      }),
    );
  if (parts.monitor) app.route("/", dailyRoutes({ getDailySeries: parts.monitor.getDailySeries, ...auth }));
  if (parts.monitor) app.route("/", catalogueReadRoutes({ ...parts.monitor, ...auth }));
  return app;
}

/**
 * The whole API: orders, monitor, legacy routes, health and docs (the local stack serves this), with the
 * interactive /docs and its assets (Swagger UI from npm, served by this app).
 */
export function createApp(deps: AppDependencies): OpenAPIHono<AppEnv> {
  return buildApp(deps, { orders: deps, monitor: deps, docs: "page-and-assets" });
}

/**
 * POST /orders, GET /orders, GET /orders/:id, POST /orders/:id/void and /corrections, POST
 * /order/registrar_pedido_entregado, the catalogue's edits, POST /exports and GET /exports/:id, plus health and docs:
 * the orders Lambda.
 * Its /docs is the same page without the assets (CloudFront serves /docs/assets/ from the web app's bucket), so
 * the bundle holds none of Swagger UI's 1.7 MB.
 */
export function createOrdersApp(deps: OrdersAppDependencies): OpenAPIHono<AppEnv> {
  return buildApp(deps, { orders: deps, docs: "page-only" });
}

/** GET /monitor, GET /monitor/daily, GET /monitor/status, plus health and /docs (the page only, as the orders Lambda): the monitor Lambda. */
export function createMonitorApp(deps: MonitorAppDependencies): OpenAPIHono<AppEnv> {
  return buildApp(deps, { monitor: deps, docs: "page-only" });
}
