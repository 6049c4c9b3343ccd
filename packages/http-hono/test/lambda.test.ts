import {
  FixedClock,
  InMemoryCatalogueStore,
  InMemoryOrderChangeFeed,
  InMemoryOrderRepository,
  InMemoryProjectionStore,
} from "@cargo-express/adapters-memory";
import { ApplyOrderChanges, DependencyUnavailableError } from "@cargo-express/domain";
import { OrderMother } from "@cargo-express/testkit";
import type { Fetcher } from "aws-jwt-verify/https";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { readLambdaConfig } from "../src/lambda/config.js";
import { composeMonitor } from "../src/lambda/compose-monitor.js";
import { composeOrders } from "../src/lambda/compose-orders.js";
import { handler as deployedOrdersHandler } from "../src/lambda/orders.js";
import { GROUPS, NOW, silentLogger } from "./support/harness.js";
import { httpApiEvent, lambdaContext } from "./support/http-api-events.js";
import { capturingLogger } from "./support/logs.js";
import { accessTokenClaims, createSigningKey, jwksOf, signRs256 } from "./support/tokens.js";

const USER_POOL_ID = "us-east-1_TestPool1";
const CLIENT_ID = "cognito-client-1";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const key = createSigningKey("cognito-key-1");

const ENV = {
  AWS_REGION: "us-east-1",
  ORDERS_TABLE: "cargo-express-test-orders",
  DELIVERIES_TABLE: "cargo-express-test-deliveries",
  PROJECTOR_STATE_TABLE: "cargo-express-test-projector-state",
  CATALOG_TABLE: "cargo-express-test-catalog",
  EXPORTS_TABLE: "cargo-express-test-exports",
  EXPORT_FUNCTION_NAME: "cargo-express-test-export",
  EXPORTS_BUCKET: "cargo-express-test-exports-123456789012",
  COGNITO_USER_POOL_ID: USER_POOL_ID,
  COGNITO_CLIENT_ID: CLIENT_ID,
  LOG_LEVEL: "silent",
};

/** The user pool's JWKS, served with the test key: the real Cognito verifier runs, offline. */
const jwksFetcher: Fetcher = {
  fetch: async (uri) => {
    if (uri !== `${ISSUER}/.well-known/jwks.json`) throw new Error(`unexpected JWKS URI ${uri}`);
    return new TextEncoder().encode(JSON.stringify(jwksOf(key))).buffer as ArrayBuffer;
  },
};

const claimsFor = (groups: string[], courierId?: string) =>
  accessTokenClaims({ issuer: ISSUER, clientId: CLIENT_ID, groups, ...(courierId === undefined ? {} : { courierId }) });
/** Posts for any courier (the tests below post the sample's courier 106 and random ones). */
const courier = {
  claims: claimsFor([GROUPS.couriers, GROUPS.dispatchers]),
  token: signRs256(claimsFor([GROUPS.couriers, GROUPS.dispatchers]), key),
};
/** Courier 107 only, its id in the access token as the user pool's pre token generation trigger puts it. */
const courier107 = {
  claims: claimsFor([GROUPS.couriers], "107"),
  token: signRs256(claimsFor([GROUPS.couriers], "107"), key),
};
const supervisor = { claims: claimsFor([GROUPS.supervisors]), token: signRs256(claimsFor([GROUPS.supervisors]), key) };

/** Both functions over one in-memory system: the orders function writes, the projector runs, the monitor function reads. */
async function deployLocally(options: { logger?: ReturnType<typeof silentLogger>; monitorDown?: boolean } = {}) {
  const config = readLambdaConfig(ENV);
  const orders = new InMemoryOrderRepository();
  const store = new InMemoryProjectionStore();
  const feed = new InMemoryOrderChangeFeed(orders);
  const clock = new FixedClock(NOW);
  const logger = options.logger ?? silentLogger();
  const monitor = options.monitorDown
    ? { read: async () => Promise.reject(new DependencyUnavailableError("throttled", 4)) }
    : store;
  const projector = new ApplyOrderChanges({ store, timeZone: config.timeZone });
  const catalogue = new InMemoryCatalogueStore();
  return {
    orders,
    ordersHandler: await composeOrders(config, { orders, catalogue, clock, logger, jwksFetcher }),
    monitorHandler: await composeMonitor(config, { monitor, catalogue, clock, logger, jwksFetcher }),
    project: () => feed.drain((batch) => projector.execute(batch).then(() => undefined)),
  };
}

const postOrder = (body: string | Uint8Array, extra: Partial<Parameters<typeof httpApiEvent>[0]> = {}) =>
  httpApiEvent({
    method: "POST",
    path: "/orders",
    token: courier.token,
    claims: courier.claims,
    contentType: "application/json",
    body,
    ...extra,
  });

describe("orders function (API Gateway HTTP API, payload 2.0)", () => {
  it("stores an order sent as plain text (201, Location) and answers the base64 replay with 200 and the same body", async () => {
    const { ordersHandler, orders } = await deployLocally();
    const order = JSON.stringify(OrderMother.sample());

    const created = await ordersHandler(postOrder(order), lambdaContext("orders"));
    expect(created.statusCode).toBe(201);
    expect(created.headers?.location).toBe("/orders/03f4e0fb-1775-4b7f-88c7-96ddaa07600b");
    expect(created.headers?.["content-type"]).toMatch(/^application\/json/);
    expect(created.isBase64Encoded).toBe(false);
    expect(JSON.parse(created.body!)).toMatchObject({ total: "18.50", totalCents: 1850, courier: { id: "106" } });

    const replay = await ordersHandler(postOrder(new TextEncoder().encode(order)), lambdaContext("orders"));
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toBe(created.body);
    expect(orders.all()).toHaveLength(1);
  });

  it("reads the courier id from the Cognito access token: courier 107 may post its own order, not courier 106's (403 on both routes)", async () => {
    const { ordersHandler, orders } = await deployLocally();
    const as107 = { token: courier107.token, claims: courier107.claims };
    for (const path of ["/orders", "/order/registrar_pedido_entregado"]) {
      const refused = await ordersHandler(
        postOrder(JSON.stringify(OrderMother.sample()), { ...as107, path }),
        lambdaContext("orders"),
      );
      expect(refused.statusCode).toBe(403);
      expect(JSON.parse(refused.body!)).toMatchObject({
        type: "urn:cargo-express:problem:courier-mismatch",
        courierId: "106",
        yourCourierId: "107",
      });
    }
    expect(orders.all()).toEqual([]);
    const own = { ...OrderMother.sample(), repartidor: { IdRepartidor: "0107", Nombre: "Elena Rodríguez" } };
    expect((await ordersHandler(postOrder(JSON.stringify(own), as107), lambdaContext("orders"))).statusCode).toBe(201);
    expect(orders.all().map((order) => order.courier.id)).toEqual(["107"]);
  });

  it("serves the legacy route and GET /orders/{id}", async () => {
    const { ordersHandler } = await deployLocally();
    const legacy = await ordersHandler(
      postOrder(JSON.stringify(OrderMother.sample()), { path: "/order/registrar_pedido_entregado" }),
      lambdaContext("orders"),
    );
    expect(legacy.statusCode).toBe(200);
    expect(JSON.parse(legacy.body!)).toEqual({
      oder_id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
      order_id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
      timestamp: "2024-09-11T23:27:09.039464Z",
    });

    const read = await ordersHandler(
      httpApiEvent({
        method: "GET",
        path: "/orders/03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
        routeKey: "GET /orders/{id}",
        pathParameters: { id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b" },
        token: supervisor.token,
        claims: supervisor.claims,
      }),
      lambdaContext("orders"),
    );
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body!)).toMatchObject({ id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b", total: "18.50" });
  });

  it("verifies the token itself: authorizer claims without a valid token get 401", async () => {
    const { ordersHandler } = await deployLocally();
    const forged = signRs256(courier.claims, createSigningKey("cognito-key-1"));
    const response = await ordersHandler(postOrder("{}", { token: forged }), lambdaContext("orders"));
    expect(response.statusCode).toBe(401);
    expect(response.headers?.["content-type"]).toBe("application/problem+json");
    expect(response.headers?.["www-authenticate"]).toContain("invalid_token");

    const missing = await ordersHandler(
      httpApiEvent({
        method: "POST",
        path: "/orders",
        claims: courier.claims,
        contentType: "application/json",
        body: "{}",
      }),
      lambdaContext("orders"),
    );
    expect(missing.statusCode).toBe(401);
  });

  it("answers 403, 400, 413 and 415 as problem documents", async () => {
    const { ordersHandler } = await deployLocally();
    const statusOf = async (event: ReturnType<typeof httpApiEvent>) => {
      const response = await ordersHandler(event, lambdaContext("orders"));
      expect(response.headers?.["content-type"]).toBe("application/problem+json");
      return response.statusCode;
    };
    expect(
      await statusOf(
        postOrder(JSON.stringify(OrderMother.random()), { token: supervisor.token, claims: supervisor.claims }),
      ),
    ).toBe(403);
    expect(await statusOf(postOrder('{"pedido_id": "x"'))).toBe(400);
    expect(await statusOf(postOrder(JSON.stringify({ ...OrderMother.sample(), productos: [] })))).toBe(400);
    expect(await statusOf(postOrder(new TextEncoder().encode(JSON.stringify({ padding: "x".repeat(70_000) }))))).toBe(
      413,
    );
    expect(await statusOf(postOrder("pedido_id=1", { contentType: "application/x-www-form-urlencoded" }))).toBe(415);
  });

  it("answers a body that is not valid base64 with a 400 problem, not a 500", async () => {
    const { ordersHandler } = await deployLocally();
    const event = { ...postOrder("{}"), body: "%%% not base64 %%%", isBase64Encoded: true };
    const response = await ordersHandler(event, lambdaContext("orders"));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.["content-type"]).toBe("application/problem+json");
  });

  it("never answers 5xx to random bytes in a base64 body", async () => {
    const { ordersHandler } = await deployLocally();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const response = await ordersHandler(postOrder(bytes, { base64: true }), lambdaContext("orders"));
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it("routes under a named stage, where rawPath carries the stage", async () => {
    const { ordersHandler } = await deployLocally();
    const response = await ordersHandler(
      postOrder(JSON.stringify(OrderMother.random({ at: NOW })), { stage: "prod" }),
      lambdaContext("orders"),
    );
    expect(response.statusCode).toBe(201);
  });

  it("serves only its own routes: the monitor is another function", async () => {
    const { ordersHandler } = await deployLocally();
    const response = await ordersHandler(
      httpApiEvent({ method: "GET", path: "/monitor", token: supervisor.token, claims: supervisor.claims }),
      lambdaContext("orders"),
    );
    expect(response.statusCode).toBe(404);
    const health = await ordersHandler(httpApiEvent({ method: "GET", path: "/health" }), lambdaContext("orders"));
    expect(health.statusCode).toBe(200);
  });

  it("logs with the Lambda request id and context, and never the token or the courier", async () => {
    const logs = capturingLogger();
    try {
      const { ordersHandler } = await deployLocally({ logger: logs.logger });
      const context = lambdaContext("cargo-express-orders");
      const response = await ordersHandler(postOrder(JSON.stringify(OrderMother.sample())), context);
      expect(response.headers?.["x-request-id"]).toBe(context.awsRequestId);
      const entry = logs.entries().find((e) => e.message === "request");
      expect(entry).toMatchObject({
        requestId: context.awsRequestId,
        function_name: "cargo-express-orders",
        method: "POST",
        route: "/orders",
        status: 201,
      });
      expect(entry!.apiRequestId).toMatch(/^ZxYwVuTsRqPoN/);
      expect(logs.raw()).not.toContain(courier.token.split(".")[2]!);
      expect(logs.raw()).not.toContain("Pedro");
    } finally {
      logs.restore();
    }
  });
});

describe("monitor function (API Gateway HTTP API, payload 2.0)", () => {
  it("answers /monitor/status with 404 before any order, then both routes with the projected report", async () => {
    const { ordersHandler, monitorHandler, project } = await deployLocally();
    const get = (path: string, query?: string) =>
      monitorHandler(
        httpApiEvent({
          method: "GET",
          path,
          token: supervisor.token,
          claims: supervisor.claims,
          ...(query ? { query } : {}),
        }),
        lambdaContext("monitor"),
      );

    const empty = await get("/monitor/status");
    expect(empty.statusCode).toBe(404);
    expect(JSON.parse(empty.body!)).toMatchObject({ error: "No orders registered" });

    expect(
      (await ordersHandler(postOrder(JSON.stringify(OrderMother.sample())), lambdaContext("orders"))).statusCode,
    ).toBe(201);
    await project();

    const status = await get("/monitor/status");
    expect(status.statusCode).toBe(200);
    expect(JSON.parse(status.body!).totals).toEqual({ orders: 1, units: 3, revenue: "18.50", revenueCents: 1850 });
    const monitor = await get("/monitor", "hours=6");
    expect(monitor.statusCode).toBe(200);
    expect(JSON.parse(monitor.body!).hourly.hours).toHaveLength(6);
    expect((await get("/monitor", "hours=999")).statusCode).toBe(400);
  });

  it("answers 503 with Retry-After when the projections cannot be read", async () => {
    const { monitorHandler } = await deployLocally({ monitorDown: true });
    const response = await monitorHandler(
      httpApiEvent({ method: "GET", path: "/monitor", token: supervisor.token, claims: supervisor.claims }),
      lambdaContext("monitor"),
    );
    expect(response.statusCode).toBe(503);
    expect(response.headers?.["retry-after"]).toBe("4");
  });

  it("refuses couriers (403) and does not serve POST /orders", async () => {
    const { monitorHandler } = await deployLocally();
    expect(
      (
        await monitorHandler(
          httpApiEvent({ method: "GET", path: "/monitor", token: courier.token, claims: courier.claims }),
          lambdaContext("monitor"),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (await monitorHandler(postOrder(JSON.stringify(OrderMother.random())), lambdaContext("monitor"))).statusCode,
    ).toBe(404);
  });

  it("ignores a body sent with GET instead of failing on it", async () => {
    const { monitorHandler } = await deployLocally();
    const response = await monitorHandler(
      httpApiEvent({
        method: "GET",
        path: "/monitor",
        token: supervisor.token,
        claims: supervisor.claims,
        contentType: "application/json",
        body: "{}",
      }),
      lambdaContext("monitor"),
    );
    expect(response.statusCode).toBe(200);
  });
});

describe("the deployed handler export", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("reads its configuration on first use and names every missing variable", async () => {
    for (const name of Object.keys(ENV)) delete process.env[name];
    process.env.AWS_REGION = "us-east-1";
    await expect(deployedOrdersHandler(postOrder("{}"), lambdaContext("orders"))).rejects.toThrow(
      /ORDERS_TABLE.*DELIVERIES_TABLE.*PROJECTOR_STATE_TABLE.*COGNITO_USER_POOL_ID.*COGNITO_CLIENT_ID/,
    );
  });
});
