import {
  type DynamoDbMonitorQueries,
  type DynamoDbOrderRepository,
  createDynamoDbAdapters,
} from "@cargo-express/adapters-dynamodb";
import { createTestTables, injectFault, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother } from "@cargo-express/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { composeMonitor } from "../src/lambda/compose-monitor.js";
import { composeOrders } from "../src/lambda/compose-orders.js";
import { GROUPS, silentLogger } from "./support/harness.js";
import { httpApiEvent, lambdaContext } from "./support/http-api-events.js";
import { dynamoDbCatalogueOf, lambdaConfigOn } from "./support/lambda-config.js";
import { accessTokenClaims, createSigningKey, jwksFetcherOf, signRs256 } from "./support/tokens.js";

const USER_POOL_ID = "us-east-1_FaultPool";
const CLIENT_ID = "fault-client";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const key = createSigningKey("fault-key");
const jwksFetcher = jwksFetcherOf(key);
const token = signRs256(
  accessTokenClaims({
    issuer: ISSUER,
    clientId: CLIENT_ID,
    groups: [GROUPS.couriers, GROUPS.supervisors, GROUPS.dispatchers],
  }),
  key,
);
const claims = accessTokenClaims({
  issuer: ISSUER,
  clientId: CLIENT_ID,
  groups: [GROUPS.couriers, GROUPS.supervisors, GROUPS.dispatchers],
});

let config: ReturnType<typeof lambdaConfigOn>;

beforeAll(async () => {
  const tables = await createTestTables("http-faults");
  config = lambdaConfigOn(tables, { userPoolId: USER_POOL_ID, clientId: CLIENT_ID });
});

/** The deployed Lambda composition, with its DynamoDB client pointed at DynamoDB Local (a client of its own, so faults stay local). */
async function functions() {
  // Faults here are injected, never real timeouts: a generous request timeout keeps a slow DynamoDB Local on a busy
  // machine from timing out a write that lands, whose SDK retry would then be an idempotent 200 instead of the 201.
  const client = testClient({ maxAttempts: 2, requestTimeoutMs: 30_000 });
  const adapters = createDynamoDbAdapters({ client, tables: config.tables });
  const logger = silentLogger();
  const catalogue = await dynamoDbCatalogueOf(config);
  const orders = await composeOrders(config, { orders: adapters.orders, catalogue, logger, jwksFetcher });
  const monitor = await composeMonitor(config, { monitor: adapters.monitor, catalogue, logger, jwksFetcher });
  return {
    client,
    orders,
    monitor,
    repository: adapters.orders as DynamoDbOrderRepository,
    queries: adapters.monitor as DynamoDbMonitorQueries,
  };
}

const post = (body: unknown) =>
  httpApiEvent({
    method: "POST",
    path: "/orders",
    token,
    claims,
    contentType: "application/json",
    body: JSON.stringify(body),
  });
const get = (path: string, routeKey = `GET ${path}`) => httpApiEvent({ method: "GET", path, routeKey, token, claims });

describe("the Lambda functions on DynamoDB (Local) when DynamoDB throttles or fails", () => {
  it("store and read an order through the real adapters when DynamoDB is healthy", async () => {
    const { orders } = await functions();
    const order = OrderMother.random();
    expect((await orders(post(order), lambdaContext("orders"))).statusCode).toBe(201);
    expect((await orders(post(order), lambdaContext("orders"))).statusCode).toBe(200);
    expect(
      (await orders(get(`/orders/${order.pedido_id}`, "GET /orders/{id}"), lambdaContext("orders"))).statusCode,
    ).toBe(200);
  });

  it.each(["throttling", "server-error"] as const)(
    "answers POST /orders with 503 and Retry-After on %s, and no order exists afterwards",
    async (fault) => {
      const { client, orders, repository } = await functions();
      const order = OrderMother.random();
      const injected = injectFault(client, { commands: ["PutItemCommand"], fault });
      const response = await orders(post(order), lambdaContext("orders"));
      injected.restore();
      expect(injected.failures).toBeGreaterThan(0);
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers?.["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(response.headers?.["content-type"]).toBe("application/problem+json");
      expect(await repository.getById(order.pedido_id)).toBeUndefined();
      // The client's retry then succeeds: nothing half written stood in its way.
      expect((await orders(post(order), lambdaContext("orders"))).statusCode).toBe(201);
    },
  );

  it("says a timed-out write may have landed and that sending the same order again is safe: the resend is 200, stored once", async () => {
    const { client, orders, repository } = await functions();
    const order = OrderMother.random();
    // The write lands, then the answer is lost (a timeout after DynamoDB committed), outside the SDK's retries.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === "PutItemCommand")
          throw Object.assign(new Error("Request timed out"), { name: "TimeoutError" });
        return result;
      },
      { step: "initialize", name: "lose-the-answer" },
    );
    const response = await orders(post(order), lambdaContext("orders"));
    client.middlewareStack.remove("lose-the-answer");
    expect(response.statusCode).toBe(503);
    const problem = JSON.parse(String(response.body)) as { detail: string };
    expect(problem.detail).toContain("may or may not have happened");
    expect(problem.detail).toContain("same request again is safe");
    expect(await repository.getById(order.pedido_id)).toBeDefined();
    expect((await orders(post(order), lambdaContext("orders"))).statusCode).toBe(200);
  });

  it("answers GET /orders/{id} with 503 when reads fail", async () => {
    const { client, orders } = await functions();
    const injected = injectFault(client, { commands: ["GetItemCommand"], fault: "throttling" });
    const response = await orders(get("/orders/some-order", "GET /orders/{id}"), lambdaContext("orders"));
    injected.restore();
    expect(response.statusCode).toBe(503);
    expect(response.headers?.["retry-after"]).toBeDefined();
  });

  it.each(["/monitor", "/monitor/status"])(
    "answers GET %s with 503 when the projections cannot be read",
    async (path) => {
      const { client, monitor } = await functions();
      const injected = injectFault(client, {
        commands: ["QueryCommand", "GetItemCommand", "BatchGetItemCommand"],
        fault: "server-error",
      });
      const response = await monitor(get(path), lambdaContext("monitor"));
      injected.restore();
      expect(response.statusCode).toBe(503);
      expect(response.headers?.["retry-after"]).toBeDefined();
      expect((await monitor(get(path), lambdaContext("monitor"))).statusCode).not.toBe(503);
    },
  );
});
