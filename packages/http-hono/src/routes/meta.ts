import type { RouteRegistry } from "../http/route-registry.js";
import { docsPage } from "../openapi/docs-page.js";
import { openApiDocument } from "../openapi/document.js";

/** GET /health, GET /openapi.json and GET /docs: no sign-in needed. */
export function metaRoutes(routes: RouteRegistry): void {
  routes.on("GET", "/health", (c) => c.json({ status: "ok" as const }, 200));
  routes.on("GET", "/openapi.json", (c) => c.json(openApiDocument(), 200));
  routes.on("GET", "/docs", (c) => c.html(docsPage(), 200));
}
