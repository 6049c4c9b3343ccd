/**
 * How the built app must be served, wherever it is: the local stack (packages/local-stack/src/web-app.ts) and
 * CloudFront (infra-pulumi/src/web/) both read this file, so the two cannot drift. No imports and no DOM, so
 * Node code can read it too.
 */

/** What the app reads from `/config.json` at start: where to sign in, and that the API is at its own origin. */
export interface WebRuntimeConfig {
  readonly region: string;
  /** The user pool's app client (no secret). */
  readonly userPoolClientId: string;
  /** Cognito's endpoint for InitiateAuth (`https://cognito-idp.<region>.amazonaws.com/`, or the local one). */
  readonly cognitoEndpoint: string;
  /** Empty: API paths are relative to the page's origin. */
  readonly apiBase: string;
  /** The live channel: AppSync Events' realtime endpoint (or the local stand-in's), its HTTP host, the channel. */
  readonly live?: { readonly url: string; readonly host: string; readonly channel: string };
}

/**
 * The app's Content-Security-Policy: its own scripts and styles only (no inline script, no eval), data: images
 * for charts, network calls to its origin (the API), to the sign-in endpoint's origin and to the live channel's
 * (a `ws:`/`wss:` origin, or a pattern such as `wss://*.appsync-realtime-api.us-east-1.amazonaws.com`), never framed.
 */
export function contentSecurityPolicy(signInOrigin: string, liveOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src 'self' ${signInOrigin}${liveOrigin ? ` ${liveOrigin}` : ""}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Types for what a Vite build emits. Responses carry `X-Content-Type-Options: nosniff`, so a wrong type is not
 * guessed around by the browser (a script served as `application/octet-stream` would not run): a server must
 * refuse or fail on an extension missing here rather than guess.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
};
