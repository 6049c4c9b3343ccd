import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.js";
import { docsRoute, healthRoute, openApiRoute } from "../contract/routes.js";
import { interactiveDocsAssets } from "../docs/interactive-docs.js";
import { DOCS_ASSETS_PREFIX, INTERACTIVE_DOCS_CSP, INTERACTIVE_DOCS_PAGE } from "../docs/interactive-docs-files.js";
import { openApiDocument } from "../openapi/document.js";

/**
 * Who serves the interactive GET /docs's assets (/docs/assets/...): `page-and-assets`, this app (the local stack);
 * `page-only`, someone else (the Lambdas: CloudFront serves the assets from the web app's bucket, see the README).
 */
export type DocsServing = "page-and-assets" | "page-only";

/** GET /health, GET /openapi.json and GET /docs (Swagger UI over the document): no sign-in needed. */
export function metaRoutes(docs: DocsServing): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(openApiRoute, (c) => c.json(openApiDocument(), 200));
  if (docs === "page-and-assets") app.use(`${DOCS_ASSETS_PREFIX}*`, interactiveDocsAssets());
  app.openapi(docsRoute, (c) =>
    c.html(INTERACTIVE_DOCS_PAGE, 200, { "content-security-policy": INTERACTIVE_DOCS_CSP }),
  );
  return app;
}
