import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AuthSessions } from "./local-cognito/auth-sessions.js";
import { FailureBackoff, PER_ADDRESS, PER_USER } from "./local-cognito/backoff.js";
import type { Directory, Operation } from "./local-cognito/directory.js";
import { CognitoError } from "./local-cognito/errors.js";
import { getTokensFromRefreshToken, initiateAuth, respondToAuthChallenge } from "./local-cognito/sign-in.js";
import { associateSoftwareToken, verifySoftwareToken } from "./local-cognito/software-token.js";
import { deleteUser, revokeToken, updateUserAttributes } from "./local-cognito/token-calls.js";
import { type LocalUser, LocalUserPool } from "./local-cognito/user-pool.js";

/**
 * LOCAL ONLY. A Cognito-compatible sign-in endpoint for the laptop stack: the AWS JSON 1.1 protocol (POST / with
 * `X-Amz-Target`), two user pools on the one endpoint (the couriers' pool, password sign-in; the staff pool, TOTP
 * required), the calls and challenges a sign-in with a second factor takes, renewals (the staff pool's client
 * rotates refresh tokens, as the deployed one does), RevokeToken, the self-service calls
 * Cognito refuses to tokens without the user-admin scope, Cognito's error codes, backoff after repeated failures,
 * and a JWKS per pool at `<issuer>/.well-known/jwks.json`. Tokens are RS256-signed with keys generated for each
 * run and never written anywhere, so a token minted here is worthless after a restart and can never be accepted
 * by a deployed stack (whose API trusts only its Cognito pools).
 *
 * Chosen over the `cognito-local` package: that one brings 128 MB of dependencies on the end-of-support
 * aws-sdk v2, ships a public signing key, fixes its issuer port at module load (no free ports for tests)
 * and enforces few of Cognito's negative paths.
 */

interface StaffPoolOptions {
  readonly users: readonly LocalUser[];
  /** Access and ID token lifetime, seconds (default 900: the deployed staff pool's 15 minutes). */
  readonly tokenLifetimeSeconds?: number;
  /** Refresh token lifetime, seconds (default 86,400: the deployed staff pool's 1 day). */
  readonly refreshTokenLifetimeSeconds?: number;
  /**
   * The staff client rotates refresh tokens, as the deployed one does: how long a replaced refresh token is still
   * accepted, seconds (default 10, the deployed client's RetryGracePeriodSeconds).
   */
  readonly refreshTokenRotationGraceSeconds?: number;
  /** Scopes in access tokens (default none, as the deployed trigger suppresses the user-admin scope). */
  readonly accessTokenScopes?: readonly string[];
}

export interface LocalCognitoOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port?: number;
  readonly host?: string;
  readonly region?: string;
  /** The couriers' pool: lifetime of access and ID tokens, seconds (Cognito's default is 3600). */
  readonly tokenLifetimeSeconds?: number;
  /** The couriers' pool: lifetime of refresh tokens, seconds (Cognito's default is 30 days). */
  readonly refreshTokenLifetimeSeconds?: number;
  /** The couriers' pool: scopes in access tokens (default none, as the deployed trigger suppresses the user-admin scope). */
  readonly accessTokenScopes?: readonly string[];
  /**
   * Which browser origins may call this endpoint (CORS), as Amazon Cognito answers browsers' preflights.
   * Asked per request, so the caller can allow an origin that is only known after this endpoint started.
   * Default: none (non-browser clients need no CORS).
   */
  readonly allowOrigin?: (origin: string) => boolean;
  /** The couriers' pool's users (couriers, dispatchers): password sign-in. */
  readonly users: readonly LocalUser[];
  /** The staff pool (supervisors): MFA required, TOTP. Default: a staff pool with no users. */
  readonly staff?: StaffPoolOptions;
}

/** One pool as clients see it. */
interface LocalPool {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly userPoolId: string;
  readonly clientId: string;
}

/** The endpoint; its own fields describe the couriers' pool, `staff` the staff pool. */
export interface LocalCognito extends LocalPool {
  readonly endpoint: string;
  readonly region: string;
  readonly staff: LocalPool;
  /** Refresh tokens held (issued, not yet pruned), both pools together. */
  heldRefreshTokens(): number;
  stop(): Promise<void>;
}

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

const PRUNE_EVERY_MS = 60_000;

export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const region = options.region ?? "us-east-1";
  const allowOrigin = options.allowOrigin ?? (() => false);
  const couriers = new LocalUserPool({
    region,
    mfa: "off",
    accessTokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 30 * 24 * 3600,
    accessTokenScopes: options.accessTokenScopes ?? [],
    users: options.users,
  });
  const staff = new LocalUserPool({
    region,
    mfa: "required",
    accessTokenLifetimeSeconds: options.staff?.tokenLifetimeSeconds ?? 15 * 60,
    refreshTokenLifetimeSeconds: options.staff?.refreshTokenLifetimeSeconds ?? 24 * 3600,
    refreshTokenRotation: { graceSeconds: options.staff?.refreshTokenRotationGraceSeconds ?? 10 },
    accessTokenScopes: options.staff?.accessTokenScopes ?? [],
    users: options.staff?.users ?? [],
  });
  const pools = [couriers, staff];
  const directory: Directory = {
    pools,
    sessions: new AuthSessions(),
    userBackoff: new FailureBackoff(PER_USER),
    addressBackoff: new FailureBackoff(PER_ADDRESS),
  };
  const operations: Record<string, Operation> = {
    InitiateAuth: initiateAuth(directory),
    GetTokensFromRefreshToken: getTokensFromRefreshToken(directory),
    RespondToAuthChallenge: respondToAuthChallenge(directory),
    AssociateSoftwareToken: associateSoftwareToken(directory),
    VerifySoftwareToken: verifySoftwareToken(directory),
    RevokeToken: revokeToken(directory),
    UpdateUserAttributes: updateUserAttributes(directory),
    DeleteUser: deleteUser(directory),
  };
  // Expired refresh tokens are pruned at each issue and once a minute, so an idle stack lets them go too.
  const pruning = setInterval(() => {
    for (const pool of pools) pool.refreshTokens.prune();
  }, PRUNE_EVERY_MS);
  pruning.unref();

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

  function wellKnown(path: string): unknown {
    for (const pool of pools) {
      if (path === `/${pool.id}/.well-known/jwks.json`) return pool.key.jwks();
      if (path === `/${pool.id}/.well-known/openid-configuration`)
        return { issuer: pool.issuer, jwks_uri: pool.jwksUri };
    }
    return undefined;
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
    const known = req.method === "GET" ? wellKnown(url.pathname) : undefined;
    if (known !== undefined) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(known));
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
      const address = req.socket.remoteAddress ?? "unknown";
      // The deployed pools sit behind a rate-based WAF rule; an address locked out here is refused every call.
      if (directory.addressBackoff.isLockedOut(address))
        throw new CognitoError("ForbiddenException", "Request not allowed due to WAF block.", 403);
      const target = String(req.headers["x-amz-target"] ?? "");
      const body = await readBody(req);
      let input: Record<string, unknown>;
      try {
        input = body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
      } catch {
        throw new CognitoError("SerializationException", "Request body is not valid JSON");
      }
      const prefix = "AWSCognitoIdentityProviderService.";
      const operation = target.startsWith(prefix) ? operations[target.slice(prefix.length)] : undefined;
      if (operation === undefined)
        throw new CognitoError(
          "UnknownOperationException",
          `This local endpoint implements ${Object.keys(operations).join(", ")}, not ${target || "(no X-Amz-Target)"}`,
        );
      return reply(200, operation(input, { address }));
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
  // tokens: the endpoint and the issuers stay on loopback, the only issuers the API's local verifier accepts.
  const endpoint = `http://${loopbackNameFor(host)}:${port}`;
  for (const pool of pools) pool.issuer = `${endpoint}/${pool.id}`;
  const describe = (pool: LocalUserPool): LocalPool => ({
    issuer: pool.issuer,
    jwksUri: pool.jwksUri,
    userPoolId: pool.id,
    clientId: pool.clientId,
  });
  return {
    endpoint,
    region,
    ...describe(couriers),
    staff: describe(staff),
    heldRefreshTokens: () => pools.reduce((sum, pool) => sum + pool.refreshTokens.size, 0),
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(pruning);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
