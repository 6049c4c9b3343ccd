import type { Logger } from "@aws-lambda-powertools/logger";
import { randomUUID } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { AppEnv } from "../app-env.js";

/** Levels at which an access-log entry (INFO) is written; above them the entry is not even built. */
const INFO_ENABLED: ReadonlySet<string> = new Set(["TRACE", "DEBUG", "INFO"]);

/**
 * Gives each request an id (Lambda's awsRequestId, else API Gateway's, else a fresh one), returns it as
 * X-Request-Id and writes one access-log entry: method, route pattern, status, latency. Deliberately not
 * the raw path, headers, query or body: they can carry tokens and personal data.
 */
export function requestLogging(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const apiRequestId = c.env?.requestContext?.requestId;
    const requestId = c.env?.lambdaContext?.awsRequestId ?? apiRequestId ?? randomUUID();
    c.set("requestId", requestId);
    // Set before the answer exists, so every answer built through the context carries it as it is made: adding a
    // header to a finished answer makes @hono/node-server rebuild it as a Web Response with a stream body.
    c.header("x-request-id", requestId);
    await next();
    if (c.res.headers.get("x-request-id") !== requestId) c.header("x-request-id", requestId);
    if (!INFO_ENABLED.has(logger.getLevelName())) return;
    const route = routePath(c, -1);
    logger.info({
      message: "request",
      requestId,
      ...(apiRequestId === undefined ? {} : { apiRequestId }),
      method: c.req.method,
      route: route === "*" || route === "/*" ? "(no route)" : route,
      status: c.res.status,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
  });
}
