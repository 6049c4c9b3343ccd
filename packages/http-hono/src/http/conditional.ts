import { createHash } from "node:crypto";

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
