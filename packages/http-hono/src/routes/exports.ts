import type { GetExport, RequestExport } from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import { getExportRoute, requestExportRoute } from "../contract/routes.js";
import { readJsonBody } from "../http/json-body.js";
import { problemFromDomain, problemResponse } from "../http/problem.js";
import { validationProblem } from "../http/validation.js";
import { presentExportAccepted, presentExportStatus } from "../presenters/export.js";

export interface ExportRoutesDependencies {
  readonly requestExport: RequestExport;
  readonly getExport: GetExport;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
  readonly bodyLimitBytes: number;
}

/**
 * POST /exports and GET /exports/{id}: supervisors only. A job belongs to the supervisor who asked (the token's
 * subject): another supervisor's GET is a 404, as for an id that does not exist.
 */
export function exportRoutes(deps: ExportRoutesDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");

  app.openapi({ ...requestExportRoute, middleware: [supervisor] }, async (c) => {
    const read = await readJsonBody(c.req.raw, deps.bodyLimitBytes, { incoming: c.env?.incoming });
    if (!read.ok) return problemResponse(c, read.error);
    const job = await deps.requestExport.execute(read.value, c.get("identity").subject);
    if (!job.ok) return problemResponse(c, problemFromDomain(job.error));
    return c.json(presentExportAccepted(job.value), 202, {
      location: `/exports/${job.value.id}`,
      "cache-control": "no-store",
    });
  });

  app.openapi({ ...getExportRoute, middleware: [supervisor] }, async (c) => {
    const view = await deps.getExport.execute(c.req.valid("param").id, c.get("identity").subject);
    if (!view.ok) return problemResponse(c, problemFromDomain(view.error));
    // The answer may carry a signed link: never stored by any cache.
    return c.json(presentExportStatus(view.value), 200, { "cache-control": "no-store" });
  });
  return app;
}
