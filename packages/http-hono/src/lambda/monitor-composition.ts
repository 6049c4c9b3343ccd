/**
 * The composition of the monitor function (loaded by ./monitor.ts on the first invocation): GET /monitor and GET /monitor/status.
 * Its composition root: the only place that decides which adapters back the use cases.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { GetMonitorReport, type Clock, type MonitorQueries } from "@cargo-express/domain";
import type { Hono } from "hono";
import { Container } from "inversify";
import { createMonitorApp } from "../app.js";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { bindCommon, bindDynamoDbAdapters, type CommonOverrides, type DynamoDbAdapters } from "./bindings.js";
import type { LambdaConfig } from "./config.js";
import { httpApiHandler, type HttpApiHandler } from "./http-api-handler.js";
import { TOKENS } from "./tokens.js";

export interface MonitorOverrides extends CommonOverrides {
  /** Read the projections from here instead of DynamoDB. */
  readonly monitor?: MonitorQueries;
}

export function composeMonitor(config: LambdaConfig, overrides: MonitorOverrides = {}): Container {
  const container = new Container({ defaultScope: "Singleton" });
  bindCommon(container, config, overrides, "cargo-express-monitor");
  if (overrides.monitor) {
    container.bind<MonitorQueries>(TOKENS.MonitorQueries).toConstantValue(overrides.monitor);
  } else {
    bindDynamoDbAdapters(container);
    container
      .bind<MonitorQueries>(TOKENS.MonitorQueries)
      .toResolvedValue((adapters: DynamoDbAdapters) => adapters.monitor, [TOKENS.DynamoDbAdapters]);
  }
  container
    .bind<GetMonitorReport>(TOKENS.GetMonitorReport)
    .toResolvedValue(
      (queries: MonitorQueries, clock: Clock, c: LambdaConfig) =>
        new GetMonitorReport({ queries, clock, timeZone: c.timeZone }),
      [TOKENS.MonitorQueries, TOKENS.Clock, TOKENS.Config],
    );
  container.bind<Hono<AppEnv>>(TOKENS.App).toResolvedValue(
    (getMonitorReport: GetMonitorReport, verifier: AccessTokenVerifier, logger: Logger, c: LambdaConfig) =>
      // No shared answers in Lambda: an instance serves one request at a time, so two supervisors' polls rarely
      // meet within a cache's lifetime there; it would add staleness for almost no saving.
      createMonitorApp({ getMonitorReport, verifier, logger, groups: c.groups, monitorCacheMs: 0 }),
    [TOKENS.GetMonitorReport, TOKENS.Verifier, TOKENS.Logger, TOKENS.Config],
  );
  return container;
}

export async function createMonitorHandler(container: Container): Promise<HttpApiHandler> {
  const app = await container.getAsync<Hono<AppEnv>>(TOKENS.App);
  return httpApiHandler(app, await container.getAsync<Logger>(TOKENS.Logger));
}
