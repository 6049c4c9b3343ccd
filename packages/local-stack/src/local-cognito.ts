import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  timingSafeEqual,
  type KeyObject,
} from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * LOCAL ONLY. A Cognito-compatible sign-in endpoint for the laptop stack: the AWS JSON 1.1 protocol
 * (POST / with `X-Amz-Target`), `InitiateAuth` with `USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH`,
 * Cognito's error codes, and a JWKS at `<issuer>/.well-known/jwks.json`. Tokens are RS256-signed with
 * a key generated for each run and never written anywhere, so a token minted here is worthless after
 * a restart and can never be accepted by a deployed stack (whose API trusts only its Cognito pool).
 *
 * Chosen over the `cognito-local` package: that one brings 128 MB of dependencies on the end-of-support
 * aws-sdk v2, ships a public signing key, fixes its issuer port at module load (no free ports for tests)
 * and enforces few of Cognito's negative paths.
 */

interface LocalUser {
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly groups: readonly string[];
  /** The courier this user is: its `custom:courier_id` attribute, set by the operator (absent for non-couriers). */
  readonly courierId?: string;
}

/**
 * Cognito puts custom attributes in ID tokens only; the deployed user pool's pre token generation trigger (V2_0)
 * copies this one into access tokens, which is what the API reads. This endpoint puts it in both, the same way.
 */
const COURIER_ID_CLAIM = "custom:courier_id";

export interface LocalCognitoOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
  readonly host?: string;
  readonly region?: string;
  /** Lifetime of access and ID tokens, seconds (Cognito's default is 3600). */
  readonly tokenLifetimeSeconds?: number;
  /** Lifetime of refresh tokens, seconds (Cognito's default is 30 days). */
  readonly refreshTokenLifetimeSeconds?: number;
  /**
   * Which browser origins may call this endpoint (CORS), as Amazon Cognito answers browsers' preflights.
   * Asked per request, so the caller can allow an origin that is only known after this endpoint started.
   * Default: none (non-browser clients need no CORS).
   */
  readonly allowOrigin?: (origin: string) => boolean;
  readonly users: readonly LocalUser[];
}

export interface LocalCognito {
  readonly endpoint: string;
  readonly issuer: string;
  readonly jwksUri: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly region: string;
  stop(): Promise<void>;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");

function signJwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ kid, alg: "RS256" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign("RSA-SHA256", Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new CognitoError("InvalidParameterException", "Request body too large.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The loopback name to advertise for a listening host: a wildcard address (0.0.0.0, ::) is reached at 127.0.0.1. */
function loopbackNameFor(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "[::]" || host === "") return "127.0.0.1";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const region = options.region ?? "us-east-1";
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const refreshLifetimeMs = (options.refreshTokenLifetimeSeconds ?? 30 * 24 * 3600) * 1000;
  const allowOrigin = options.allowOrigin ?? (() => false);
  const userPoolId = `${region}_local${randomBytes(4).toString("hex")}`;
  const clientId = randomBytes(13).toString("hex").slice(0, 26);
  const kid = randomUUID();
  const { privateKey: privatePem } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const privateKey = createPrivateKey(privatePem);
  const jwk = createPublicKey(privateKey).export({ format: "jwk" });
  const users = new Map(options.users.map((user) => [user.username, { ...user, sub: randomUUID() }]));
  const refreshTokens = new Map<string, { username: string; expiresAt: number }>();

  let issuer = "";

  function tokensFor(username: string, withRefresh: boolean) {
    const user = users.get(username)!;
    const now = Math.floor(Date.now() / 1000);
    const originJti = randomUUID();
    const common = {
      sub: user.sub,
      iss: issuer,
      origin_jti: originJti,
      event_id: randomUUID(),
      auth_time: now,
      iat: now,
      exp: now + lifetime,
      jti: randomUUID(),
    };
    const groups = user.groups.length > 0 ? { "cognito:groups": [...user.groups] } : {};
    const courier = user.courierId === undefined ? {} : { [COURIER_ID_CLAIM]: user.courierId };
    const accessToken = signJwt(privateKey, kid, {
      ...common,
      ...groups,
      ...courier,
      client_id: clientId,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      username: user.username,
    });
    const idToken = signJwt(privateKey, kid, {
      ...common,
      ...groups,
      ...courier,
      aud: clientId,
      token_use: "id",
      "cognito:username": user.username,
      email: user.email,
      email_verified: true,
    });
    const result: Record<string, unknown> = {
      AccessToken: accessToken,
      ExpiresIn: lifetime,
      TokenType: "Bearer",
      IdToken: idToken,
    };
    if (withRefresh) {
      const refresh = randomBytes(48).toString("base64url");
      refreshTokens.set(refresh, { username, expiresAt: Date.now() + refreshLifetimeMs });
      result.RefreshToken = refresh;
    }
    return { ChallengeParameters: {}, AuthenticationResult: result };
  }

  function initiateAuth(input: Record<string, unknown>) {
    if (typeof input.ClientId !== "string" || input.ClientId === "")
      throw new CognitoError("InvalidParameterException", "Missing required parameter ClientId");
    if (input.ClientId !== clientId)
      throw new CognitoError("ResourceNotFoundException", `User pool client ${input.ClientId} does not exist.`);
    const params = (input.AuthParameters ?? {}) as Record<string, unknown>;
    switch (input.AuthFlow) {
      case "USER_PASSWORD_AUTH": {
        const username = params.USERNAME;
        const password = params.PASSWORD;
        if (typeof username !== "string" || typeof password !== "string") {
          throw new CognitoError("InvalidParameterException", "Missing required parameter USERNAME or PASSWORD");
        }
        const user = users.get(username);
        // Like a pool with user-existence errors prevented: an unknown user and a wrong password look the same.
        if (!user || !sameSecret(user.password, password))
          throw new CognitoError("NotAuthorizedException", "Incorrect username or password.");
        return tokensFor(username, true);
      }
      case "REFRESH_TOKEN_AUTH":
      case "REFRESH_TOKEN": {
        const refresh = typeof params.REFRESH_TOKEN === "string" ? refreshTokens.get(params.REFRESH_TOKEN) : undefined;
        if (!refresh) throw new CognitoError("NotAuthorizedException", "Invalid Refresh Token");
        if (Date.now() >= refresh.expiresAt)
          throw new CognitoError("NotAuthorizedException", "Refresh Token has expired");
        return tokensFor(refresh.username, false);
      }
      case undefined:
        throw new CognitoError("InvalidParameterException", "Missing required parameter AuthFlow");
      default:
        throw new CognitoError(
          "InvalidParameterException",
          `Unsupported AuthFlow ${String(input.AuthFlow)} (this local endpoint supports USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH)`,
        );
    }
  }

  /** CORS headers for an allowed browser origin; none for others (the browser then refuses the answer). */
  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (typeof origin !== "string" || !allowOrigin(origin)) return {};
    return {
      "access-control-allow-origin": origin,
      "access-control-expose-headers": "x-amzn-requestid, x-amzn-errortype",
      vary: "Origin",
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://local");
    if (req.method === "OPTIONS") {
      const cors = corsHeaders(req);
      if (!cors["access-control-allow-origin"]) {
        res.writeHead(403, { "content-type": "text/plain" }).end("origin not allowed");
        return;
      }
      res
        .writeHead(204, {
          ...cors,
          "access-control-allow-methods": "POST",
          "access-control-allow-headers": "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization",
          "access-control-max-age": "600",
        })
        .end();
      return;
    }
    if (req.method === "GET" && url.pathname === `/${userPoolId}/.well-known/jwks.json`) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] }));
      return;
    }
    if (req.method === "GET" && url.pathname === `/${userPoolId}/.well-known/openid-configuration`) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` }));
      return;
    }
    const reply = (status: number, body: unknown, type?: string) => {
      res.writeHead(status, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": randomUUID(),
        ...corsHeaders(req),
        ...(type ? { "x-amzn-errortype": type } : {}),
      });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method !== "POST" || url.pathname !== "/")
        throw new CognitoError("UnknownOperationException", "Not found", 404);
      const target = String(req.headers["x-amz-target"] ?? "");
      const body = await readBody(req);
      let input: Record<string, unknown>;
      try {
        input = body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
      } catch {
        throw new CognitoError("SerializationException", "Request body is not valid JSON");
      }
      if (target === "AWSCognitoIdentityProviderService.InitiateAuth") return reply(200, initiateAuth(input));
      throw new CognitoError(
        "UnknownOperationException",
        `This local endpoint implements InitiateAuth only, not ${target || "(no X-Amz-Target)"}`,
      );
    } catch (error) {
      if (error instanceof CognitoError)
        return reply(error.status, { __type: error.type, message: error.message }, error.type);
      return reply(500, { __type: "InternalErrorException", message: "Internal error" }, "InternalErrorException");
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Listening on every interface (HOST=0.0.0.0) changes where clients may connect from, not who issues the
  // tokens: the endpoint and the issuer stay on loopback, the only issuer the API's local verifier accepts.
  const endpoint = `http://${loopbackNameFor(host)}:${port}`;
  issuer = `${endpoint}/${userPoolId}`;
  return {
    endpoint,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    userPoolId,
    clientId,
    region,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
