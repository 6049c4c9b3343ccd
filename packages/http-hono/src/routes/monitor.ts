import type { GetMonitorReport } from "@cargo-express/domain";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import { conditionalJson } from "../http/conditional.js";
import { problemFromDomain, problemResponse } from "../http/problem.js";
import { queryOf } from "../http/query.js";
import type { RouteRegistry } from "../http/route-registry.js";
import { presentMonitorReport } from "../presenters/monitor-report.js";

export interface MonitorRoutesDependencies {
  readonly getMonitorReport: GetMonitorReport;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
}

export const NO_ORDERS_REGISTERED = "No orders registered";

/** GET /monitor and the existing client's GET /monitor/status. */
export function monitorRoutes(routes: RouteRegistry, deps: MonitorRoutesDependencies): void {
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");

  // Supervisors' dashboards poll: an unchanged report is a 304 with no body (generatedAt is not a change).
  routes.on("GET", "/monitor", supervisor, async (c) => {
    const report = await deps.getMonitorReport.execute(queryOf(c));
    if (!report.ok) return problemResponse(c, problemFromDomain(report.error));
    return conditionalJson(c, presentMonitorReport(report.value), ["generatedAt"]);
  });

  routes.on("GET", "/monitor/status", supervisor, async (c) => {
    const report = await deps.getMonitorReport.execute(queryOf(c));
    if (!report.ok) return problemResponse(c, problemFromDomain(report.error));
    if (report.value.totals.orders === 0) {
      // The existing client reads `error`; as an RFC 9457 extension member it keeps working.
      return problemResponse(c, { kind: "not-found", detail: NO_ORDERS_REGISTERED, extensions: { error: NO_ORDERS_REGISTERED } });
    }
    return conditionalJson(c, presentMonitorReport(report.value), ["generatedAt"]);
  });
}
