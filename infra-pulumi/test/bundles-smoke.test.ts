/**
 * The artefacts as uploaded: the Lambda bundles built with the packages' own build, taken from the code archives
 * of the mocked program, each loaded in a fresh Node process from its own task root through the function's
 * handler setting, with exactly the environment variables the program sets (and what Lambda's runtime adds),
 * against DynamoDB Local. API Gateway's events come from the program's own routes; the Orders stream reaches the
 * projector bundle through the local stand-in for Lambda's event source mapping.
 *
 * The tables are created under the deployed names, so not even the table variables differ from the program's.
 * The one addition is the AWS SDK's standard endpoint override (AWS_ENDPOINT_URL_DYNAMODB,
 * AWS_ENDPOINT_URL_DYNAMODB_STREAMS), read by the SDK itself: the code needs no change to reach DynamoDB Local.
 * Each function's endpoint is a recording proxy of its own in front of DynamoDB Local, so every call a bundle
 * makes is also checked against its role's policy.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ensureCatalogTable, ensureExportsTable, ensureTables } from "@cargo-express/adapters-dynamodb";
import { dynamoDbLocalEndpoint, testClient } from "@cargo-express/adapters-dynamodb/testing";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FunctionKey } from "../src/bundles.js";
import { API_ROUTES } from "../src/routes.js";
import { OrderMother } from "../../packages/testkit/src/index.js";
import { startJwksServer, type JwksServer } from "../../packages/http-hono/test/support/jwks-server.js";
import { jwksOf } from "../../packages/http-hono/test/support/tokens.js";
import { buildApp as buildSourceApp } from "../../packages/http-hono/test/support/harness.js";
import { LocalStreamPoller } from "../../packages/local-stack/src/local-event-source-mapping.js";
import { silentLogger, type DynamoDBTimeWindowEvent } from "../../packages/stream-handler/src/index.js";
import { localStreamsClient } from "../../packages/stream-handler/test/support/fixture.js";
import { callRecorder, deployedTables, type CallRecorder } from "./support/aws-call-recorder.js";
import { startRecordingProxy, type RecordingProxy } from "./support/aws-recording-proxy.js";
import {
  cognitoTokensFor,
  httpApiEvent,
  programEnvironment,
  type CognitoTokens,
} from "./support/deployed-functions.js";
import { describeCall, isAllowed, type Policy } from "./support/iam-policy.js";
import { buildLambdaBundles } from "./support/lambda-bundles.js";
import { startDeployedFunction, type DeployedLambda } from "./support/lambda-runtime.js";
import { deployUnderMocks, policyOf, type MockedDeployment } from "./support/mocked-deployment.js";

const KEYS = ["ordersApi", "monitorApi", "streamProjector", "exportBuilder"] as const satisfies readonly FunctionKey[];

/**
 * Lambda's Invoke API, answered here (the orders bundle reaches it through the SDK's AWS_ENDPOINT_URL_LAMBDA): an
 * asynchronous invocation is accepted with 202 and its event kept, for the test to hand to the export bundle.
 */
async function startInvokeStandIn(): Promise<{ url: string; events: unknown[]; server: Server }> {
  const events: unknown[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const event = request.headers["x-amz-invocation-type"] === "Event" && /\/invocations$/.test(request.url ?? "");
      if (event) events.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      response.writeHead(event ? 202 : 400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, events, server };
}

/** The brief's limit for a delivery to show in the monitor. */
const VISIBLE_WITHIN_MS = 10_000;

interface ProgramRoute {
  readonly routeKey: string;
  readonly method: "GET" | "POST" | "PUT";
  readonly path: string;
  readonly needsToken: boolean;
  readonly target: "ordersApi" | "monitorApi";
}

/** The HTTP API's routes as the program wires them: route -> integration -> the function its URI invokes. */
function programRoutes(deployment: MockedDeployment): ProgramRoute[] {
  const signedIn = new Set(API_ROUTES.filter((route) => !route.public).map((route) => route.routeKey));
  const integrations = deployment.ofType("aws:apigatewayv2/integration:Integration");
  const functions = deployment.ofType("aws:lambda/function:Function");
  return deployment.ofType("aws:apigatewayv2/route:Route").map((route) => {
    const integration = integrations.find((i) => `integrations/${i.id}` === route.inputs.target);
    const target = functions.find((f) => f.state.invokeArn === integration?.inputs.integrationUri);
    if (target?.name !== "ordersApi" && target?.name !== "monitorApi")
      throw new Error(`route ${route.inputs.routeKey} reaches no HTTP function`);
    const [method, routePath] = String(route.inputs.routeKey).split(" ");
    return {
      routeKey: route.inputs.routeKey,
      method: method as "GET" | "POST" | "PUT",
      path: routePath!,
      // A JWT authorizer at the gateway, or a signed-in route the function alone verifies (the monitor routes both
      // pools call have none at the gateway).
      needsToken: route.inputs.authorizationType === "JWT" || signedIn.has(String(route.inputs.routeKey)),
      target: target.name,
    };
  });
}

describe("the built Lambda bundles, loaded as Lambda loads them, with the program's environment (DynamoDB Local)", () => {
  let deployment: MockedDeployment;
  let functions: Record<FunctionKey, DeployedLambda>;
  let tokens: CognitoTokens;
  let jwks: JwksServer;
  let workDir: string;
  let poller: LocalStreamPoller | undefined;
  let recorders: Record<FunctionKey, CallRecorder>;
  let proxies: RecordingProxy[] = [];
  let invokeStandIn: Awaited<ReturnType<typeof startInvokeStandIn>> | undefined;
  /** Every function process started, for afterAll, even when another one failed to start. */
  const running: DeployedLambda[] = [];

  beforeAll(async () => {
    await buildLambdaBundles();
    deployment = await deployUnderMocks({ stage: `smoke-${randomUUID().slice(0, 8)}` });
    await ensureTables(testClient(), deployment.system.outputs.tableNames);
    await ensureCatalogTable(testClient(), deployment.system.outputs.catalogTableName);
    await ensureExportsTable(testClient(), deployment.system.outputs.exportsTableName);
    invokeStandIn = await startInvokeStandIn();
    const api = programEnvironment(deployment, "ordersApi");
    tokens = cognitoTokensFor(api);
    jwks = await startJwksServer(jwksOf(tokens.key), api.COGNITO_USER_POOL_ID);
    workDir = mkdtempSync(path.join(tmpdir(), "cargo-express-lambda-"));
    const tables = deployedTables(deployment);
    recorders = Object.fromEntries(KEYS.map((key) => [key, callRecorder(tables)])) as Record<FunctionKey, CallRecorder>;
    proxies = await Promise.all(KEYS.map((key) => startRecordingProxy(dynamoDbLocalEndpoint(), recorders[key])));
    const started = await Promise.all(
      KEYS.map(async (key, i) => {
        const fn = await startDeployedFunction({
          deployment,
          key,
          workDir,
          extraEnvironment: {
            AWS_ENDPOINT_URL_DYNAMODB: proxies[i]!.url,
            AWS_ENDPOINT_URL_DYNAMODB_STREAMS: proxies[i]!.url,
            AWS_ENDPOINT_URL_LAMBDA: invokeStandIn!.url,
          },
          jwks: { uri: tokens.jwksUri, servedAt: `${jwks.issuer}/.well-known/jwks.json` },
        });
        running.push(fn);
        return fn;
      }),
    );
    functions = Object.fromEntries(KEYS.map((key, i) => [key, started[i]!])) as Record<FunctionKey, DeployedLambda>;
  }, 180_000);

  afterAll(async () => {
    await poller?.stop();
    await Promise.all(running.map((fn) => fn.stop()));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await jwks?.close();
    await new Promise((resolve) => invokeStandIn?.server.close(resolve) ?? resolve(undefined));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const http = (key: "ordersApi" | "monitorApi", event: Parameters<typeof httpApiEvent>[0]) =>
    functions[key].invoke<APIGatewayProxyStructuredResultV2>(httpApiEvent(event));

  const describeFailure = (key: FunctionKey, response: APIGatewayProxyStructuredResultV2) =>
    `${functions[key].name} answered ${response.statusCode} ${response.body?.slice(0, 500)}\n${functions[key].output().slice(-3000)}`;

  /** The query string of the routes that need one. */
  const QUERY_OF: Readonly<Record<string, (today: string) => string>> = {
    "GET /monitor/daily": (today) => `from=${today}`,
    "GET /orders": (today) => `from=${today}`,
  };

  it("serves every route of the HTTP API from the function the program sends it to; the projector bundle projects the Orders stream; every call is one the function's role allows", async () => {
    const routes = programRoutes(deployment);
    expect(routes.map((route) => route.routeKey).sort()).toEqual(
      deployment
        .ofType("aws:apigatewayv2/route:Route")
        .map((r) => r.inputs.routeKey)
        .sort(),
    );
    const placed: string[] = [];
    const exportsAsked: string[] = [];
    // Routes over a range of days need one: today's, in the business zone (Bogota, UTC-5 all year).
    const businessToday = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);
    const payloads = new Map<string, ReturnType<typeof OrderMother.random>>();
    const eventFor = (route: ProgramRoute) => {
      if (route.path.startsWith("/exports"))
        return {
          method: route.method,
          path: route.path.replace("{id}", exportsAsked[0] ?? "none"),
          routeKey: route.routeKey,
          ...(route.method === "POST"
            ? {
                contentType: "application/json",
                body: JSON.stringify({ from: businessToday, to: businessToday, format: "xlsx" }),
              }
            : { pathParameters: { id: exportsAsked[0] ?? "none" } }),
          ...tokens.supervisor,
        };
      const identity = route.needsToken ? tokens[route.method === "POST" ? "courier" : "supervisor"] : {};
      if (route.method === "POST") {
        const order = OrderMother.random();
        placed.push(order.pedido_id);
        payloads.set(order.pedido_id, order);
        return {
          method: route.method,
          path: route.path,
          routeKey: route.routeKey,
          contentType: "application/json",
          body: JSON.stringify(order),
          ...identity,
        };
      }
      const id = placed[0]!;
      // Routes over a range of days need one: today's, in the business zone (Bogota, UTC-5 all year).
      const today = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);
      return {
        method: route.method,
        path: route.path.replace("{id}", id),
        routeKey: route.routeKey,
        ...(QUERY_OF[route.routeKey] === undefined ? {} : { query: QUERY_OF[route.routeKey]!(today) }),
        ...(route.path.includes("{id}") ? { pathParameters: { id } } : {}),
        ...identity,
      };
    };

    // Writes first, then the stream reaches the projector bundle, then every read finds data.
    const changes = (r: ProgramRoute) => r.method === "POST" && r.path.includes("{id}");
    for (const route of routes.filter((r) => r.method === "POST" && !changes(r))) {
      const response = await http(route.target, eventFor(route));
      if (route.path === "/exports") {
        expect(response.statusCode, describeFailure(route.target, response)).toBe(202);
        exportsAsked.push(JSON.parse(response.body!).id);
        continue;
      }
      expect(response.statusCode, describeFailure(route.target, response)).toBe(route.path === "/orders" ? 201 : 200);
    }
    // The orders bundle started the export function asynchronously: Lambda's Invoke API got its event.
    expect(invokeStandIn!.events).toEqual([{ exportId: exportsAsked[0] }]);
    // The export bundle loads, composes, refuses an event that names no job, and claims (through its role) only a
    // pending job: an unknown one is skipped after one conditional UpdateItem. No S3 here: the file itself is written
    // by the export function's own tests and the least-privilege test.
    expect(await functions.exportBuilder.invoke({ exportId: "not-a-uuid" })).toBeFalsy();
    expect(functions.exportBuilder.output()).toContain("export event refused");
    expect(await functions.exportBuilder.invoke({ exportId: randomUUID() })).toBeFalsy();
    expect(functions.exportBuilder.output()).toContain("export skipped: not pending");
    poller = new LocalStreamPoller({
      streams: localStreamsClient(),
      dynamodb: testClient(),
      tableName: deployment.system.outputs.tableNames.orders,
      // Lambda's tumbling-window events (the mapping's 1 s window): they name the shard.
      handler: (event: DynamoDBTimeWindowEvent) => functions.streamProjector.invoke(event),
      logger: silentLogger(),
    });
    await poller.start();
    const supervisor = { method: "GET" as const, path: "/monitor/status", ...tokens.supervisor };
    const deadline = Date.now() + VISIBLE_WITHIN_MS;
    let status = await http("monitorApi", supervisor);
    while (
      (status.statusCode !== 200 || JSON.parse(status.body!).totals.orders < placed.length) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await http("monitorApi", supervisor);
    }
    expect(
      status.statusCode,
      `${describeFailure("monitorApi", status)}\n${functions.streamProjector.output().slice(-3000)}`,
    ).toBe(200);
    expect(JSON.parse(status.body!).totals.orders).toBe(placed.length);
    expect(poller.stats.failedInvocations).toBe(0);

    // Catalogue edits, as a supervisor: a product and a courier, each created.
    for (const route of routes.filter((r) => r.method === "PUT")) {
      const id = route.path.includes("/products/") ? "pk0004" : "104";
      const response = await http(route.target, {
        method: "PUT",
        path: route.path.replace("{id}", id),
        routeKey: route.routeKey,
        pathParameters: { id },
        contentType: "application/json",
        body: JSON.stringify(id === "104" ? { name: "Juan Martínez" } : { name: "Pendrive", referencePrice: "12.00" }),
        ...tokens.supervisor,
      });
      expect(response.statusCode, describeFailure(route.target, response)).toBe(201);
    }

    // A supervisor's correction of the first order and void of the second.
    for (const route of routes.filter(changes)) {
      const voiding = route.path.endsWith("/void");
      const id = voiding ? placed[1]! : placed[0]!;
      const payload = payloads.get(id)!;
      const body = voiding
        ? { reason: "pedido de prueba" }
        : {
            reason: "cantidad equivocada",
            // One more unit of its first product: a real change, so the correction is written.
            order: {
              ...payload,
              productos: [
                { ...payload.productos[0]!, cantidad: (payload.productos[0]!.cantidad ?? 1) + 1 },
                ...payload.productos.slice(1),
              ],
            },
          };
      const response = await http(route.target, {
        method: "POST",
        path: route.path.replace("{id}", id),
        routeKey: route.routeKey,
        pathParameters: { id },
        contentType: "application/json",
        body: JSON.stringify(body),
        ...tokens.supervisor,
      });
      expect(response.statusCode, describeFailure(route.target, response)).toBe(200);
    }

    for (const route of routes.filter((r) => r.method === "GET")) {
      const response = await http(route.target, eventFor(route));
      expect(response.statusCode, describeFailure(route.target, response)).toBe(200);
    }

    for (const key of KEYS) {
      const policy = policyOf(deployment.named("aws:iam/rolePolicy:RolePolicy", `${key}-policy`)) as unknown as Policy;
      expect(recorders[key].unmapped, key).toEqual([]);
      expect(recorders[key].calls.length, key).toBeGreaterThan(0);
      expect(recorders[key].calls.filter((call) => !isAllowed(policy, call)).map(describeCall), key).toEqual([]);
    }
    // No second stream reader: the projector bundle sends no DynamoDB Streams request (its endpoint for that API
    // is the same recording proxy); the only reader of the stream is the event source mapping (here, the poller).
    const streamRequests = recorders.streamProjector.calls.filter((call) =>
      /^dynamodb:(DescribeStream|GetShardIterator|GetRecords|ListStreams)$/.test(call.action),
    );
    expect(streamRequests.map(describeCall)).toEqual([]);
    expect(poller.stats.invocations).toBeGreaterThan(0);
  });

  it("refuses invalid input with the same problem bodies as the unbundled code (zod's English messages kept, its translations left out)", async () => {
    // The source app, every route allowed to one identity: only the 400s' bodies are compared.
    const source = buildSourceApp({
      verifier: { verify: async () => ({ subject: "smoke", groups: ["couriers", "dispatchers", "supervisors"] }) },
    }).app;
    const valid = OrderMother.random();
    const bodies: unknown[] = [
      {},
      [],
      { ...valid, pedido_id: 42, timestamp: "yesterday" },
      { ...valid, productos: [{ producto: "", precio: -1, cantidad: 1.5 }, "x"] },
      { ...valid, repartidor: { Nombre: 7 }, extra: true },
    ];
    const cases = [
      ...bodies.map((body) => ({
        key: "ordersApi" as const,
        event: {
          method: "POST" as const,
          path: "/orders",
          contentType: "application/json",
          body: JSON.stringify(body),
        },
        token: tokens.courier,
      })),
      {
        key: "monitorApi" as const,
        event: { method: "GET" as const, path: "/monitor", query: "period=week&top=0&hours=x&couriers=1.5&other=1" },
        token: tokens.supervisor,
      },
    ];
    const comparable = (body: string) => {
      const { requestId, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return rest;
    };
    for (const { key, event, token } of cases) {
      const bundled = await http(key, { ...event, ...token });
      expect(bundled.statusCode, describeFailure(key, bundled)).toBe(400);
      const url = `http://api.test${event.path}${"query" in event ? `?${event.query}` : ""}`;
      const unbundled = await source.request(url, {
        method: event.method,
        headers: {
          authorization: "Bearer any",
          ...("contentType" in event ? { "content-type": event.contentType } : {}),
        },
        ...("body" in event ? { body: event.body } : {}),
      });
      expect(unbundled.status).toBe(400);
      const expected = comparable(await unbundled.text());
      expect((expected.errors as unknown[]).length, url).toBeGreaterThan(0);
      expect(comparable(bundled.body!), `${event.method} ${url}`).toEqual(expected);
    }
  });

  it("verifies tokens inside the bundle against the user pool's keys (fetched from the pool's JWKS address)", async () => {
    const withoutToken = await http("monitorApi", { method: "GET", path: "/monitor" });
    expect(withoutToken.statusCode).toBe(401);
    const courierOnMonitor = await http("monitorApi", { method: "GET", path: "/monitor", ...tokens.courier });
    expect(courierOnMonitor.statusCode).toBe(403);
    expect(jwks.fetches()).toBeGreaterThan(0);
  });
});
