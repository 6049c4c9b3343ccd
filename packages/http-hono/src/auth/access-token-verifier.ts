import { DependencyUnavailableError } from "@cargo-express/domain";
import { FetchError } from "aws-jwt-verify/error";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";

/** Who a verified access token speaks for. */
export interface VerifiedAccessToken {
  readonly subject: string;
  readonly username?: string;
  /** The token's `cognito:groups`, empty when it has none. */
  readonly groups: string[];
  /**
   * The courier this user is, from the `custom:courier_id` claim, canonical (`"0106"` is `"106"`); absent when
   * the token has none or it is not a courier id. Cognito puts custom attributes in ID tokens only; the deployed
   * user pool's pre token generation trigger copies this one into access tokens (see the package README).
   */
  readonly courierId?: string;
}

/** The claim naming the courier a user is: the Cognito custom attribute, copied into access tokens. */
const COURIER_ID_CLAIM = "custom:courier_id";

/** The domain's canonical courier id (`106`, `"106"`, `"0106"` are all `"106"`), or undefined for anything else. */
function canonicalCourierId(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return String(BigInt(value));
  return undefined;
}

/** Verifies a bearer access token (signature, issuer, expiry, client, token use); rejects when it is not valid. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifiedAccessToken>;
}

/** A claim this API requires is missing; the token is refused like any other invalid token. */
class RequiredClaimMissingError extends Error {
  override readonly name = "RequiredClaimMissingError";
}

/**
 * Claims aws-jwt-verify does not insist on but this API does: a token without an expiry would be valid
 * forever, and one without a subject speaks for nobody.
 */
export function assertRequiredClaims({ payload }: { payload: JwtPayload }): void {
  if (typeof payload.exp !== "number") throw new RequiredClaimMissingError("the token has no expiry (exp)");
  if (typeof payload.sub !== "string" || payload.sub === "")
    throw new RequiredClaimMissingError("the token has no subject (sub)");
}

function verifiedAccessTokenFrom(payload: JwtPayload): VerifiedAccessToken {
  const groups = payload["cognito:groups"];
  const courierId = canonicalCourierId(payload[COURIER_ID_CLAIM]);
  return {
    subject: String(payload.sub),
    ...(typeof payload.username === "string" ? { username: payload.username } : {}),
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === "string") : [],
    ...(courierId === undefined ? {} : { courierId }),
  };
}

async function verifyPayloadWith(verify: () => Promise<JwtPayload>): Promise<JwtPayload> {
  try {
    return await verify();
  } catch (error) {
    if (error instanceof FetchError) {
      throw new DependencyUnavailableError("the token issuer's signing keys could not be fetched", 5, { cause: error });
    }
    throw error;
  }
}

/** Default size of a verifier's cache of verified tokens: far more than the users one function instance serves. */
const DEFAULT_TOKEN_CACHE_ENTRIES = 1000;

export interface TokenCacheOptions {
  /** Most tokens kept; the least recently used goes first. Default 1,000. 0 turns the cache off. */
  readonly maxEntries?: number;
  /** Milliseconds since the epoch (tests move it). Default Date.now. */
  readonly now?: () => number;
}

/**
 * Tokens that passed full verification (signature, issuer, expiry, not-before, client, token use, required
 * claims), kept so the same token is not verified again on every request. Keyed by the whole token text, so
 * a token differing in any byte (another signature, a tampered payload) is a miss and is verified in full.
 * An entry is never used at or after the token's `exp` (it is dropped then), and only tokens that verified
 * are stored: a refused token is verified again each time it is sent. Bounded: at most `maxEntries` tokens,
 * least recently used evicted first.
 *
 * What it does not see: a signing key removed from the issuer's JWKS before the tokens it signed expire (the
 * tokens stay accepted until their `exp`, at most Cognito's access token lifetime, as with any JWKS cache), and
 * a Cognito sign-out (`GlobalSignOut`), which access tokens' signatures never reflect anyway.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<
    string,
    { readonly identity: VerifiedAccessToken; readonly expiresAtMs: number }
  >();
  readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: TokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_TOKEN_CACHE_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The identity of a token verified before and not yet expired, else undefined. */
  get(token: string): VerifiedAccessToken | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    this.entries.delete(token);
    if (this.now() >= entry.expiresAtMs) return undefined;
    this.entries.set(token, entry); // most recently used last
    return entry.identity;
  }

  /** Keeps a token that has just verified, until its `exp` (seconds since the epoch). */
  set(token: string, identity: VerifiedAccessToken, expSeconds: number): void {
    const expiresAtMs = expSeconds * 1000;
    if (this.maxEntries <= 0 || !Number.isFinite(expiresAtMs) || this.now() >= expiresAtMs) return;
    this.entries.delete(token);
    this.entries.set(token, { identity, expiresAtMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}

/**
 * An AccessTokenVerifier over a full verification (`verify`, e.g. aws-jwt-verify's) with a cache of the
 * tokens that passed it: the first sight of a token runs every check, later requests with the same token
 * until its expiry reuse the result. A token that fails is never cached.
 */
export function cachingAccessTokenVerifier(
  verify: (token: string) => Promise<JwtPayload>,
  options: TokenCacheOptions = {},
): AccessTokenVerifier & { readonly cache: VerifiedTokenCache } {
  const cache = new VerifiedTokenCache(options);
  return {
    cache,
    async verify(token) {
      const cached = cache.get(token);
      if (cached !== undefined) return cached;
      const payload = await verifyPayloadWith(() => verify(token));
      const identity = freezeIdentity(verifiedAccessTokenFrom(payload));
      // assertRequiredClaims has made sure exp is a number; a verify without it is simply not cached.
      if (typeof payload.exp === "number") cache.set(token, identity, payload.exp);
      return identity;
    },
  };
}

/** Shared between requests once cached, so nobody may change it. */
function freezeIdentity(identity: VerifiedAccessToken): VerifiedAccessToken {
  Object.freeze(identity.groups);
  return Object.freeze(identity);
}
