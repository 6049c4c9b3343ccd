/**
 * The monitor function, composed: which class answers each of its requests, over which store.
 *
 *   GET /monitor, GET /monitor/status   ->  GetMonitorReport (the domain's use case)
 *   GET /monitor/daily                  ->  GetDailySeries
 *   GET /catalog, GET /catalog/history  ->  GetCatalogue, GetCatalogueHistory
 *   GET /health, /openapi.json, /docs   ->  the app itself (routes/meta.ts)
 *
 * The use case reads the MonitorQueries given, else DynamoDB's projection tables; the platform's useCasesModule
 * builds it in this function's container. Lambda reaches this through ./monitor.ts on the first invocation.
 */
import type { CatalogueStore, DailyFigures, MonitorQueries } from "@cargo-express/domain";
import { SERVICES } from "@cargo-express/platform";
import { createMonitorApp } from "../app.js";
import type { LambdaConfig } from "./config.js";
import { type HttpApiHandler, httpApiHandler } from "./http-api-handler.js";
import { type CommonOverrides, httpFunctionContainer, verifierFor } from "./http-function.js";

export interface MonitorOverrides extends CommonOverrides {
  /** Read the projections from here instead of DynamoDB. */
  readonly monitor?: MonitorQueries;
  /** Read the daily figures from here instead of DynamoDB. */
  readonly daily?: DailyFigures;
  /** Read this catalogue instead of DynamoDB's. */
  readonly catalogue?: CatalogueStore;
}

/** The monitor function's handler over `config` (and, in tests, `overrides`). */
export async function composeMonitor(config: LambdaConfig, overrides: MonitorOverrides = {}): Promise<HttpApiHandler> {
  const container = httpFunctionContainer(
    config,
    { serviceName: "cargo-express-monitor", needs: ["monitor", "daily", "catalogue"] },
    overrides,
  );
  const logger = container.get(SERVICES.Logger);
  const app = createMonitorApp({
    getMonitorReport: await container.getAsync(SERVICES.GetMonitorReport),
    getDailySeries: await container.getAsync(SERVICES.GetDailySeries),
    getCatalogue: await container.getAsync(SERVICES.GetCatalogue),
    getCatalogueHistory: await container.getAsync(SERVICES.GetCatalogueHistory),
    verifier: verifierFor(config, overrides),
    logger,
    groups: config.groups,
    // No shared answers in Lambda: an instance serves one request at a time, so two supervisors' polls rarely
    // meet within a cache's lifetime there; it would add staleness for almost no saving.
    monitorCacheMs: 0,
  });
  return httpApiHandler(app, logger);
}
