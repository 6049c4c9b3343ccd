import type { GetMonitorReport } from "@cargo-express/domain";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import { AnswerCache } from "../http/answer-cache.js";
import { ifNoneMatchMatches, weakEtagOf } from "../http/conditional.js";
import { requestHeader } from "../http/headers.js";
import { problemFromDomain, problemResponse, type Problem } from "../http/problem.js";
import { queryOf } from "../http/query.js";
import type { RouteRegistry } from "../http/route-registry.js";
import { presentMonitorReport } from "../presenters/monitor-report.js";

/**
 * How long a built monitor answer is reused for the same query (default 100 ms): the projections it shows are
 * then at most this much (plus one build) older than when they are read; the answer's `generatedAt` says when it
 * was built. 0 builds every answer afresh.
 */
export const DEFAULT_MONITOR_CACHE_MS = 100;

export interface MonitorRoutesDependencies {
  readonly getMonitorReport: GetMonitorReport;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
  readonly monitorCacheMs?: number;
}

export const NO_ORDERS_REGISTERED = "No orders registered";

/** A report as sent: its JSON text, its weak ETag (content without generatedAt), whether it counts any order. */
type BuiltReport =
  | { readonly ok: true; readonly json: string; readonly etag: string; readonly empty: boolean }
  | { readonly ok: false; readonly problem: Problem };

const CACHE_CONTROL = "private, no-cache";

/** GET /monitor and the existing client's GET /monitor/status. */
export function monitorRoutes(routes: RouteRegistry, deps: MonitorRoutesDependencies): void {
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");
  // Every supervisor sees the same report for the same query, so answers are shared between them (only after
  // each request passed the supervisors' check above).
  const cache = new AnswerCache<BuiltReport>(deps.monitorCacheMs ?? DEFAULT_MONITOR_CACHE_MS);

  const build = async (query: Record<string, string | string[]>): Promise<BuiltReport> => {
    const report = await deps.getMonitorReport.execute(query);
    if (!report.ok) return { ok: false, problem: problemFromDomain(report.error) };
    const body = presentMonitorReport(report.value);
    const { generatedAt: _volatile, ...stable } = body;
    return {
      ok: true,
      json: JSON.stringify(body),
      etag: weakEtagOf(JSON.stringify(stable)),
      empty: report.value.totals.orders === 0,
    };
  };
  const reportFor = (c: Context<AppEnv>) => {
    const query = queryOf(c);
    return cache.get(JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), () =>
      build(query),
    );
  };
  // Supervisors' dashboards poll: an unchanged report is a 304 with no body (generatedAt is not a change).
  const answer = (c: Context<AppEnv>, built: BuiltReport & { ok: true }) => {
    const headers = { etag: built.etag, "cache-control": CACHE_CONTROL };
    if (ifNoneMatchMatches(requestHeader(c, "if-none-match"), built.etag)) return c.body(null, 304, headers);
    return c.body(built.json, 200, { ...headers, "content-type": "application/json" });
  };

  routes.on("GET", "/monitor", supervisor, async (c) => {
    const built = await reportFor(c);
    return built.ok ? answer(c, built) : problemResponse(c, built.problem);
  });

  routes.on("GET", "/monitor/status", supervisor, async (c) => {
    const built = await reportFor(c);
    if (!built.ok) return problemResponse(c, built.problem);
    if (built.empty) {
      // The existing client reads `error`; as an RFC 9457 extension member it keeps working.
      return problemResponse(c, {
        kind: "not-found",
        detail: NO_ORDERS_REGISTERED,
        extensions: { error: NO_ORDERS_REGISTERED },
      });
    }
    return answer(c, built);
  });
}
