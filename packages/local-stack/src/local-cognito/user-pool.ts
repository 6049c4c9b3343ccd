import { randomBytes, randomUUID } from "node:crypto";
import { CognitoError } from "./errors.js";
import { type RefreshTokenRotation, RefreshTokenStore } from "./refresh-tokens.js";
import { SigningKey } from "./signing-key.js";

export interface LocalUser {
  readonly username: string;
  readonly password: string;
  readonly email: string;
  readonly groups: readonly string[];
  /** The courier this user is: its `custom:courier_id` attribute, set by the operator (absent for non-couriers). */
  readonly courierId?: string;
  /** A software token (TOTP) already enrolled, base32: the user signs in with its codes. Absent: not enrolled. */
  readonly totpSecret?: string;
}

/** A user as the pool keeps it: its enrolment changes when it associates and verifies a software token. */
interface PoolUser extends LocalUser {
  readonly sub: string;
  totpSecret?: string;
}

export interface UserPoolSettings {
  readonly region: string;
  /** `required`: every sign-in answers a TOTP code (users without one enrol first: MFA_SETUP). */
  readonly mfa: "off" | "required";
  readonly accessTokenLifetimeSeconds: number;
  readonly refreshTokenLifetimeSeconds: number;
  /**
   * Set: the app client rotates refresh tokens (RefreshTokenRotation ENABLED): renewals go through
   * GetTokensFromRefreshToken, each answering a replacement refresh token, and REFRESH_TOKEN_AUTH is not allowed.
   */
  readonly refreshTokenRotation?: RefreshTokenRotation;
  /**
   * Scopes written into access tokens. Cognito writes `aws.cognito.signin.user.admin`; the deployed pools'
   * pre token generation trigger suppresses it, so the default here is none.
   */
  readonly accessTokenScopes: readonly string[];
  readonly users: readonly LocalUser[];
}

/**
 * Cognito puts custom attributes in ID tokens only; the deployed user pool's pre token generation trigger (V2_0)
 * copies this one into access tokens, which is what the API reads. This endpoint puts it in both, the same way.
 */
const COURIER_ID_CLAIM = "custom:courier_id";

/** Scope Cognito requires of the access token for the calls a user makes on itself (UpdateUserAttributes, ...). */
export const USER_ADMIN_SCOPE = "aws.cognito.signin.user.admin";

export type AuthenticationResult = Record<string, unknown>;

/** LOCAL ONLY. One user pool with one app client (no secret): its users, keys, tokens and refresh tokens. */
export class LocalUserPool {
  readonly id: string;
  readonly clientId = randomBytes(13).toString("hex").slice(0, 26);
  readonly key = new SigningKey();
  readonly refreshTokens: RefreshTokenStore;
  /** Set once the endpoint listens: `<endpoint>/<pool id>`. */
  issuer = "";
  private readonly users: Map<string, PoolUser>;
  /** Origins (`origin_jti`) of revoked refresh tokens, kept until the access tokens minted from them expire. */
  private readonly revokedOrigins = new Map<string, number>();

  constructor(
    readonly settings: UserPoolSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.id = `${settings.region}_local${randomBytes(4).toString("hex")}`;
    this.refreshTokens = new RefreshTokenStore(settings.refreshTokenLifetimeSeconds * 1000, now);
    this.users = new Map(settings.users.map((user) => [user.username, { ...user, sub: randomUUID() }]));
  }

  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  user(username: string): PoolUser | undefined {
    return this.users.get(username);
  }

  deleteUser(username: string): void {
    this.users.delete(username);
  }

  /**
   * Tokens for a signed-in user; a refresh token too at sign-in, and at a renewal the replacement a rotation issued
   * (without rotation Cognito keeps the refresh token it has).
   */
  tokensFor(username: string, refresh: { originJti: string } | "new", replacement?: string): AuthenticationResult {
    const user = this.users.get(username);
    if (user === undefined) throw new CognitoError("NotAuthorizedException", "User does not exist.");
    const now = Math.floor(this.now() / 1000);
    const lifetime = this.settings.accessTokenLifetimeSeconds;
    const originJti = refresh === "new" ? randomUUID() : refresh.originJti;
    const common = {
      sub: user.sub,
      iss: this.issuer,
      origin_jti: originJti,
      event_id: randomUUID(),
      auth_time: now,
      iat: now,
      exp: now + lifetime,
      jti: randomUUID(),
    };
    const groups = user.groups.length > 0 ? { "cognito:groups": [...user.groups] } : {};
    const courier = user.courierId === undefined ? {} : { [COURIER_ID_CLAIM]: user.courierId };
    const scopes = this.settings.accessTokenScopes;
    const result: AuthenticationResult = {
      AccessToken: this.key.sign({
        ...common,
        ...groups,
        ...courier,
        client_id: this.clientId,
        token_use: "access",
        ...(scopes.length > 0 ? { scope: scopes.join(" ") } : {}),
        username: user.username,
      }),
      ExpiresIn: lifetime,
      TokenType: "Bearer",
      IdToken: this.key.sign({
        ...common,
        ...groups,
        ...courier,
        aud: this.clientId,
        token_use: "id",
        "cognito:username": user.username,
        email: user.email,
        email_verified: true,
      }),
    };
    if (refresh === "new") result.RefreshToken = this.refreshTokens.issue(username, this.clientId, originJti);
    else if (replacement !== undefined) result.RefreshToken = replacement;
    return result;
  }

  /** RevokeToken of one of this pool's refresh tokens: it and the access tokens minted from it end now. */
  revoke(refreshToken: string, clientId: string): void {
    const origin = this.refreshTokens.revoke(refreshToken, clientId);
    const now = this.now();
    for (const [jti, until] of this.revokedOrigins) if (now >= until) this.revokedOrigins.delete(jti);
    if (origin !== undefined)
      this.revokedOrigins.set(origin, now + this.settings.accessTokenLifetimeSeconds * 1000 + 60_000);
  }

  /**
   * The user an access token of this pool speaks for, checked as Cognito checks the token of a call it authorises
   * with one (signature, expiry, token use, revocation, then the scope it needs); undefined when the token is not
   * this pool's.
   */
  userOfAccessToken(token: string, requiredScope: string): PoolUser | undefined {
    const claims = this.key.claimsOf(token);
    if (claims === undefined || claims.iss !== this.issuer) return undefined;
    if (claims.token_use !== "access") throw new CognitoError("NotAuthorizedException", "Invalid Access Token");
    if (typeof claims.exp !== "number" || this.now() >= claims.exp * 1000)
      throw new CognitoError("NotAuthorizedException", "Access Token has expired");
    if (typeof claims.origin_jti === "string" && this.revokedOrigins.has(claims.origin_jti))
      throw new CognitoError("NotAuthorizedException", "Access Token has been revoked");
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
    if (!scopes.includes(requiredScope))
      throw new CognitoError("NotAuthorizedException", "Access Token does not have required scopes");
    const user = typeof claims.username === "string" ? this.users.get(claims.username) : undefined;
    if (user === undefined || user.sub !== claims.sub)
      throw new CognitoError("NotAuthorizedException", "User does not exist.");
    return user;
  }
}
