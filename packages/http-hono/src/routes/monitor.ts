import type { GetMonitorReport, GetMonitorReportQuery } from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import { AnswerCache } from "../http/answer-cache.js";
import { ifNoneMatchMatches, weakEtagOf } from "../http/conditional.js";
import { requestHeader } from "../http/headers.js";
import { legacyMonitorRoute, monitorRoute } from "../contract/routes.js";
import { problemFromDomain, problemResponse, type Problem } from "../http/problem.js";
import { validationProblem } from "../http/validation.js";
import { presentMonitorReport } from "../presenters/monitor-report.js";

/**
 * How long a built monitor answer is reused for the same query (default 100 ms): the projections it shows are
 * then at most this much (plus one build) older than when they are read; the answer's `generatedAt` says when it
 * was built. 0 builds every answer afresh.
 */
const DEFAULT_MONITOR_CACHE_MS = 100;

export interface MonitorRoutesDependencies {
  readonly getMonitorReport: GetMonitorReport;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
  readonly monitorCacheMs?: number;
}

const NO_ORDERS_REGISTERED = "No orders registered";

/** A report as sent: its JSON text, its weak ETag (content without generatedAt), whether it counts any order. */
type BuiltReport =
  | { readonly ok: true; readonly json: string; readonly etag: string; readonly empty: boolean }
  | { readonly ok: false; readonly problem: Problem };

const CACHE_CONTROL = "private, no-cache";

/** GET /monitor and the existing client's GET /monitor/status. */
export function monitorRoutes(deps: MonitorRoutesDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");
  // Every supervisor sees the same report for the same query, so answers are shared between them (only after
  // each request passed the supervisors' check above).
  const cache = new AnswerCache<BuiltReport>(deps.monitorCacheMs ?? DEFAULT_MONITOR_CACHE_MS);

  const build = async (query: GetMonitorReportQuery): Promise<BuiltReport> => {
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
  // Keyed by the query as validated (defaults filled in), so `top=5` and `top=05` share one answer.
  const reportFor = (query: GetMonitorReportQuery) =>
    cache.get(JSON.stringify([query.period, query.top, query.hours, query.couriers]), () => build(query));
  // Supervisors' dashboards poll: an unchanged report is a 304 with no body (generatedAt is not a change).
  const answer = (c: Context<AppEnv>, built: BuiltReport & { ok: true }) => {
    const headers = { etag: built.etag, "cache-control": CACHE_CONTROL };
    if (ifNoneMatchMatches(requestHeader(c, "if-none-match"), built.etag)) return c.body(null, 304, headers);
    return c.body(built.json, 200, { ...headers, "content-type": "application/json" });
  };

  app.openapi({ ...monitorRoute, middleware: [supervisor] }, async (c) => {
    const built = await reportFor(c.req.valid("query"));
    return built.ok ? answer(c, built) : problemResponse(c, built.problem);
  });

  app.openapi({ ...legacyMonitorRoute, middleware: [supervisor] }, async (c) => {
    const built = await reportFor(c.req.valid("query"));
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
  return app;
}
