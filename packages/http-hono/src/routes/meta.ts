import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import { docsRoute, healthRoute, openApiRoute } from "../contract/routes.js";
import { docsPage } from "../docs/docs-page.js";
import {
  DOCS_ASSETS_PREFIX,
  INTERACTIVE_DOCS_CSP,
  interactiveDocsAssets,
  interactiveDocsPage,
} from "../docs/interactive-docs.js";
import { openApiDocument } from "../openapi/document.js";

/**
 * Which GET /docs: `interactive` (Swagger UI from npm assets this app serves, with try-it-out) or `self-contained`
 * (one small HTML page with its renderer inline: what the Lambdas serve, see the README).
 */
export type DocsKind = "interactive" | "self-contained";

/** GET /health, GET /openapi.json and GET /docs: no sign-in needed. */
export function metaRoutes(docs: DocsKind): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(openApiRoute, (c) => c.json(openApiDocument(), 200));
  if (docs === "interactive") {
    app.use(`${DOCS_ASSETS_PREFIX}*`, interactiveDocsAssets());
    app.openapi(docsRoute, (c) =>
      c.html(interactiveDocsPage(), 200, { "content-security-policy": INTERACTIVE_DOCS_CSP }),
    );
  } else {
    app.openapi(docsRoute, (c) => c.html(docsPage(), 200));
  }
  return app;
}
