import type { GetDailySeries } from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import { dailySeriesRoute } from "../contract/routes.js";
import { problemFromDomain, problemResponse } from "../http/problem.js";
import { validationProblem } from "../http/validation.js";
import { presentDailySeries } from "../presenters/daily-series.js";

export interface DailyRoutesDependencies {
  readonly getDailySeries: GetDailySeries;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
}

/** GET /monitor/daily: supervisors only. */
export function dailyRoutes(deps: DailyRoutesDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");
  app.openapi({ ...dailySeriesRoute, middleware: [supervisor] }, async (c) => {
    const series = await deps.getDailySeries.execute(c.req.valid("query"));
    if (!series.ok) return problemResponse(c, problemFromDomain(series.error));
    return c.json(presentDailySeries(series.value), 200, { "cache-control": "private, no-cache" });
  });
  return app;
}
