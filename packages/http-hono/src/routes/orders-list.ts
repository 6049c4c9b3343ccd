import type { ListOrders } from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import { listOrdersRoute } from "../contract/routes.js";
import { problemFromDomain, problemResponse } from "../http/problem.js";
import { validationProblem } from "../http/validation.js";
import { presentOrdersPage } from "../presenters/orders-page.js";

export interface OrderListRoutesDependencies {
  readonly listOrders: ListOrders;
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
}

/** GET /orders: supervisors only. */
export function orderListRoutes(deps: OrderListRoutesDependencies): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");
  app.openapi({ ...listOrdersRoute, middleware: [supervisor] }, async (c) => {
    const page = await deps.listOrders.execute(c.req.valid("query"));
    if (!page.ok) return problemResponse(c, problemFromDomain(page.error));
    return c.json(presentOrdersPage(page.value), 200, { "cache-control": "private, no-cache" });
  });
  return app;
}
