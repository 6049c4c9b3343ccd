import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { CognitoError } from "./errors.js";

interface HeldRefreshToken {
  readonly username: string;
  readonly clientId: string;
  /** Shared by every token minted from this refresh token (the `origin_jti` claim), so revoking it revokes them. */
  readonly originJti: string;
  readonly expiresAtMs: number;
  revoked: boolean;
  /** When a rotation first replaced it (GetTokensFromRefreshToken on a rotating client); it dies a grace later. */
  replacedAtMs?: number;
}

/** What a refresh token stands for, once accepted. */
export interface RefreshGrant {
  readonly username: string;
  readonly originJti: string;
}

/** Refresh token rotation, as an app client with `RefreshTokenRotation` ENABLED does it. */
export interface RefreshTokenRotation {
  /**
   * How long a replaced token is still accepted (Cognito's RetryGracePeriodSeconds, 0 to 60): a client whose answer
   * was lost can retry with the token it has.
   */
  readonly graceSeconds: number;
}

/**
 * One user pool's refresh tokens: issued with a lifetime, refused once expired or revoked, and pruned once
 * expired so the store does not grow with every sign-in. A token is opaque to clients (as Cognito's are) but
 * carries its own expiry under a per-run MAC, so a pruned token is still answered "has expired" rather than
 * "invalid", as Cognito answers; a token from an earlier run fails the MAC and is invalid.
 *
 * With rotation, each renewal replaces the token with a new one of the same session: same origin, same expiry (a
 * rotation never lengthens a session, as Cognito's replacements keep the original's expiry); the replaced token is
 * refused once its grace is over. Revoking any token of a session revokes all of them.
 */
export class RefreshTokenStore {
  private readonly held = new Map<string, HeldRefreshToken>();
  private readonly macKey = randomBytes(32);

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many tokens are held (not yet pruned), for tests and the stack's own checks. */
  get size(): number {
    return this.held.size;
  }

  issue(username: string, clientId: string, originJti: string): string {
    this.prune();
    return this.hold({ username, clientId, originJti, expiresAtMs: this.now() + this.lifetimeMs, revoked: false });
  }

  /**
   * Rotation: the grant of a live token, and its replacement (same session and expiry). The token given is refused
   * `graceSeconds` after its first replacement; a retry within the grace gets another replacement.
   */
  replace(
    token: string,
    clientId: string,
    rotation: RefreshTokenRotation,
  ): { readonly grant: RefreshGrant; readonly replacement: string } {
    const grant = this.use(token, clientId, rotation);
    const { held } = this.lookup(token);
    if (held === undefined) throw new CognitoError("NotAuthorizedException", "Invalid Refresh Token");
    held.replacedAtMs ??= this.now();
    const replacement = this.hold({
      username: held.username,
      clientId,
      originJti: held.originJti,
      expiresAtMs: held.expiresAtMs,
      revoked: false,
    });
    return { grant, replacement };
  }

  private hold(token: HeldRefreshToken): string {
    const id = randomBytes(32).toString("base64url");
    this.held.set(id, token);
    return `${id}.${token.expiresAtMs}.${this.mac(id, token.expiresAtMs)}`;
  }

  /**
   * The grant of a live token issued to `clientId` (and, with rotation, not replaced longer ago than the grace);
   * NotAuthorizedException with Cognito's message otherwise.
   */
  use(token: string, clientId: string, rotation?: RefreshTokenRotation): RefreshGrant {
    const { held, expired } = this.lookup(token);
    if (expired) throw new CognitoError("NotAuthorizedException", "Refresh Token has expired");
    if (held === undefined || held.clientId !== clientId)
      throw new CognitoError("NotAuthorizedException", "Invalid Refresh Token");
    if (held.revoked) throw new CognitoError("NotAuthorizedException", "Refresh Token has been revoked");
    const graceMs = (rotation?.graceSeconds ?? 0) * 1000;
    if (held.replacedAtMs !== undefined && this.now() >= held.replacedAtMs + graceMs)
      throw new CognitoError("NotAuthorizedException", "Invalid Refresh Token");
    return { username: held.username, originJti: held.originJti };
  }

  /**
   * RevokeToken: the token, and the access tokens minted from it (by `origin_jti`), are refused from now on. An
   * unknown or expired token is not an error (RFC 7009, as Cognito's revocation answers); a token of another
   * app client is. Every token of the same session (rotated ones, still in their grace) is revoked with it.
   * Answers the revoked token's origin, if any.
   */
  revoke(token: string, clientId: string): string | undefined {
    const { held } = this.lookup(token);
    if (held === undefined) return undefined;
    if (held.clientId !== clientId)
      throw new CognitoError("UnauthorizedException", "The token was not issued to this app client.");
    for (const other of this.held.values()) if (other.originJti === held.originJti) other.revoked = true;
    return held.originJti;
  }

  /** Drops every token past its expiry (revoked ones too: their own expiry now answers for them). */
  prune(): void {
    const now = this.now();
    for (const [id, held] of this.held) if (now >= held.expiresAtMs) this.held.delete(id);
  }

  private lookup(token: string): { held?: HeldRefreshToken; expired: boolean } {
    const parts = token.split(".");
    if (parts.length !== 3) return { expired: false };
    const [id, expiry, mac] = parts as [string, string, string];
    const expiresAtMs = Number(expiry);
    if (!/^\d{1,16}$/.test(expiry) || !this.sameMac(mac, this.mac(id, expiresAtMs))) return { expired: false };
    if (this.now() >= expiresAtMs) return { expired: true };
    const held = this.held.get(id);
    return held === undefined ? { expired: false } : { held, expired: false };
  }

  private mac(id: string, expiresAtMs: number): string {
    return createHmac("sha256", this.macKey).update(`${id}.${expiresAtMs}`).digest("base64url");
  }

  private sameMac(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
