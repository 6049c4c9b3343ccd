import { OrderMother } from "@cargo-express/testkit";
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  JwtExpiredError,
  JwtInvalidSignatureError,
  ParameterValidationError,
} from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCognitoAccessTokenVerifier, createLocalIssuerAccessTokenVerifier, isLoopbackUrl } from "../src/index.js";
import { bearer, buildApp, GROUPS, jsonHeaders } from "./support/harness.js";
import { CLIENT_ID, startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";
import {
  accessTokenClaims,
  createSigningKey,
  idTokenClaims,
  jwksOf,
  signHs256WithPublicKey,
  signRs256,
  tamper,
  unsigned,
  type Claims,
} from "./support/tokens.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

const now = () => Math.floor(Date.now() / 1000);
const supervisorClaims = (): Claims =>
  accessTokenClaims({ issuer: ids.server.issuer, clientId: CLIENT_ID, groups: [GROUPS.supervisors] });

describe("tokens the API refuses with 401 (local issuer, real JWKS over loopback HTTP)", () => {
  const strangerKey = createSigningKey("stranger-key");

  const cases: [string, () => string][] = [
    ["expired", () => signRs256({ ...supervisorClaims(), exp: now() - 60, iat: now() - 3660 }, ids.key)],
    ["not yet valid (nbf in the future)", () => signRs256({ ...supervisorClaims(), nbf: now() + 600 }, ids.key)],
    ["from another issuer", () => signRs256({ ...supervisorClaims(), iss: "http://127.0.0.1:1/other_pool" }, ids.key)],
    ["for another app client", () => signRs256({ ...supervisorClaims(), client_id: "someone-else" }, ids.key)],
    [
      "an ID token instead of an access token",
      () =>
        signRs256(
          idTokenClaims({ issuer: ids.server.issuer, clientId: CLIENT_ID, groups: [GROUPS.supervisors] }),
          ids.key,
        ),
    ],
    ['signed with alg "none"', () => unsigned(supervisorClaims(), ids.key)],
    ["HS256-signed with the issuer's public key", () => signHs256WithPublicKey(supervisorClaims(), ids.key)],
    ["signed by an unknown key id", () => signRs256(supervisorClaims(), strangerKey)],
    [
      "signed by another key under the issuer's kid",
      () => signRs256(supervisorClaims(), { ...strangerKey, kid: ids.key.kid }),
    ],
    [
      "with a tampered payload",
      () =>
        tamper(
          signRs256(accessTokenClaims({ issuer: ids.server.issuer, clientId: CLIENT_ID, groups: [] }), ids.key),
          (claims) => ({ ...claims, "cognito:groups": [GROUPS.supervisors] }),
        ),
    ],
    ["without an expiry", () => signRs256((({ exp: _exp, ...claims }) => claims)(supervisorClaims()), ids.key)],
    ["that is not a JWT", () => "not-a-jwt"],
  ];

  it.each(cases)("refuses a token %s", async (_name, token) => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/monitor", { headers: bearer(token()) });
    await expectProblem(response, 401, "unauthenticated");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="cargo-express", error="invalid_token"');
  });

  it("accepts the same kind of token when it is valid (so the cases above fail for their reason)", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    expect((await app.request("/monitor", { headers: bearer(signRs256(supervisorClaims(), ids.key)) })).status).toBe(
      200,
    );
  });

  it.each([
    ["no Authorization header", {}],
    ["a Basic credential", { authorization: "Basic dXNlcjpwYXNz" }],
    ["an empty Bearer", { authorization: "Bearer " }],
  ])("refuses %s with 401 and a Bearer challenge", async (_name, headers) => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/monitor", { headers });
    await expectProblem(response, 401, "unauthenticated");
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="cargo-express"/);
  });
});

describe("authorisation by Cognito groups", () => {
  it("lets couriers post and refuses them the monitor and orders (403)", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random();
    expect(
      (await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: JSON.stringify(order) }))
        .status,
    ).toBe(201);
    const forbidden = await app.request("/monitor", { headers: bearer(ids.courier) });
    await expectProblem(forbidden, 403, "forbidden");
    expect(forbidden.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    await expectProblem(
      await app.request(`/orders/${order.pedido_id}`, { headers: bearer(ids.courier) }),
      403,
      "forbidden",
    );
  });

  it("refuses a signed-in user in no group (403) on every protected route", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const routes: [string, string][] = [
      ["POST", "/orders"],
      ["POST", "/order/registrar_pedido_entregado"],
      ["GET", "/orders/x"],
      ["GET", "/monitor"],
      ["GET", "/monitor/status"],
    ];
    for (const [method, path] of routes) {
      const init =
        method === "POST"
          ? { method, headers: jsonHeaders(ids.nobody), body: JSON.stringify(OrderMother.random()) }
          : { headers: bearer(ids.nobody) };
      await expectProblem(await app.request(path, init), 403, "forbidden");
    }
  });

  it("lets a user in both groups do both", async () => {
    const { app, project } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random();
    expect(
      (await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.both), body: JSON.stringify(order) }))
        .status,
    ).toBe(201);
    expect(
      (
        await app.request("/order/registrar_pedido_entregado", {
          method: "POST",
          headers: jsonHeaders(ids.both),
          body: JSON.stringify(OrderMother.random()),
        })
      ).status,
    ).toBe(200);
    await project();
    expect((await app.request(`/orders/${order.pedido_id}`, { headers: bearer(ids.both) })).status).toBe(200);
    expect((await app.request("/monitor", { headers: bearer(ids.both) })).status).toBe(200);
    expect((await app.request("/monitor/status", { headers: bearer(ids.both) })).status).toBe(200);
  });

  it("uses the configured group names", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    // The harness configures "couriers"/"supervisors"; a look-alike group grants nothing.
    await expectProblem(
      await app.request("/monitor", { headers: bearer(ids.token(["Supervisors", "supervisor"])) }),
      403,
      "forbidden",
    );
  });
});

describe("createLocalIssuerAccessTokenVerifier", () => {
  it.each([
    "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI",
    "http://example.com/local_pool",
    "http://localhost.example.com/local_pool",
    "http://127.0.0.1.nip.io/local_pool",
    "http://localhost@evil.example/local_pool",
    "http://10.0.0.5:9229/local_pool",
    "file:///tmp/jwks",
    "not a url",
  ])("refuses to exist for the non-loopback issuer %s", (issuer) => {
    expect(() => createLocalIssuerAccessTokenVerifier({ issuer, clientId: CLIENT_ID })).toThrow(/not on loopback/);
  });

  it("refuses a JWKS URI off loopback even with a loopback issuer", () => {
    expect(() =>
      createLocalIssuerAccessTokenVerifier({
        issuer: "http://localhost:9229/p",
        clientId: CLIENT_ID,
        jwksUri: "https://keys.example.com/jwks.json",
      }),
    ).toThrow(/jwksUri/);
  });

  it.each(["http://localhost:9229/p", "http://127.0.0.1:9229/p", "http://[::1]:9229/p", "https://LOCALHOST/p"])(
    "accepts the loopback issuer %s",
    (issuer) => {
      expect(isLoopbackUrl(issuer)).toBe(true);
      expect(() => createLocalIssuerAccessTokenVerifier({ issuer, clientId: CLIENT_ID })).not.toThrow();
    },
  );

  it("returns the subject, username and groups of a valid token", async () => {
    await expect(ids.verifier.verify(ids.both)).resolves.toEqual({
      subject: "9f3c1e2a-0000-4000-8000-000000000001",
      username: "demo-user",
      groups: [GROUPS.couriers, GROUPS.supervisors, GROUPS.dispatchers],
    });
  });

  it("returns the canonical courier id of a token's custom:courier_id claim, and none for anything that is not one", async () => {
    for (const [claim, courierId] of [
      [106, "106"],
      ["106", "106"],
      ["0106", "106"],
      ["0", "0"],
    ] as const) {
      await expect(ids.verifier.verify(ids.boundCourier(claim))).resolves.toMatchObject({ courierId });
    }
    for (const claim of ["", "abc", "10 6", -1, 1.5, "1".repeat(16), ["106"], { id: 106 }, null]) {
      const identity = await ids.verifier.verify(ids.boundCourier(claim));
      expect(identity).not.toHaveProperty("courierId");
    }
  });

  it("answers 503 with Retry-After when the issuer's keys cannot be fetched", async () => {
    const key = createSigningKey("unreachable-key");
    const issuer = "http://127.0.0.1:9/unreachable_pool"; // the discard port: nothing listens
    const { app } = buildApp({ verifier: createLocalIssuerAccessTokenVerifier({ issuer, clientId: CLIENT_ID }) });
    const token = signRs256(accessTokenClaims({ issuer, clientId: CLIENT_ID, groups: [GROUPS.supervisors] }), key);
    const response = await app.request("/monitor", { headers: bearer(token) });
    await expectProblem(response, 503, "dependency-unavailable");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("createCognitoAccessTokenVerifier (what the Lambdas use)", () => {
  const USER_POOL_ID = "us-east-1_TestPool1";
  const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
  const COGNITO_CLIENT = "cognito-client-1";
  const key = createSigningKey("cognito-key-1");

  /** Serves the test key at the user pool's JWKS URL, recording what was asked for. */
  const stubFetcher = () => {
    const requested: string[] = [];
    const fetcher: Fetcher = {
      fetch: async (uri) => {
        requested.push(uri);
        if (uri !== `${ISSUER}/.well-known/jwks.json`) throw new Error(`unexpected JWKS URI ${uri}`);
        return new TextEncoder().encode(JSON.stringify(jwksOf(key))).buffer as ArrayBuffer;
      },
    };
    return { fetcher, requested };
  };
  const claims = (extra: Claims = {}) => ({
    ...accessTokenClaims({ issuer: ISSUER, clientId: COGNITO_CLIENT, groups: [GROUPS.couriers] }),
    ...extra,
  });

  it("accepts the pool's access token for the app client, fetching the pool's JWKS", async () => {
    const { fetcher, requested } = stubFetcher();
    const verifier = createCognitoAccessTokenVerifier({ userPoolId: USER_POOL_ID, clientId: COGNITO_CLIENT, fetcher });
    await expect(verifier.verify(signRs256(claims(), key))).resolves.toMatchObject({ groups: [GROUPS.couriers] });
    expect(requested).toEqual([`${ISSUER}/.well-known/jwks.json`]);
  });

  it.each([
    [
      "another user pool (an issuer it is not configured for)",
      () => signRs256(claims({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other" }), key),
      ParameterValidationError,
    ],
    ["another app client", () => signRs256(claims({ client_id: "other-client" }), key), CognitoJwtInvalidClientIdError],
    [
      "an ID token",
      () => signRs256(idTokenClaims({ issuer: ISSUER, clientId: COGNITO_CLIENT }), key),
      CognitoJwtInvalidTokenUseError,
    ],
    ["an expired token", () => signRs256(claims({ exp: now() - 1 }), key), JwtExpiredError],
    [
      "a tampered token",
      () => tamper(signRs256(claims(), key), (c) => ({ ...c, "cognito:groups": [GROUPS.supervisors] })),
      JwtInvalidSignatureError,
    ],
  ] as const)("rejects %s", async (_name, token, errorClass) => {
    const { fetcher } = stubFetcher();
    const verifier = createCognitoAccessTokenVerifier({ userPoolId: USER_POOL_ID, clientId: COGNITO_CLIENT, fetcher });
    await expect(verifier.verify(token())).rejects.toBeInstanceOf(errorClass);
  });
});
