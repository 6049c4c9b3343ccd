import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import type { Claims } from "./tokens.js";

const API_ID = "a1b2c3d4e5";
const DOMAIN = `${API_ID}.execute-api.us-east-1.amazonaws.com`;
let counter = 0;

/**
 * An API Gateway HTTP API event, payload format 2.0, as a JWT-authorizer route delivers it: the claims
 * the authorizer saw are in requestContext.authorizer.jwt.claims, stringified the way API Gateway does
 * (`cognito:groups` becomes "[couriers supervisors]"). The function still verifies the token itself.
 */
export function httpApiEvent(options: {
  method: "GET" | "POST" | "PUT" | "HEAD";
  path: string;
  routeKey?: string;
  query?: string;
  token?: string;
  claims?: Claims;
  contentType?: string;
  body?: string | Uint8Array;
  base64?: boolean;
  stage?: string;
  pathParameters?: Record<string, string>;
  /** More request headers (lower-case names, as API Gateway gives them), e.g. `if-match`. */
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  counter += 1;
  const stage = options.stage ?? "$default";
  const rawPath = stage === "$default" ? options.path : `/${stage}${options.path}`;
  const bytes =
    typeof options.body === "string" ? Buffer.from(options.body) : options.body ? Buffer.from(options.body) : undefined;
  const base64 = options.base64 ?? options.body instanceof Uint8Array;
  const claims = Object.fromEntries(
    Object.entries(options.claims ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(" ")}]` : String(value),
    ]),
  );
  const routeKey = options.routeKey ?? `${options.method} ${options.path}`;
  const now = Date.parse("2024-09-11T23:27:10Z") + counter;
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: options.query ?? "",
    headers: {
      accept: "*/*",
      "content-length": String(bytes?.byteLength ?? 0),
      host: DOMAIN,
      "user-agent": "python-requests/2.32.3",
      "x-amzn-trace-id": `Root=1-66e22f2d-${String(counter).padStart(24, "0")}`,
      "x-forwarded-for": "203.0.113.10",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...(options.contentType ? { "content-type": options.contentType } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.query)) } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: API_ID,
      authorizer: { principalId: "", integrationLatency: 0, jwt: { claims, scopes: [] } },
      domainName: DOMAIN,
      domainPrefix: API_ID,
      http: {
        method: options.method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.10",
        userAgent: "python-requests/2.32.3",
      },
      requestId: `ZxYwVuTsRqPoN${counter}=`,
      routeKey,
      stage,
      time: "11/Sep/2024:23:27:10 +0000",
      timeEpoch: now,
    },
    ...(bytes ? { body: base64 ? bytes.toString("base64") : bytes.toString("utf8") } : {}),
    isBase64Encoded: bytes ? base64 : false,
  };
}

/** A Lambda context object as the Node.js runtime passes it. */
export function lambdaContext(functionName: string): Context {
  counter += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: `c6af9ac6-7b61-11e6-9a41-93e8${String(counter).padStart(8, "0")}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2024/09/11/[$LATEST]2e8e3c6f0c7d4a3b9b8e6d5c4b3a2f10",
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
