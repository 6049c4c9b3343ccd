import type { Logger } from "@aws-lambda-powertools/logger";
import type { GetMonitorReport, GetOrder, PlaceOrder } from "@cargo-express/domain";
import { Hono } from "hono";
import type { AppEnv } from "./app-env.js";
import type { AccessTokenVerifier } from "./auth/access-token-verifier.js";
import type { GroupNames } from "./auth/require-group.js";
import { errorHandler, notFoundHandler } from "./http/errors.js";
import { RouteRegistry } from "./http/route-registry.js";
import { requestLogging } from "./logging/request-logging.js";
import { metaRoutes } from "./routes/meta.js";
import { monitorRoutes } from "./routes/monitor.js";
import { orderRoutes } from "./routes/orders.js";

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

export interface AppDependencies {
  readonly placeOrder: PlaceOrder;
  readonly getOrder: GetOrder;
  readonly getMonitorReport: GetMonitorReport;
  readonly verifier: AccessTokenVerifier;
  /** Cognito group names that grant each role. */
  readonly groups: GroupNames;
  readonly logger: Logger;
  /** Largest accepted request body. Default 64 KiB. */
  readonly bodyLimitBytes?: number;
  /**
   * How long a built GET /monitor answer is shared by the same query, in milliseconds (default 100; 0: never).
   * The staleness it adds is at most this plus one build; see DEFAULT_MONITOR_CACHE_MS.
   */
  readonly monitorCacheMs?: number;
}

/** What the orders function needs: no monitor read model. */
export type OrdersAppDependencies = Omit<AppDependencies, "getMonitorReport">;
/** What the monitor function needs: no order store. */
export type MonitorAppDependencies = Omit<AppDependencies, "placeOrder" | "getOrder">;

type Common = Pick<AppDependencies, "verifier" | "groups" | "logger" | "bodyLimitBytes" | "monitorCacheMs">;

function buildApp(
  common: Common,
  parts: {
    orders?: Pick<AppDependencies, "placeOrder" | "getOrder">;
    monitor?: Pick<AppDependencies, "getMonitorReport">;
  },
): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requestLogging(common.logger));
  app.onError(errorHandler(common.logger));
  app.notFound(notFoundHandler);

  const routes = new RouteRegistry(app);
  metaRoutes(routes);
  const auth = { verifier: common.verifier, groups: common.groups };
  if (parts.orders)
    orderRoutes(routes, {
      ...parts.orders,
      ...auth,
      bodyLimitBytes: common.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    });
  if (parts.monitor)
    monitorRoutes(routes, {
      ...parts.monitor,
      ...auth,
      ...(common.monitorCacheMs === undefined ? {} : { monitorCacheMs: common.monitorCacheMs }),
    });
  routes.finish();
  return app;
}

/** The whole API: orders, monitor, legacy routes, health and docs (the local stack serves this). */
export function createApp(deps: AppDependencies): Hono<AppEnv> {
  return buildApp(deps, { orders: deps, monitor: deps });
}

/** POST /orders, GET /orders/:id, POST /order/registrar_pedido_entregado, plus health and docs: the orders Lambda. */
export function createOrdersApp(deps: OrdersAppDependencies): Hono<AppEnv> {
  return buildApp(deps, { orders: deps });
}

/** GET /monitor, GET /monitor/status, plus health and docs: the monitor Lambda. */
export function createMonitorApp(deps: MonitorAppDependencies): Hono<AppEnv> {
  return buildApp(deps, { monitor: deps });
}
