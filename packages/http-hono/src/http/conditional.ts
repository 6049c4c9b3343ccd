import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.js";

/**
 * JSON answers a client may poll cheaply: a weak ETag over the parts of the body that carry meaning
 * (`volatile` names top-level members left out, such as a report's `generatedAt`), and 304 Not Modified
 * with no body when the request's If-None-Match already names it. Bodies are private to the signed-in
 * user and revalidated on every use, so no shared cache (CloudFront, a proxy) keeps them.
 */
export async function conditionalJson<T extends Record<string, unknown>>(
  c: Context<AppEnv>,
  body: T,
  volatile: readonly (keyof T)[] = [],
): Promise<Response> {
  const stable = Object.fromEntries(Object.entries(body).filter(([name]) => !volatile.includes(name)));
  const etag = weakEtagOf(JSON.stringify(stable));
  const headers = { etag, "cache-control": "private, no-cache" };
  if (ifNoneMatchMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
  return c.json(body, 200, headers);
}

/** RFC 9110 weak comparison against an If-None-Match list (`*` matches anything). */
export function ifNoneMatchMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

/** A weak ETag of a text: the first 18 bytes of its SHA-256, base64url. */
export function weakEtagOf(text: string): string {
  return `W/"${createHash("sha256").update(text).digest().subarray(0, 18).toString("base64url")}"`;
}
