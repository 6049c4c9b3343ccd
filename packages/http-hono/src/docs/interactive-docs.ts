import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.js";

/**
 * GET /docs as an interactive reference: Swagger UI (the npm package swagger-ui-dist, served by this app from
 * /docs/assets/, never from a CDN) over ./openapi.json, with "Authorize" for a Cognito access token (the document's
 * bearer scheme) and "Try it out" against this same API. The page holds no inline script (its start-up code is
 * /docs/assets/docs.js), so its Content-Security-Policy allows scripts from this origin only.
 *
 * The assets are read from node_modules when first asked for (1.7 MB of JavaScript): the local stack serves them;
 * the Lambda bundles never contain them (see the README, "API documentation").
 */
export const DOCS_ASSETS_PREFIX = "/docs/assets/";

/** Relative to /docs, so the page works under any path prefix (an API Gateway stage, a proxy). */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cargo Express orders API</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
<link rel="icon" href="data:,">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/docs.js"></script>
</body>
</html>
`;

/**
 * Swagger UI pointed at this API's document. No validator badge (it would call validator.swagger.io); the token
 * entered under "Authorize" stays in the page's memory (not persisted to localStorage).
 */
const START = `"use strict";
window.ui = SwaggerUIBundle({
  url: new URL("openapi.json", document.baseURI).href,
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
  persistAuthorization: false,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
`;

/**
 * What the page may do: scripts and styles from this origin (Swagger UI sets inline style attributes), requests to
 * this origin only (the document, "Try it out"), images from here or data: URIs; no framing, no forms elsewhere.
 */
export const INTERACTIVE_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

/** The files under /docs/assets/: from swagger-ui-dist, or the start-up script above. */
const ASSETS: Readonly<Record<string, { readonly type: string; readonly npmFile?: string; readonly text?: string }>> = {
  "swagger-ui.css": { type: CSS, npmFile: "swagger-ui-dist/swagger-ui.css" },
  "swagger-ui-bundle.js": { type: JS, npmFile: "swagger-ui-dist/swagger-ui-bundle.js" },
  "docs.js": { type: JS, text: START },
};

export const interactiveDocsPage = (): string => PAGE;

/** Serves GET and HEAD of /docs/assets/<file>; anything else under the prefix falls through (404, 405). */
export function interactiveDocsAssets() {
  const require = createRequire(import.meta.url);
  const loaded = new Map<string, string>();
  const load = (name: string): string | undefined => {
    const asset = ASSETS[name];
    if (asset === undefined) return undefined;
    let body = loaded.get(name);
    if (body === undefined) {
      body = asset.text ?? readFileSync(require.resolve(asset.npmFile!), "utf8");
      loaded.set(name, body);
    }
    return body;
  };
  return createMiddleware<AppEnv>(async (c, next) => {
    const name = c.req.path.slice(DOCS_ASSETS_PREFIX.length);
    const body = c.req.method === "GET" || c.req.method === "HEAD" ? load(name) : undefined;
    if (body === undefined) return next();
    return c.body(body, 200, {
      "content-type": ASSETS[name]!.type,
      "cache-control": "public, max-age=3600",
      "x-content-type-options": "nosniff",
    });
  });
}
