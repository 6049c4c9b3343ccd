import { createHmac, generateKeyPairSync, sign, type KeyObject } from "node:crypto";

/** An RSA signing key of a test issuer, with its public JWK. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly jwk: Record<string, string>;
}

export function createSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as Record<string, string>;
  return {
    kid,
    privateKey,
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    jwk: { ...jwk, kid, alg: "RS256", use: "sig" },
  };
}

export const jwksOf = (...keys: SigningKey[]) => ({ keys: keys.map((key) => key.jwk) });

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

export type Claims = Record<string, unknown>;

export function signRs256(payload: Claims, key: SigningKey, header: Claims = {}): string {
  const input = `${b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: key.kid, ...header }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign("RSA-SHA256", Buffer.from(input), key.privateKey).toString("base64url")}`;
}

/** The classic key-confusion forgery: HMAC with the issuer's public key as the secret. */
export function signHs256WithPublicKey(payload: Claims, key: SigningKey): string {
  const input = `${b64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: key.kid }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac("sha256", key.publicKeyPem).update(input).digest("base64url")}`;
}

export function unsigned(payload: Claims, key: SigningKey): string {
  return `${b64url(JSON.stringify({ alg: "none", typ: "JWT", kid: key.kid }))}.${b64url(JSON.stringify(payload))}.`;
}

/** Replaces the payload of a signed token, keeping its header and signature. */
export function tamper(token: string, change: (payload: Claims) => Claims): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Claims;
  return `${header}.${b64url(JSON.stringify(change(claims)))}.${signature}`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Claims of a Cognito access token. */
export function accessTokenClaims(options: {
  issuer: string;
  clientId: string;
  groups?: string[];
  subject?: string;
  courierId?: unknown;
}): Claims {
  const now = nowSeconds();
  return {
    sub: options.subject ?? "9f3c1e2a-0000-4000-8000-000000000001",
    ...(options.groups && options.groups.length > 0 ? { "cognito:groups": options.groups } : {}),
    // What the user pool's pre token generation trigger adds (see src/auth/access-token-verifier.ts).
    ...(options.courierId === undefined ? {} : { "custom:courier_id": options.courierId }),
    iss: options.issuer,
    client_id: options.clientId,
    origin_jti: "origin-jti",
    event_id: "event-id",
    token_use: "access",
    scope: "aws.cognito.signin.user.admin",
    auth_time: now - 60,
    exp: now + 3600,
    iat: now - 60,
    jti: "jti",
    username: "demo-user",
  };
}

/** Claims of a Cognito ID token of the same user (aud instead of client_id). */
export function idTokenClaims(options: { issuer: string; clientId: string; groups?: string[] }): Claims {
  const { client_id: _clientId, scope: _scope, username: _username, ...rest } = accessTokenClaims(options);
  return { ...rest, token_use: "id", aud: options.clientId, "cognito:username": "demo-user", email_verified: true };
}

/** A JWKS fetcher that answers with `key`'s public key, as a Lambda composition root's `jwksFetcher`. */
export function jwksFetcherOf(key: SigningKey): import("aws-jwt-verify/https").Fetcher {
  return { fetch: async () => new TextEncoder().encode(JSON.stringify(jwksOf(key))).buffer as ArrayBuffer };
}
