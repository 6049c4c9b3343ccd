import type { EditCatalogue, GetCatalogue, GetCatalogueHistory } from "@cargo-express/domain";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { requireGroup, type GroupNames } from "../auth/require-group.js";
import {
  getCatalogHistoryRoute,
  getCatalogRoute,
  putCatalogCourierRoute,
  putCatalogProductRoute,
} from "../contract/routes.js";
import { readJsonBody, type JsonPath } from "../http/json-body.js";
import { problemFromDomain, problemResponse } from "../http/problem.js";
import { validationProblem } from "../http/validation.js";
import { presentCatalogue, presentCourier, presentHistory, presentProduct } from "../presenters/catalogue.js";

interface Auth {
  readonly verifier: AccessTokenVerifier;
  readonly groups: GroupNames;
}

/** GET /catalog (every role) and GET /catalog/history (supervisors): reads, served by the monitor function. */
export function catalogueReadRoutes(
  deps: Auth & { readonly getCatalogue: GetCatalogue; readonly getCatalogueHistory: GetCatalogueHistory },
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  const anyRole = requireGroup(deps.verifier, deps.groups, "couriers", "dispatchers", "supervisors");
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");

  app.openapi({ ...getCatalogRoute, middleware: [anyRole] }, async (c) =>
    c.json(presentCatalogue(await deps.getCatalogue.execute()), 200),
  );

  app.openapi({ ...getCatalogHistoryRoute, middleware: [supervisor] }, async (c) => {
    const { limit, ...rest } = c.req.query();
    // A whole number's digits are read as one; anything else reaches the rules as sent, which name it.
    const query = {
      ...rest,
      ...(limit === undefined ? {} : { limit: /^\d{1,4}$/.test(limit) ? Number(limit) : limit }),
    };
    const page = await deps.getCatalogueHistory.execute(query as Parameters<GetCatalogueHistory["execute"]>[0]);
    return page.ok ? c.json(presentHistory(page.value), 200) : problemResponse(c, problemFromDomain(page.error));
  });
  return app;
}

/** The reference price is judged on the exact text sent, as an order's price is. */
const isReferencePricePath = (path: JsonPath): boolean => path.length === 1 && path[0] === "referencePrice";

/** Who the history names: the user's name, else the token's subject. */
const authorOf = (c: Context<AppEnv>): string => {
  const identity = c.get("identity");
  return identity.username ?? identity.subject;
};

/** PUT /catalog/products/{id} and PUT /catalog/couriers/{id} (supervisors): writes, served by the orders function. */
export function catalogueEditRoutes(
  deps: Auth & { readonly editCatalogue: EditCatalogue; readonly bodyLimitBytes: number },
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationProblem });
  const supervisor = requireGroup(deps.verifier, deps.groups, "supervisors");
  const body = (c: Context<AppEnv>) =>
    readJsonBody(c.req.raw, deps.bodyLimitBytes, { exactNumberAt: isReferencePricePath, incoming: c.env?.incoming });

  app.openapi({ ...putCatalogProductRoute, middleware: [supervisor] }, async (c) => {
    const read = await body(c);
    if (!read.ok) return problemResponse(c, read.error);
    const edited = await deps.editCatalogue.putProduct(c.req.valid("param").id, read.value, authorOf(c));
    if (!edited.ok) return problemResponse(c, problemFromDomain(edited.error));
    return c.json(presentProduct(edited.value.entry), edited.value.outcome === "created" ? 201 : 200);
  });

  app.openapi({ ...putCatalogCourierRoute, middleware: [supervisor] }, async (c) => {
    const read = await body(c);
    if (!read.ok) return problemResponse(c, read.error);
    // A courier's name is personal data: error logs leave it out.
    const name = (read.value as { name?: unknown } | null)?.name;
    if (typeof name === "string") c.set("personalData", [name, name.normalize("NFC")]);
    const edited = await deps.editCatalogue.putCourier(c.req.valid("param").id, read.value, authorOf(c));
    if (!edited.ok) return problemResponse(c, problemFromDomain(edited.error));
    return c.json(presentCourier(edited.value.entry), edited.value.outcome === "created" ? 201 : 200);
  });
  return app;
}
