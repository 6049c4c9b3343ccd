import { beforeAll, describe, expect, it } from "vitest";
import {
  API_ID,
  ACCOUNT,
  CLIENT_ID,
  REGION,
  STAFF_CLIENT_ID,
  STAFF_USER_POOL_ID,
  USER_POOL_ID,
  deployUnderMocks,
  type MockedDeployment,
} from "./support/mocked-deployment.js";

const ROUTE = "aws:apigatewayv2/route:Route";
const PUBLIC_ROUTES = ["GET /health", "GET /openapi.json", "GET /docs"];
/**
 * The supervisors' ledger, order lookup, voids and corrections, daily series and catalogue edits at the web app: the
 * staff pool's authorizer.
 */
const STAFF_ROUTES = [
  "GET /monitor/daily",
  "GET /orders",
  "GET /orders/{id}",
  "POST /orders/{id}/void",
  "POST /orders/{id}/corrections",
  "PUT /catalog/products/{id}",
  "PUT /catalog/couriers/{id}",
  "GET /catalog/history",
  "POST /exports",
  "GET /exports/{id}",
];
/**
 * Both monitor routes and the catalogue's list take tokens of either pool (supervisors at the web app, phones and
 * back-office systems in the couriers' pool): no authorizer at the gateway (one JWT authorizer checks one issuer);
 * the monitor function verifies both.
 */
const EITHER_POOL_ROUTES = ["GET /monitor", "GET /monitor/status", "GET /catalog"];
const ROUTE_TARGETS = {
  "POST /orders": "ordersApi",
  "POST /order/registrar_pedido_entregado": "ordersApi",
  "GET /orders/{id}": "ordersApi",
  "GET /orders": "ordersApi",
  "POST /orders/{id}/void": "ordersApi",
  "POST /orders/{id}/corrections": "ordersApi",
  "GET /monitor": "monitorApi",
  "GET /monitor/daily": "monitorApi",
  "GET /monitor/status": "monitorApi",
  "GET /catalog": "monitorApi",
  "PUT /catalog/products/{id}": "ordersApi",
  "PUT /catalog/couriers/{id}": "ordersApi",
  "GET /catalog/history": "monitorApi",
  "POST /exports": "ordersApi",
  "GET /exports/{id}": "ordersApi",
  "GET /health": "monitorApi",
  "GET /openapi.json": "monitorApi",
  "GET /docs": "monitorApi",
} as const;

describe("HTTP API", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({
      apiThrottleRateLimit: "25",
      apiThrottleBurstLimit: "60",
      logRetentionDays: "60",
    });
  });

  const authorizer = () => deployment.named("aws:apigatewayv2/authorizer:Authorizer", "cognito-jwt");
  const staffAuthorizer = () => deployment.named("aws:apigatewayv2/authorizer:Authorizer", "cognito-staff-jwt");
  const routesByKey = () =>
    Object.fromEntries(deployment.ofType(ROUTE).map((route) => [route.inputs.routeKey as string, route]));

  it("is an HTTP API", () => {
    expect(deployment.named("aws:apigatewayv2/api:Api", "http-api").inputs.protocolType).toBe("HTTP");
  });

  it("verifies Cognito JWTs: one authorizer per user pool, each with its pool's issuer and app client as audience", () => {
    expect(authorizer().inputs).toMatchObject({
      apiId: API_ID,
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`,
        audiences: [CLIENT_ID],
      },
    });
    expect(staffAuthorizer().inputs).toMatchObject({
      apiId: API_ID,
      authorizerType: "JWT",
      identitySources: ["$request.header.Authorization"],
      jwtConfiguration: {
        issuer: `https://cognito-idp.${REGION}.amazonaws.com/${STAFF_USER_POOL_ID}`,
        audiences: [STAFF_CLIENT_ID],
      },
    });
    expect(deployment.ofType("aws:apigatewayv2/authorizer:Authorizer")).toHaveLength(2);
  });

  it("has the new routes, the old routes the courier client calls, and the public ones", () => {
    expect(Object.keys(routesByKey()).sort()).toEqual(Object.keys(ROUTE_TARGETS).sort());
  });

  it("puts the couriers' pool's JWT authorizer on the phones' posts, the staff pool's on the order lookup, and none on the public routes and the monitor routes both pools call", () => {
    for (const [key, route] of Object.entries(routesByKey())) {
      if (PUBLIC_ROUTES.includes(key) || EITHER_POOL_ROUTES.includes(key)) {
        expect(route.inputs.authorizationType, key).toBe("NONE");
        expect(route.inputs.authorizerId, key).toBeUndefined();
      } else {
        expect(route.inputs.authorizationType, key).toBe("JWT");
        expect(route.inputs.authorizerId, key).toBe(
          STAFF_ROUTES.includes(key) ? staffAuthorizer().id : authorizer().id,
        );
      }
    }
    expect(
      Object.entries(routesByKey())
        .filter(([, route]) => route.inputs.authorizerId === authorizer().id)
        .map(([key]) => key)
        .sort(),
    ).toEqual(["POST /order/registrar_pedido_entregado", "POST /orders"]);
  });

  it("sends the routes open at the gateway to the monitor function, which verifies both pools' tokens, under the monitor's throttle", () => {
    const monitorFunction = deployment.named("aws:lambda/function:Function", "monitorApi");
    expect(monitorFunction.inputs.environment.variables).toMatchObject({
      COGNITO_USER_POOL_ID: USER_POOL_ID,
      COGNITO_CLIENT_ID: CLIENT_ID,
      STAFF_USER_POOL_ID: STAFF_USER_POOL_ID,
      STAFF_CLIENT_ID: STAFF_CLIENT_ID,
    });
    const integration = deployment.named("aws:apigatewayv2/integration:Integration", "monitorApi-integration");
    const stage = deployment.named("aws:apigatewayv2/stage:Stage", "default-stage");
    for (const key of EITHER_POOL_ROUTES) {
      expect(routesByKey()[key]!.inputs.target, key).toBe(`integrations/${integration.id}`);
      expect(
        (stage.inputs.routeSettings as { routeKey: string }[]).some((setting) => setting.routeKey === key),
        key,
      ).toBe(true);
    }
  });

  it("sends writes to the orders function and reads to the monitor function, as payload 2.0 proxies", () => {
    const integrationIds = Object.fromEntries(
      (["ordersApi", "monitorApi"] as const).map((key) => {
        const integration = deployment.named("aws:apigatewayv2/integration:Integration", `${key}-integration`);
        const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:cargo-express-dev-${key === "ordersApi" ? "orders" : "monitor"}-api`;
        expect(integration.inputs).toMatchObject({
          integrationType: "AWS_PROXY",
          payloadFormatVersion: "2.0",
          integrationUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
        });
        return [integration.id, key];
      }),
    );
    const targets = Object.fromEntries(
      Object.entries(routesByKey()).map(([key, route]) => [
        key,
        integrationIds[(route.inputs.target as string).replace("integrations/", "")],
      ]),
    );
    expect(targets).toEqual(ROUTE_TARGETS);
  });

  it("throttles the stage and writes JSON access logs to a log group with retention", () => {
    const stage = deployment.named("aws:apigatewayv2/stage:Stage", "default-stage");
    const accessLogs = deployment.named("aws:cloudwatch/logGroup:LogGroup", "http-api-access-logs");
    expect(stage.inputs).toMatchObject({
      name: "$default",
      autoDeploy: true,
      defaultRouteSettings: { throttlingRateLimit: 25, throttlingBurstLimit: 60 },
      accessLogSettings: { destinationArn: accessLogs.state.arn },
    });
    expect(accessLogs.inputs.retentionInDays).toBe(60);
    const format = JSON.parse(stage.inputs.accessLogSettings.format);
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      routeKey: "$context.routeKey",
      status: "$context.status",
    });
    expect(JSON.stringify(format)).not.toMatch(/sourceIp|userAgent|claims/);
  });

  it("limits every route on its own, under the stage's limit (issue 11): order intake, monitor, order lookup and public routes", () => {
    const stage = deployment.named("aws:apigatewayv2/stage:Stage", "default-stage");
    const settings = Object.fromEntries(
      (
        stage.inputs.routeSettings as { routeKey: string; throttlingRateLimit: number; throttlingBurstLimit: number }[]
      ).map((s) => [s.routeKey, [s.throttlingRateLimit, s.throttlingBurstLimit]]),
    );
    // This stack sets the stage to 25/s, burst 60: a route's limit never exceeds it.
    expect(settings).toEqual({
      "POST /orders": [10, 20],
      "POST /order/registrar_pedido_entregado": [10, 20],
      "GET /orders/{id}": [5, 10],
      "GET /orders": [5, 10],
      "POST /orders/{id}/void": [5, 10],
      "POST /orders/{id}/corrections": [5, 10],
      "GET /monitor": [25, 60],
      "GET /monitor/daily": [25, 60],
      "GET /monitor/status": [25, 60],
      "GET /catalog": [25, 60],
      "PUT /catalog/products/{id}": [5, 10],
      "PUT /catalog/couriers/{id}": [5, 10],
      "GET /catalog/history": [5, 10],
      "POST /exports": [5, 10],
      "GET /exports/{id}": [5, 10],
      "GET /health": [5, 10],
      "GET /openapi.json": [5, 10],
      "GET /docs": [5, 10],
    });
    expect(Object.keys(settings).sort()).toEqual(Object.keys(ROUTE_TARGETS).sort());
    expect(stage.inputs.defaultRouteSettings).toMatchObject({ throttlingRateLimit: 25, throttlingBurstLimit: 60 });
  });

  it("lets only this API invoke the two API functions", () => {
    const permissions = deployment
      .ofType("aws:lambda/permission:Permission")
      .filter((permission) => permission.inputs.principal !== "cognito-idp.amazonaws.com");
    // The only others: the two user pools invoking their pre token generation trigger (test/auth.test.ts).
    expect(
      deployment
        .ofType("aws:lambda/permission:Permission")
        .filter((permission) => permission.inputs.principal === "cognito-idp.amazonaws.com"),
    ).toHaveLength(2);
    expect(permissions.map((permission) => permission.inputs.function).sort()).toEqual([
      "cargo-express-dev-monitor-api",
      "cargo-express-dev-orders-api",
    ]);
    for (const permission of permissions) {
      expect(permission.inputs).toMatchObject({
        action: "lambda:InvokeFunction",
        principal: "apigateway.amazonaws.com",
        sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/*/*`,
      });
    }
  });
});

describe("Cognito", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks();
  });

  it("has a user pool with a password policy, a required email and no self sign-up", () => {
    expect(deployment.named("aws:cognito/userPool:UserPool", "users").inputs).toMatchObject({
      name: "cargo-express-dev",
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true },
      schemas: [
        { name: "email", attributeDataType: "String", required: true },
        {
          name: "courier_id",
          attributeDataType: "String",
          mutable: true,
          developerOnlyAttribute: false,
          stringAttributeConstraints: { minLength: "1", maxLength: "15" },
        },
      ],
    });
  });

  it("has the couriers, dispatchers and supervisors groups the API authorises by (supervisors in the staff pool too)", () => {
    const groups = deployment.ofType("aws:cognito/userGroup:UserGroup");
    expect(groups.map((group) => [group.inputs.name, group.inputs.userPoolId]).sort()).toEqual([
      ["couriers", USER_POOL_ID],
      ["dispatchers", USER_POOL_ID],
      ["supervisors", STAFF_USER_POOL_ID],
      ["supervisors", USER_POOL_ID],
    ]);
  });

  it("has an app client without a secret that allows USER_PASSWORD_AUTH and refresh tokens", () => {
    const client = deployment.named("aws:cognito/userPoolClient:UserPoolClient", "api-client");
    expect(client.inputs).toMatchObject({ userPoolId: USER_POOL_ID, generateSecret: false });
    expect([...client.inputs.explicitAuthFlows].sort()).toEqual([
      "ALLOW_REFRESH_TOKEN_AUTH",
      "ALLOW_USER_PASSWORD_AUTH",
    ]);
    // No rotation: it would refuse the REFRESH_TOKEN_AUTH renewals the couriers' existing client may send.
    expect(client.inputs.refreshTokenRotation).toBeUndefined();
  });

  it("publishes no hosted sign-in page: no user pool domain, no OAuth flows or callback addresses on the app client", () => {
    expect(deployment.ofType("aws:cognito/userPoolDomain:UserPoolDomain")).toEqual([]);
    const client = deployment.named("aws:cognito/userPoolClient:UserPoolClient", "api-client");
    for (const oauth of [
      "allowedOauthFlows",
      "allowedOauthFlowsUserPoolClient",
      "allowedOauthScopes",
      "callbackUrls",
      "logoutUrls",
      "supportedIdentityProviders",
    ]) {
      expect(client.inputs[oauth], oauth).toBeUndefined();
    }
  });
});
