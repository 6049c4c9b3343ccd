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
export const COURIER_ID_CLAIM = "custom:courier_id";

/** The domain's canonical courier id (`106`, `"106"`, `"0106"` are all `"106"`), or undefined for anything else. */
export function canonicalCourierId(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return String(BigInt(value));
  return undefined;
}

/** Verifies a bearer access token (signature, issuer, expiry, client, token use); rejects when it is not valid. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifiedAccessToken>;
}

/** A claim this API requires is missing; the token is refused like any other invalid token. */
export class RequiredClaimMissingError extends Error {
  override readonly name = "RequiredClaimMissingError";
}

/**
 * Claims aws-jwt-verify does not insist on but this API does: a token without an expiry would be valid
 * forever, and one without a subject speaks for nobody.
 */
export function assertRequiredClaims({ payload }: { payload: JwtPayload }): void {
  if (typeof payload.exp !== "number") throw new RequiredClaimMissingError("the token has no expiry (exp)");
  if (typeof payload.sub !== "string" || payload.sub === "") throw new RequiredClaimMissingError("the token has no subject (sub)");
}

export function verifiedAccessTokenFrom(payload: JwtPayload): VerifiedAccessToken {
  const groups = payload["cognito:groups"];
  const courierId = canonicalCourierId(payload[COURIER_ID_CLAIM]);
  return {
    subject: String(payload.sub),
    ...(typeof payload.username === "string" ? { username: payload.username } : {}),
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === "string") : [],
    ...(courierId === undefined ? {} : { courierId }),
  };
}

/**
 * Runs a verification and tells a bad token apart from an issuer we cannot reach: failing to fetch the
 * signing keys is a dependency failure (503 with Retry-After), not the client's fault (401).
 */
export async function verifyWith(verify: () => Promise<JwtPayload>): Promise<VerifiedAccessToken> {
  let payload: JwtPayload;
  try {
    payload = await verify();
  } catch (error) {
    if (error instanceof FetchError) {
      throw new DependencyUnavailableError("the token issuer's signing keys could not be fetched", 5, { cause: error });
    }
    throw error;
  }
  return verifiedAccessTokenFrom(payload);
}
