import { DependencyUnavailableError } from "@cargo-express/domain";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { ErrorHandler, Hono, MiddlewareHandler, NotFoundHandler } from "hono";
import { methodNotAllowed } from "hono/method-not-allowed";
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

/**
 * Hono's own method-not-allowed middleware (`hono/method-not-allowed`) answering in our terms: a path the app routes,
 * asked with a method nobody registered for it, gets 405 with an `Allow` header (the methods registered for that
 * path, read from the app's route table; GET brings HEAD) and the RFC 9457 `method-not-allowed` document, instead of
 * the 404 it would otherwise get; an unknown path stays 404. Middleware (method ALL) is not a route. Register it
 * with `app.use` inside the request logging, so the access log records the 405.
 */
export function methodNotAllowedProblem(app: Hono<AppEnv>): MiddlewareHandler<AppEnv> {
  return methodNotAllowed<AppEnv>({
    app,
    onMethodNotAllowed: (c, methods) => {
      const allow = methods.join(", ");
      return problemResponse(c, {
        kind: "method-not-allowed",
        detail: `${c.req.method} is not supported here; use ${allow}`,
        headers: { allow },
      });
    },
  });
}
