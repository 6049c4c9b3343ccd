import { FixedClock, InMemoryCatalogueStore, InMemoryProjectionStore } from "@cargo-express/adapters-memory";
import type { Fetcher } from "aws-jwt-verify/https";
import { describe, expect, it } from "vitest";
import { readLambdaConfig } from "../src/lambda/config.js";
import { composeMonitor } from "../src/lambda/compose-monitor.js";
import { GROUPS, NOW, silentLogger } from "./support/harness.js";
import { httpApiEvent, lambdaContext } from "./support/http-api-events.js";
import { accessTokenClaims, createSigningKey, jwksOf, signRs256 } from "./support/tokens.js";

/**
 * The monitor function configured as deployed with both pools (COGNITO_* for the couriers' pool, STAFF_* for the
 * supervisors' pool, TOTP required): the real Cognito verifier accepts each pool's tokens for its own client, under
 * the same group rules.
 */
const COURIERS_POOL = "us-east-1_Couriers1";
const STAFF_POOL = "us-east-1_Staff1";
const issuerOf = (pool: string) => `https://cognito-idp.us-east-1.amazonaws.com/${pool}`;
const couriersKey = createSigningKey("couriers-key");
const staffKey = createSigningKey("staff-key");

const jwksFetcher: Fetcher = {
  fetch: async (uri) => {
    const key =
      uri === `${issuerOf(COURIERS_POOL)}/.well-known/jwks.json`
        ? couriersKey
        : uri === `${issuerOf(STAFF_POOL)}/.well-known/jwks.json`
          ? staffKey
          : undefined;
    if (key === undefined) throw new Error(`unexpected JWKS URI ${uri}`);
    return new TextEncoder().encode(JSON.stringify(jwksOf(key))).buffer as ArrayBuffer;
  },
};

async function monitorFunction(staff: boolean) {
  const config = readLambdaConfig({
    AWS_REGION: "us-east-1",
    ORDERS_TABLE: "t-orders",
    DELIVERIES_TABLE: "t-deliveries",
    PROJECTOR_STATE_TABLE: "t-projector-state",
    CATALOG_TABLE: "t-catalog",
    COGNITO_USER_POOL_ID: COURIERS_POOL,
    COGNITO_CLIENT_ID: "couriers-client",
    ...(staff ? { STAFF_USER_POOL_ID: STAFF_POOL, STAFF_CLIENT_ID: "staff-client" } : {}),
    LOG_LEVEL: "silent",
  });
  return composeMonitor(config, {
    monitor: new InMemoryProjectionStore(),
    catalogue: new InMemoryCatalogueStore(),
    clock: new FixedClock(NOW),
    logger: silentLogger(),
    jwksFetcher,
  });
}

const monitorStatus = async (handler: Awaited<ReturnType<typeof monitorFunction>>, token: string) => {
  const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
  const answer = await handler(
    httpApiEvent({ method: "GET", path: "/monitor", token, claims }),
    lambdaContext("monitor"),
  );
  return answer.statusCode;
};
const token = (pool: string, clientId: string, key: typeof staffKey, groups: string[]) =>
  signRs256(accessTokenClaims({ issuer: issuerOf(pool), clientId, groups }), key);

describe("the monitor function with STAFF_USER_POOL_ID and STAFF_CLIENT_ID", () => {
  it("lets a staff pool supervisor and a couriers' pool supervisor read the monitor, and refuses others as before", async () => {
    const handler = await monitorFunction(true);
    expect(await monitorStatus(handler, token(STAFF_POOL, "staff-client", staffKey, [GROUPS.supervisors]))).toBe(200);
    expect(
      await monitorStatus(handler, token(COURIERS_POOL, "couriers-client", couriersKey, [GROUPS.supervisors])),
    ).toBe(200);
    expect(await monitorStatus(handler, token(STAFF_POOL, "staff-client", staffKey, [GROUPS.couriers]))).toBe(403);
    expect(await monitorStatus(handler, token(STAFF_POOL, "couriers-client", staffKey, [GROUPS.supervisors]))).toBe(
      401,
    );
  });

  it("refuses staff tokens when the function has no staff pool configured", async () => {
    const handler = await monitorFunction(false);
    expect(await monitorStatus(handler, token(STAFF_POOL, "staff-client", staffKey, [GROUPS.supervisors]))).toBe(401);
  });
});

/**
 * API Gateway authorizes nothing on the two monitor routes (one JWT authorizer checks one issuer, and both pools'
 * clients read the monitor), so its events carry no authorizer context: the function's own verification is all
 * there is, for every token, on both routes.
 */
describe("the monitor routes, open at API Gateway to both pools' clients", () => {
  const openRouteEvent = (path: string, token: string | undefined) => {
    const event = httpApiEvent({ method: "GET", path, ...(token === undefined ? {} : { token }) });
    const { authorizer: _none, ...requestContext } = event.requestContext;
    return { ...event, requestContext } as typeof event;
  };
  const staffSupervisor = () => token(STAFF_POOL, "staff-client", staffKey, [GROUPS.supervisors]);
  const backOfficeSupervisor = () =>
    token(COURIERS_POOL, "couriers-client", couriersKey, [GROUPS.dispatchers, GROUPS.supervisors]);

  for (const path of ["/monitor", "/monitor/status"]) {
    it(`${path}: answers supervisors of either pool, and refuses every other token itself`, async () => {
      const handler = await monitorFunction(true);
      const status = async (bearer: string | undefined) =>
        (await handler(openRouteEvent(path, bearer), lambdaContext("monitor"))).statusCode;
      // The empty store answers the legacy route 404 "No orders registered", the new one 200: both got through.
      const through = path === "/monitor" ? 200 : 404;
      expect(await status(staffSupervisor())).toBe(through);
      expect(await status(backOfficeSupervisor())).toBe(through);
      expect(await status(undefined)).toBe(401);
      // Signed by the other pool's key, issued to the other pool's client, or by an unknown issuer.
      expect(await status(token(STAFF_POOL, "staff-client", couriersKey, [GROUPS.supervisors]))).toBe(401);
      expect(await status(token(COURIERS_POOL, "staff-client", couriersKey, [GROUPS.supervisors]))).toBe(401);
      expect(await status(token("us-east-1_Elsewhere", "staff-client", staffKey, [GROUPS.supervisors]))).toBe(401);
      const expired = signRs256(
        {
          ...accessTokenClaims({
            issuer: issuerOf(STAFF_POOL),
            clientId: "staff-client",
            groups: [GROUPS.supervisors],
          }),
          exp: 1,
        },
        staffKey,
      );
      expect(await status(expired)).toBe(401);
      // Signed in, without the supervisors group: a courier, a dispatcher that only posts.
      expect(await status(token(COURIERS_POOL, "couriers-client", couriersKey, [GROUPS.couriers]))).toBe(403);
      expect(await status(token(COURIERS_POOL, "couriers-client", couriersKey, [GROUPS.dispatchers]))).toBe(403);
    });
  }

  it("never takes identity from an authorizer context the event carries, only from the verified token", async () => {
    const handler = await monitorFunction(true);
    const forged = httpApiEvent({
      method: "GET",
      path: "/monitor",
      claims: accessTokenClaims({
        issuer: issuerOf(STAFF_POOL),
        clientId: "staff-client",
        groups: [GROUPS.supervisors],
      }),
    });
    expect((await handler(forged, lambdaContext("monitor"))).statusCode).toBe(401);
  });
});
