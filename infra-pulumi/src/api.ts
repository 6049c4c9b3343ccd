/**
 * The HTTP API: one route per operation of http-hono's route table (routes.ts), a Cognito JWT authorizer on every route that is not public, stage
 * throttling and JSON access logs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { API_ROUTES, type ApiFunctionKey, type SignInPool, type ThrottleClass } from "./routes.js";

/**
 * Per-route limits (requests per second steady, and burst), under the stage-wide `apiThrottleRateLimit`, so that no
 * one kind of traffic can use up the whole API. Sized from docs/growth.md: at 12 times today's volume the busiest
 * hour brings 0.2 orders a second (0.33 if that hour held 25 % of the day) and 24 supervisors refreshing every 4 s
 * make 6 monitor requests a second.
 * - orderIntake, 10/s (burst 20) per route: 30 times the x12 busiest hour, 5 times the x120 load the growth
 *   simulation ran; a phone retrying in a loop, or a leaked token, cannot take the monitor's share.
 * - monitor, 30/s (burst 60) per route: 5 times the x12 supervisors (about 120 supervisors refreshing every 4 s).
 * - orderLookup, 5/s (burst 10): a supervisor opening single orders.
 * - public (health, OpenAPI, docs; no sign-in), 5/s (burst 10): probes and people reading the docs; an anonymous
 *   flood is refused here without reaching the signed-in routes' share.
 */
const ROUTE_THROTTLES = {
  orderIntake: { rateLimit: 10, burstLimit: 20 },
  orderLookup: { rateLimit: 5, burstLimit: 10 },
  monitor: { rateLimit: 30, burstLimit: 60 },
  public: { rateLimit: 5, burstLimit: 10 },
} as const satisfies Record<ThrottleClass, { rateLimit: number; burstLimit: number }>;

/**
 * One JSON object per request. No IP address, user agent or token claims: the access log must not become a
 * store of personal data; the request id links it to the function's own logs.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integration.latency",
  integrationStatus: "$context.integration.status",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
});

/** `GET /orders/{id}` -> `route-get-orders-id`: stable logical names that survive any URN parser. */
function routeResourceName(routeKey: string): string {
  return `route-${routeKey
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
}

/** One user pool as a JWT authorizer sees it: its tokens' issuer and its app client (the audience). */
interface TokenIssuer {
  readonly issuer: pulumi.Input<string>;
  readonly audience: pulumi.Input<string>;
}

export interface ApiOptions {
  readonly stage: string;
  /** Per user pool: the couriers' (phones, dispatchers) and the staff's (supervisors). */
  readonly issuers: Readonly<Record<SignInPool, TokenIssuer>>;
  readonly functions: Readonly<Record<ApiFunctionKey, aws.lambda.Function>>;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetentionDays: number;
}

export interface Api {
  readonly api: aws.apigatewayv2.Api;
  /** The JWT authorizers, one per user pool (an HTTP API's JWT authorizer checks one issuer). */
  readonly authorizers: Readonly<Record<SignInPool, aws.apigatewayv2.Authorizer>>;
  readonly integrations: Readonly<Record<ApiFunctionKey, aws.apigatewayv2.Integration>>;
  readonly routes: readonly aws.apigatewayv2.Route[];
  readonly stage: aws.apigatewayv2.Stage;
  readonly accessLogs: aws.cloudwatch.LogGroup;
  readonly permissions: readonly aws.lambda.Permission[];
  /** Base URL without a trailing slash: clients append `/orders`, `/monitor`, ... */
  readonly url: pulumi.Output<string>;
}

export function createApi(options: ApiOptions, opts: pulumi.CustomResourceOptions): Api {
  const api = new aws.apigatewayv2.Api(
    "http-api",
    { name: `cargo-express-${options.stage}`, protocolType: "HTTP", description: "Cargo Express orders and monitor" },
    opts,
  );

  const authorizerFor = (resourceName: string, name: string, pool: TokenIssuer) =>
    new aws.apigatewayv2.Authorizer(
      resourceName,
      {
        apiId: api.id,
        name,
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        // Cognito access tokens carry the app client in `client_id` (they have no `aud`); API Gateway checks
        // `client_id` against the audiences when `aud` is absent.
        jwtConfiguration: { issuer: pool.issuer, audiences: [pool.audience] },
      },
      opts,
    );
  const authorizers = {
    couriers: authorizerFor("cognito-jwt", "cognito", options.issuers.couriers),
    staff: authorizerFor("cognito-staff-jwt", "cognito-staff", options.issuers.staff),
  };

  const integrationFor = (key: ApiFunctionKey): aws.apigatewayv2.Integration =>
    new aws.apigatewayv2.Integration(
      `${key}-integration`,
      {
        apiId: api.id,
        integrationType: "AWS_PROXY",
        integrationUri: options.functions[key].invokeArn,
        // The Hono Lambda adapter and its tests use the 2.0 event format.
        payloadFormatVersion: "2.0",
      },
      opts,
    );
  const integrations = { ordersApi: integrationFor("ordersApi"), monitorApi: integrationFor("monitorApi") };

  const routes = API_ROUTES.map(
    (route) =>
      new aws.apigatewayv2.Route(
        routeResourceName(route.routeKey),
        {
          apiId: api.id,
          routeKey: route.routeKey,
          target: pulumi.interpolate`integrations/${integrations[route.target].id}`,
          ...(route.pool === undefined
            ? { authorizationType: "NONE" }
            : { authorizationType: "JWT", authorizerId: authorizers[route.pool].id }),
        },
        opts,
      ),
  );

  const accessLogs = new aws.cloudwatch.LogGroup(
    "http-api-access-logs",
    { name: `/aws/apigateway/cargo-express-${options.stage}-http-api`, retentionInDays: options.logRetentionDays },
    opts,
  );

  const stage = new aws.apigatewayv2.Stage(
    "default-stage",
    {
      apiId: api.id,
      name: "$default",
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingRateLimit: options.throttle.rateLimit,
        throttlingBurstLimit: options.throttle.burstLimit,
      },
      // A route's limit never exceeds the stage's (a stack configured below a route's default keeps the stage's).
      routeSettings: API_ROUTES.map((route) => ({
        routeKey: route.routeKey,
        throttlingRateLimit: Math.min(ROUTE_THROTTLES[route.throttle].rateLimit, options.throttle.rateLimit),
        throttlingBurstLimit: Math.min(ROUTE_THROTTLES[route.throttle].burstLimit, options.throttle.burstLimit),
      })),
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
    },
    { ...opts, dependsOn: routes },
  );

  // Only this API may invoke the functions; the ARN pattern is any stage and route of this one API.
  const permissions = (Object.keys(integrations) as ApiFunctionKey[]).map(
    (key) =>
      new aws.lambda.Permission(
        `${key}-invoke-from-api`,
        {
          action: "lambda:InvokeFunction",
          function: options.functions[key].name,
          principal: "apigateway.amazonaws.com",
          sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
        },
        opts,
      ),
  );

  return { api, authorizers, integrations, routes, stage, accessLogs, permissions, url: api.apiEndpoint };
}
