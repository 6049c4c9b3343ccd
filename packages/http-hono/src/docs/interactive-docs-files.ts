/**
 * GET /docs, the interactive reference, as files: the page, its start-up script, the files of the npm package
 * swagger-ui-dist it loads from /docs/assets/, and the Content-Security-Policy it needs. The one source for both
 * stacks (see the README, "API documentation"):
 * - the local stack (`createApp`) serves the page and the assets itself (interactive-docs.ts);
 * - the deployed stack: the Lambdas serve the page, and infra-pulumi uploads these assets with the web app's files
 *   to the bucket CloudFront serves /docs/assets/ from, and gives /docs this same policy (infra-pulumi/src/web/distribution.ts).
 *
 * This file imports nothing: infra-pulumi reads it through the package export `@cargo-express/http-hono/docs-files`.
 */

/** Where the page's assets are served from, below the origin. */
export const DOCS_ASSETS_PREFIX = "/docs/assets/";

/**
 * Relative to /docs, so the page works under any path prefix (an API Gateway stage, a proxy). Until Swagger UI
 * replaces it, the page links the raw document (what a visitor sees where the assets are not served: the API's own
 * execute-api address, which routes /docs but not /docs/assets/).
 */
export const INTERACTIVE_DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cargo Express orders API</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
<link rel="icon" href="data:,">
</head>
<body>
<div id="swagger-ui"><p>Loading the interactive reference. The OpenAPI document itself: <a href="openapi.json">openapi.json</a>.</p></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/docs.js"></script>
</body>
</html>
`;

/**
 * Swagger UI pointed at this API's document. No validator badge (it would call validator.swagger.io); the token
 * entered under "Authorize" stays in the page's memory (not persisted to localStorage).
 */
const START_SCRIPT = `"use strict";
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
 * What the page may do: scripts and styles from its own origin (Swagger UI sets inline style attributes), requests
 * to its own origin only (the document, "Try it out" with the bearer token), images from there or data: URIs; no
 * framing, no forms elsewhere. Nothing inline runs: the page's start-up code is /docs/assets/docs.js.
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

/** One file under /docs/assets/: a file of an npm package (a path `require.resolve` takes), or text from here. */
export type DocsAsset =
  | { readonly name: string; readonly contentType: string; readonly npmFile: string }
  | { readonly name: string; readonly contentType: string; readonly text: string };

const JS = "text/javascript; charset=utf-8";

/** Every file under /docs/assets/ (the bundle's first line points to its licence file, served beside it). */
export const DOCS_ASSETS: readonly DocsAsset[] = [
  { name: "swagger-ui.css", contentType: "text/css; charset=utf-8", npmFile: "swagger-ui-dist/swagger-ui.css" },
  { name: "swagger-ui-bundle.js", contentType: JS, npmFile: "swagger-ui-dist/swagger-ui-bundle.js" },
  {
    name: "swagger-ui-bundle.js.LICENSE.txt",
    contentType: "text/plain; charset=utf-8",
    npmFile: "swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt",
  },
  { name: "docs.js", contentType: JS, text: START_SCRIPT },
];
