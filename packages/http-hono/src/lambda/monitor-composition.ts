/**
 * The composition of the monitor function (loaded by ./monitor.ts on the first invocation): GET /monitor and GET /monitor/status.
 * Its composition root: the only place that decides which adapters back the use cases. The use cases
 * themselves are built by the platform's useCasesModule, the same for every entry point.
 */
import type { MonitorQueries } from "@cargo-express/domain";
import { SERVICES, useCasesModule } from "@cargo-express/platform";
import { Container, ContainerModule } from "inversify";
import { createMonitorApp } from "../app.js";
import { type CommonOverrides, HTTP_APP, lambdaCommonModule, lambdaPortsModule, verifierFor } from "./bindings.js";
import type { LambdaConfig } from "./config.js";
import { type HttpApiHandler, httpApiHandler } from "./http-api-handler.js";

export interface MonitorOverrides extends CommonOverrides {
  /** Read the projections from here instead of DynamoDB. */
  readonly monitor?: MonitorQueries;
}

export function composeMonitor(config: LambdaConfig, overrides: MonitorOverrides = {}): Container {
  const container = new Container({ defaultScope: "Singleton" });
  container.load(
    lambdaCommonModule(config, overrides, "cargo-express-monitor"),
    lambdaPortsModule(config, overrides.monitor ? { monitor: overrides.monitor } : {}, ["monitor"]),
    useCasesModule,
    new ContainerModule(({ bind }) => {
      bind(HTTP_APP).toResolvedValue(
        (getMonitorReport, logger) =>
          // No shared answers in Lambda: an instance serves one request at a time, so two supervisors' polls rarely
          // meet within a cache's lifetime there; it would add staleness for almost no saving.
          createMonitorApp({
            getMonitorReport,
            verifier: verifierFor(config, overrides),
            logger,
            groups: config.groups,
            monitorCacheMs: 0,
          }),
        [SERVICES.GetMonitorReport, SERVICES.Logger],
      );
    }),
  );
  return container;
}

export async function createMonitorHandler(container: Container): Promise<HttpApiHandler> {
  return httpApiHandler(await container.getAsync(HTTP_APP), await container.getAsync(SERVICES.Logger));
}
