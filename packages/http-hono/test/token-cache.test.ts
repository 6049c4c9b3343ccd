import { CognitoJwtVerifier } from "aws-jwt-verify";
import { JwtExpiredError, JwtInvalidSignatureError } from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  assertRequiredClaims,
  cachingAccessTokenVerifier,
  VerifiedTokenCache,
} from "../src/auth/access-token-verifier.js";
import { createCognitoAccessTokenVerifier } from "../src/index.js";
import { bearer, buildApp, GROUPS } from "./support/harness.js";
import { expectProblem } from "./support/problems.js";
import { accessTokenClaims, createSigningKey, jwksOf, signRs256, tamper, type Claims } from "./support/tokens.js";

const USER_POOL_ID = "us-east-1_CachePool1";
const ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
const CLIENT = "cache-client-1";
const key = createSigningKey("cache-key-1");
const otherKey = createSigningKey("cache-key-1"); // same kid, another key: a forged signature
const fetcher: Fetcher = {
  fetch: async () => new TextEncoder().encode(JSON.stringify(jwksOf(key))).buffer as ArrayBuffer,
};
const nowSeconds = () => Math.floor(Date.now() / 1000);
const claims = (extra: Claims = {}) => ({
  ...accessTokenClaims({ issuer: ISSUER, clientId: CLIENT, groups: [GROUPS.supervisors] }),
  ...extra,
});

/** aws-jwt-verify's full verification as the Lambdas configure it, counting how often it runs. */
function countedFullVerification() {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: USER_POOL_ID, tokenUse: "access", clientId: CLIENT, customJwtCheck: assertRequiredClaims },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
  const verify = vi.fn((token: string) => verifier.verify(token));
  return { verify };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the cache of verified tokens", () => {
  it("verifies a token in full on first sight, then reuses the result for the same token", async () => {
    const { verify } = countedFullVerification();
    const verifier = cachingAccessTokenVerifier(verify);
    const token = signRs256(claims(), key);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toEqual(first);
    expect(await verifier.verify(token)).toEqual(first);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(first.groups).toEqual([GROUPS.supervisors]);
    // Shared between requests, so frozen.
    expect(Object.isFrozen(first) && Object.isFrozen(first.groups)).toBe(true);
  });

  it("never caches a token whose signature is wrong: each sight is verified in full and refused", async () => {
    const { verify } = countedFullVerification();
    const verifier = cachingAccessTokenVerifier(verify);
    const forged = signRs256(claims(), otherKey);
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(JwtInvalidSignatureError);
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(JwtInvalidSignatureError);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verifier.cache.size).toBe(0);
  });

  it("does not let a cached token vouch for a tampered copy of it (the key is the whole token)", async () => {
    const { verify } = countedFullVerification();
    const verifier = cachingAccessTokenVerifier(verify);
    const token = signRs256(claims({ "cognito:groups": [GROUPS.couriers] }), key);
    await verifier.verify(token);
    const tampered = tamper(token, (c) => ({ ...c, "cognito:groups": [GROUPS.supervisors] }));
    await expect(verifier.verify(tampered)).rejects.toBeInstanceOf(JwtInvalidSignatureError);
    expect(verifier.cache.size).toBe(1);
  });

  it("refuses a cached token once it has expired (the entry is never used at or after exp)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { verify } = countedFullVerification();
    const verifier = cachingAccessTokenVerifier(verify);
    const exp = nowSeconds() + 60;
    const token = signRs256(claims({ exp }), key);
    await verifier.verify(token);
    vi.setSystemTime(exp * 1000 - 1);
    await verifier.verify(token);
    expect(verify).toHaveBeenCalledTimes(1);
    vi.setSystemTime(exp * 1000 + 1500);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(JwtExpiredError);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(verifier.cache.size).toBe(0);
  });

  it("answers 401 for a token that was accepted, once it expires (the Lambdas' verifier, through the app)", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const verifier = createCognitoAccessTokenVerifier({ userPoolId: USER_POOL_ID, clientId: CLIENT, fetcher });
    const { app } = buildApp({ verifier });
    const exp = nowSeconds() + 60;
    const token = signRs256(claims({ exp }), key);
    expect((await app.request("/monitor", { headers: bearer(token) })).status).toBe(200);
    vi.setSystemTime(exp * 1000 + 1500);
    await expectProblem(await app.request("/monitor", { headers: bearer(token) }), 401, "unauthenticated");
  });

  it("does not keep a token that has no exp or has already expired", () => {
    const cache = new VerifiedTokenCache({ now: () => 10_000 });
    cache.set("a", { subject: "s", groups: [] }, 10); // exp 10 s = now
    cache.set("b", { subject: "s", groups: [] }, Number.NaN);
    expect(cache.size).toBe(0);
  });

  it("is bounded: past maxEntries the least recently used token goes first", async () => {
    const { verify } = countedFullVerification();
    const verifier = cachingAccessTokenVerifier(verify, { maxEntries: 2 });
    const [a, b, c] = ["a", "b", "c"].map((jti) => signRs256(claims({ jti }), key)) as [string, string, string];
    await verifier.verify(a);
    await verifier.verify(b);
    await verifier.verify(a); // a is now the most recently used
    await verifier.verify(c); // evicts b
    expect(verifier.cache.size).toBe(2);
    expect(verify).toHaveBeenCalledTimes(3);
    await verifier.verify(a);
    expect(verify).toHaveBeenCalledTimes(3);
    await verifier.verify(b);
    expect(verify).toHaveBeenCalledTimes(4);
    expect(verifier.cache.size).toBe(2);
  });

  it("can be turned off: maxEntries 0 verifies every request in full", async () => {
    const { verify } = countedFullVerification();
    const verifier = cachingAccessTokenVerifier(verify, { maxEntries: 0 });
    const token = signRs256(claims(), key);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(verify).toHaveBeenCalledTimes(2);
  });
});
