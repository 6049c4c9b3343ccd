import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.js";
import { DOCS_ASSETS, DOCS_ASSETS_PREFIX, type DocsAsset } from "./interactive-docs-files.js";

/**
 * The interactive GET /docs's assets (interactive-docs-files.ts) served by this app: what the local stack does. The
 * swagger-ui-dist files are read from node_modules when first asked for (1.7 MB of JavaScript), so only a process
 * that serves them reads them; the Lambdas serve the page alone (the deployed stack's CloudFront serves the assets
 * from the web app's bucket), and their bundles never contain these files (see the README, "API documentation").
 */
export function interactiveDocsAssets() {
  const require = createRequire(import.meta.url);
  const byName = new Map<string, DocsAsset>(DOCS_ASSETS.map((asset) => [asset.name, asset]));
  const loaded = new Map<string, string>();
  const load = (name: string): string | undefined => {
    const asset = byName.get(name);
    if (asset === undefined) return undefined;
    let body = loaded.get(name);
    if (body === undefined) {
      body = "text" in asset ? asset.text : readFileSync(require.resolve(asset.npmFile), "utf8");
      loaded.set(name, body);
    }
    return body;
  };
  return createMiddleware<AppEnv>(async (c, next) => {
    const name = c.req.path.slice(DOCS_ASSETS_PREFIX.length);
    const body = c.req.method === "GET" || c.req.method === "HEAD" ? load(name) : undefined;
    if (body === undefined) return next();
    return c.body(body, 200, {
      "content-type": byName.get(name)!.contentType,
      "cache-control": "public, max-age=3600",
      "x-content-type-options": "nosniff",
    });
  });
}
