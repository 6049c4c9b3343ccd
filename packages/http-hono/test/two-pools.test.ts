import { CognitoJwtInvalidClientIdError, KidNotFoundInJwksError, ParameterValidationError } from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCognitoAccessTokenVerifier, createLocalIssuerAccessTokenVerifier } from "../src/index.js";
import { bearer, buildApp, GROUPS } from "./support/harness.js";
import { type JwksServer, startJwksServer } from "./support/jwks-server.js";
import { expectProblem } from "./support/problems.js";
import { accessTokenClaims, createSigningKey, jwksOf, signRs256 } from "./support/tokens.js";

/**
 * Two user pools, one API: the couriers' pool (couriers, dispatchers; password) and the staff pool (supervisors;
 * TOTP required). Tokens of either are accepted, each only for its own app client and signed by its own pool's
 * key, and authorised by the same group rules.
 */
describe("the local verifier over both local pools (what npm start uses)", () => {
  const couriersKey = createSigningKey("couriers-key");
  const staffKey = createSigningKey("staff-key");
  let couriers: JwksServer;
  let staff: JwksServer;
  const COURIERS_CLIENT = "couriers-client";
  const STAFF_CLIENT = "staff-client";

  beforeAll(async () => {
    couriers = await startJwksServer(jwksOf(couriersKey), "couriers_pool");
    staff = await startJwksServer(jwksOf(staffKey), "staff_pool");
  });
  afterAll(async () => {
    await couriers.close();
    await staff.close();
  });

  const app = () =>
    buildApp({
      verifier: createLocalIssuerAccessTokenVerifier({
        issuer: couriers.issuer,
        clientId: COURIERS_CLIENT,
        otherIssuers: [{ issuer: staff.issuer, clientId: STAFF_CLIENT }],
      }),
    }).app;
  const staffToken = (groups: string[], overrides: { clientId?: string; key?: typeof staffKey } = {}) =>
    signRs256(
      accessTokenClaims({ issuer: staff.issuer, clientId: overrides.clientId ?? STAFF_CLIENT, groups }),
      overrides.key ?? staffKey,
    );
  const courierToken = (groups: string[], overrides: { clientId?: string; key?: typeof couriersKey } = {}) =>
    signRs256(
      accessTokenClaims({ issuer: couriers.issuer, clientId: overrides.clientId ?? COURIERS_CLIENT, groups }),
      overrides.key ?? couriersKey,
    );

  it("lets a staff pool supervisor and a couriers' pool supervisor (the demo user) read the monitor", async () => {
    const api = app();
    expect((await api.request("/monitor", { headers: bearer(staffToken([GROUPS.supervisors])) })).status).toBe(200);
    const demo = courierToken([GROUPS.dispatchers, GROUPS.supervisors]);
    expect((await api.request("/monitor", { headers: bearer(demo) })).status).toBe(200);
  });

  it("applies the same group rules to both pools' tokens", async () => {
    const api = app();
    await expectProblem(await api.request("/monitor", { headers: bearer(staffToken([])) }), 403, "forbidden");
    await expectProblem(
      await api.request("/monitor", { headers: bearer(courierToken([GROUPS.dispatchers])) }),
      403,
      "forbidden",
    );
    await expectProblem(
      await api.request("/monitor", { headers: bearer(staffToken([GROUPS.couriers])) }),
      403,
      "forbidden",
    );
  });

  it.each([
    [
      "a staff token issued to the couriers' client",
      () => staffToken([GROUPS.supervisors], { clientId: COURIERS_CLIENT }),
    ],
    [
      "a couriers' token issued to the staff client",
      () => courierToken([GROUPS.supervisors], { clientId: STAFF_CLIENT }),
    ],
    [
      "a staff-issuer token signed with the couriers' key",
      () => staffToken([GROUPS.supervisors], { key: couriersKey }),
    ],
    ["a couriers'-issuer token signed with the staff key", () => courierToken([GROUPS.supervisors], { key: staffKey })],
  ])("refuses %s with 401", async (_, token) => {
    await expectProblem(await app().request("/monitor", { headers: bearer(token()) }), 401, "unauthenticated");
  });

  it("refuses to exist when the other issuer is not on loopback", () => {
    expect(() =>
      createLocalIssuerAccessTokenVerifier({
        issuer: "http://127.0.0.1:9229/couriers_pool",
        clientId: COURIERS_CLIENT,
        otherIssuers: [
          { issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Staff", clientId: STAFF_CLIENT },
        ],
      }),
    ).toThrow(/not on loopback/);
  });
});

describe("the Cognito verifier over both pools (what the Lambdas use with STAFF_USER_POOL_ID and STAFF_CLIENT_ID)", () => {
  const COURIERS_POOL = "us-east-1_Couriers1";
  const STAFF_POOL = "us-east-1_Staff1";
  const issuerOf = (pool: string) => `https://cognito-idp.us-east-1.amazonaws.com/${pool}`;
  const couriersKey = createSigningKey("cognito-couriers-key");
  const staffKey = createSigningKey("cognito-staff-key");
  const fetcher: Fetcher = {
    fetch: async (uri) => {
      const jwks =
        uri === `${issuerOf(COURIERS_POOL)}/.well-known/jwks.json`
          ? jwksOf(couriersKey)
          : uri === `${issuerOf(STAFF_POOL)}/.well-known/jwks.json`
            ? jwksOf(staffKey)
            : undefined;
      if (jwks === undefined) throw new Error(`unexpected JWKS URI ${uri}`);
      return new TextEncoder().encode(JSON.stringify(jwks)).buffer as ArrayBuffer;
    },
  };
  const verifier = () =>
    createCognitoAccessTokenVerifier({
      userPoolId: COURIERS_POOL,
      clientId: "couriers-client",
      otherPools: [{ userPoolId: STAFF_POOL, clientId: "staff-client" }],
      fetcher,
    });
  const token = (pool: string, clientId: string, key: typeof staffKey, groups: string[]) =>
    signRs256(accessTokenClaims({ issuer: issuerOf(pool), clientId, groups }), key);

  it("accepts each pool's access tokens for its own app client", async () => {
    const v = verifier();
    await expect(v.verify(token(STAFF_POOL, "staff-client", staffKey, [GROUPS.supervisors]))).resolves.toMatchObject({
      groups: [GROUPS.supervisors],
    });
    await expect(
      v.verify(token(COURIERS_POOL, "couriers-client", couriersKey, [GROUPS.couriers])),
    ).resolves.toMatchObject({ groups: [GROUPS.couriers] });
  });

  it.each([
    [
      "a staff token for the couriers' client",
      () => token(STAFF_POOL, "couriers-client", staffKey, []),
      CognitoJwtInvalidClientIdError,
    ],
    [
      "a staff-pool token signed with the couriers' key",
      () => token(STAFF_POOL, "staff-client", couriersKey, []),
      KidNotFoundInJwksError,
    ],
    ["a third pool's token", () => token("us-east-1_Other1", "staff-client", staffKey, []), ParameterValidationError],
  ] as const)("rejects %s", async (_, make, errorClass) => {
    await expect(verifier().verify(make())).rejects.toBeInstanceOf(errorClass);
  });
});
