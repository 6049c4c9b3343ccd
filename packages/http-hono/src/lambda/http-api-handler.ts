import type { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from "aws-lambda";
import type { Hono } from "hono";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import type { AppEnv } from "../app-env.js";
import { PROBLEM_CONTENT_TYPE, problemDocument } from "../http/problem.js";

/** An API Gateway HTTP API (payload format 2.0) Lambda handler. */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: LambdaContext,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * What API Gateway sends, adjusted to what the app routes on: a named stage prefixes rawPath with
 * `/<stage>` (the routes are stage-free), and a GET or HEAD body cannot become a Web Request (the routes
 * ignore it; hono would answer a plain-text 400 instead of a problem document).
 */
function normaliseHttpApiEvent(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  const stage = event.requestContext?.stage;
  let rawPath = event.rawPath;
  if (stage && stage !== "$default" && (rawPath === `/${stage}` || rawPath.startsWith(`/${stage}/`))) {
    rawPath = rawPath.slice(stage.length + 1) || "/";
  }
  const method = event.requestContext?.http?.method?.toUpperCase();
  const dropBody = (method === "GET" || method === "HEAD") && event.body !== undefined;
  if (rawPath === event.rawPath && !dropBody) return event;
  return { ...event, rawPath, ...(dropBody ? { body: undefined, isBase64Encoded: false } : {}) };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** hono would answer a body API Gateway mis-encoded with a plain-text 500; it is the request's fault. */
function badBase64Body(
  event: APIGatewayProxyEventV2,
  context: LambdaContext,
): APIGatewayProxyStructuredResultV2 | undefined {
  if (!event.isBase64Encoded || !event.body || BASE64.test(event.body)) return undefined;
  const document = problemDocument(
    { kind: "malformed-json", detail: "The body is not valid base64" },
    { instance: event.rawPath, requestId: context.awsRequestId },
  );
  return {
    statusCode: document.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(document),
    isBase64Encoded: false,
  };
}

/** The app behind `hono/aws-lambda`, with the invocation's context on every log entry. */
export function httpApiHandler(app: Hono<AppEnv>, logger: Logger): HttpApiHandler {
  const handleEvent = handle(app);
  return async (event, context) => {
    logger.addContext(context);
    const refused = badBase64Body(event, context);
    if (refused) return refused;
    // hono types the event with `body: string | null` and headers that could be lists; for payload 2.0
    // events it reads an absent body the same way and answers single-valued headers.
    const result = await handleEvent(normaliseHttpApiEvent(event) as unknown as LambdaEvent, context);
    return result as APIGatewayProxyStructuredResultV2;
  };
}
