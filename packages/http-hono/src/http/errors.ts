import { DependencyUnavailableError } from "@cargo-express/domain";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Context, ErrorHandler, Hono, NotFoundHandler } from "hono";
import type { AppEnv } from "../app-env.js";
import { problemResponse } from "./problem.js";

/** By class, or by name when the error crossed a module boundary that duplicated the class. */
export function isDependencyUnavailable(error: unknown): error is DependencyUnavailableError {
  return (
    error instanceof DependencyUnavailableError ||
    (error instanceof Error && error.name === "DependencyUnavailableError")
  );
}

/**
 * Removes the request's personal text (courier and product names, as sent and JSON-escaped) from a log text: an
 * error's message may quote what it failed on (an SDK echoing an item, an adapter naming an order).
 */
function redact(text: string, personal: readonly string[]): string {
  let out = text;
  for (const value of personal) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) out = out.split(form).join("[redacted]");
  }
  return out;
}

/** What is safe to log about an error: its class, message and stack, never the request that caused it. */
const describe = (error: unknown, personal: readonly string[] = []) =>
  error instanceof Error
    ? {
        name: error.name,
        message: redact(error.message, personal),
        ...(error.stack === undefined ? {} : { stack: redact(error.stack, personal) }),
      }
    : { name: typeof error, message: redact(String(error), personal) };

/**
 * The last line of defence: a store that is down becomes 503 with Retry-After; anything else is a 500 that
 * tells the client nothing about internals. After a timeout a write may have landed (DynamoDB committed, the
 * answer was lost), so the 503 does not claim nothing changed: it says repeating the request is safe, which
 * holds because orders are idempotent by content (a stored order sent again is answered 200, counted once).
 */
export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const requestId = c.get("requestId");
    // Longest first, so a name containing another is removed whole.
    const personal = [...(c.get("personalData") ?? [])].sort((a, b) => b.length - a.length);
    if (isDependencyUnavailable(error)) {
      const retryAfter = Math.max(1, Math.ceil(Number.isFinite(error.retryAfterSeconds) ? error.retryAfterSeconds : 1));
      logger.warn({
        message: "dependency unavailable",
        requestId,
        error: describe(error, personal),
        ...(error.cause === undefined ? {} : { cause: describe(error.cause, personal) }),
      });
      return problemResponse(c, {
        kind: "dependency-unavailable",
        detail:
          "A service this API depends on is unavailable or did not answer in time, so a write may or may not have happened. " +
          "Sending the same request again is safe (an order already stored is answered 200 and counted once). Retry later.",
        headers: { "retry-after": String(retryAfter) },
      });
    }
    logger.error({ message: "unexpected error", requestId, error: describe(error, personal) });
    return problemResponse(c, {
      kind: "internal",
      detail: `Something went wrong on our side. Request id: ${requestId}`,
    });
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, { kind: "not-found", detail: `There is no resource at ${c.req.path}` });

/** For a known path asked with a method it does not support. HEAD comes with GET. */
function methodNotAllowed(methods: readonly string[]) {
  const allow = [...new Set(methods.flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method])))].join(", ");
  return (c: Context<AppEnv>) =>
    problemResponse(c, {
      kind: "method-not-allowed",
      detail: `${c.req.method} is not supported here; use ${allow}`,
      headers: { allow },
    });
}

/**
 * Call once, after every route: each path the app routes answers 405, with an Allow header listing the methods
 * registered for it (read from the app's own route table), to the methods nobody registered. Middleware (method
 * ALL) is not a route.
 */
export function answerMethodNotAllowed(app: Hono<AppEnv>): void {
  const methods = new Map<string, string[]>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    methods.set(route.path, [...(methods.get(route.path) ?? []), route.method]);
  }
  for (const [path, allowed] of methods) app.all(path, methodNotAllowed(allowed));
}
