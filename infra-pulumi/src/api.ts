/**
 * The HTTP API: one route per operation of http-hono's route table (routes.ts), stage throttling and JSON access
 * logs. A signed-in route that one pool's clients call gets that pool's Cognito JWT authorizer; public routes, and
 * the routes both pools' clients call (an HTTP API's JWT authorizer checks one issuer), get none at the gateway:
 * the functions verify every signed-in request's token against both pools themselves.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ROUTE_THROTTLES } from "./capacity.js";
import { API_ROUTES, type ApiFunctionKey, type SignInPool } from "./routes.js";

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
  /** The API's company address and its certificate in the stack's region (a custom domain), if any. */
  readonly domain: { readonly name: string; readonly certificateArn: string } | undefined;
  /** Open: the API also answers at its own execute-api address; closed: only through its custom domain. */
  readonly executeApiEndpoint: "open" | "closed";
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
  /** The custom domain and its mapping to the stage, when `domain` is set. */
  readonly customDomain:
    | { readonly name: aws.apigatewayv2.DomainName; readonly mapping: aws.apigatewayv2.ApiMapping }
    | undefined;
  /** Base URL without a trailing slash (the custom domain's when set): clients append `/orders`, `/monitor`, ... */
  readonly url: pulumi.Output<string>;
}

export function createApi(options: ApiOptions, opts: pulumi.CustomResourceOptions): Api {
  const api = new aws.apigatewayv2.Api(
    "http-api",
    {
      name: `cargo-express-${options.stage}`,
      protocolType: "HTTP",
      description: "Cargo Express orders and monitor",
      // Closed: the API answers only at its custom domain, which only CloudFront (and its WAF limits) is pointed at.
      disableExecuteApiEndpoint: options.executeApiEndpoint === "closed",
    },
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
          ...(route.gatewayAuthorizer === undefined
            ? { authorizationType: "NONE" }
            : { authorizationType: "JWT", authorizerId: authorizers[route.gatewayAuthorizer].id }),
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

  const customDomain = options.domain === undefined ? undefined : createCustomDomain(options.domain, api, stage, opts);
  const url =
    customDomain === undefined ? api.apiEndpoint : pulumi.interpolate`https://${customDomain.name.domainName}`;
  return { api, authorizers, integrations, routes, stage, accessLogs, permissions, customDomain, url };
}

/** A regional custom domain for the API (TLS 1.2 at least), mapped to the default stage. */
function createCustomDomain(
  domain: { readonly name: string; readonly certificateArn: string },
  api: aws.apigatewayv2.Api,
  stage: aws.apigatewayv2.Stage,
  opts: pulumi.CustomResourceOptions,
) {
  const name = new aws.apigatewayv2.DomainName(
    "api-domain",
    {
      domainName: domain.name,
      domainNameConfiguration: {
        certificateArn: domain.certificateArn,
        endpointType: "REGIONAL",
        securityPolicy: "TLS_1_2",
      },
    },
    opts,
  );
  const mapping = new aws.apigatewayv2.ApiMapping(
    "api-domain-mapping",
    { apiId: api.id, domainName: name.id, stage: stage.id },
    opts,
  );
  return { name, mapping };
}
