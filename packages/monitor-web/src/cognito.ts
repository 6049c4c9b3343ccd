/**
 * Sign-in straight from the browser with Cognito's InitiateAuth (USER_PASSWORD_AUTH), renewals with
 * GetTokensFromRefreshToken, and the outcomes the page shows. Supervisors' pool requires a second factor, so a right password answers a challenge:
 * a code from the authenticator app, or (first sign-in) setting one up; those steps are in second-factor.ts.
 */
import { type CognitoAnswer, type CognitoClientSettings, callCognito, isObject } from "./cognito-call.js";

export { type CognitoClientSettings, errorCode } from "./cognito-call.js";

export interface AuthTokens {
  readonly accessToken: string;
  /**
   * Cognito returns a refresh token when a sign-in completes, and at a renewal when the app client rotates refresh
   * tokens (the staff client does: the one given is refused seconds later); otherwise a renewal keeps the one we have.
   */
  readonly refreshToken: string;
  /** When the access token stops being accepted (ms since the epoch, by this browser's clock). */
  readonly expiresAt: number;
  /** When it was issued (ms, this browser's clock): the lifetime decides how early to renew. */
  readonly issuedAt: number;
}

export type AuthOutcome =
  | { readonly kind: "signed-in"; readonly tokens: AuthTokens }
  /** The password was right; now the code the authenticator app shows (SOFTWARE_TOKEN_MFA). */
  | { readonly kind: "code-required"; readonly session: string }
  /** The password was right; no authenticator yet: set one up first (MFA_SETUP). */
  | { readonly kind: "enrolment-required"; readonly session: string }
  /** Wrong password, or (with user-existence errors prevented, as Cognito recommends) an unknown user. */
  | { readonly kind: "wrong-credentials" }
  | { readonly kind: "unknown-user" }
  /** The authenticator code was not right (the same step may be tried again). */
  | { readonly kind: "wrong-code" }
  /** The sign-in's steps took too long (Cognito keeps them 3 minutes): start again with the password. */
  | { readonly kind: "challenge-expired" }
  /** The refresh token is expired or revoked: the user must sign in again. */
  | { readonly kind: "session-expired" }
  | { readonly kind: "new-password-required" }
  | { readonly kind: "too-many-attempts" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "failed"; readonly detail: string };

/** Which step a call belongs to: the same Cognito error means different things in each. */
export type Step = "password" | "refresh" | "challenge";

/** The outcome of a refused call, by Cognito's error code and message. */
export function refusal(answer: Exclude<CognitoAnswer, { ok: true }>, step: Step): AuthOutcome {
  if (answer.code === "unreachable") return { kind: "unreachable" };
  switch (answer.code) {
    case "NotAuthorizedException":
      // Cognito's lockout after repeated failures is this exception too, with its own message.
      if (/attempts exceeded/i.test(answer.message)) return { kind: "too-many-attempts" };
      if (step === "refresh") return { kind: "session-expired" };
      return step === "challenge" ? { kind: "challenge-expired" } : { kind: "wrong-credentials" };
    case "UserNotFoundException":
      return step === "refresh" ? { kind: "session-expired" } : { kind: "unknown-user" };
    case "CodeMismatchException":
    case "EnableSoftwareTokenMFAException":
    case "ExpiredCodeException":
      return { kind: "wrong-code" };
    case "PasswordResetRequiredException":
      return { kind: "new-password-required" };
    case "TooManyRequestsException":
    case "TooManyFailedAttemptsException":
    case "LimitExceededException":
    // A rate rule in front of the user pool (AWS WAF) refusing the address.
    case "ForbiddenException":
      return { kind: "too-many-attempts" };
    default:
      return { kind: "failed", detail: answer.message };
  }
}

/** The outcome of an answer that may hold tokens or the next challenge. */
export function signInStep(payload: Record<string, unknown>, keptRefreshToken: string, now: () => number): AuthOutcome {
  const session = typeof payload.Session === "string" ? payload.Session : "";
  switch (payload.ChallengeName) {
    case undefined:
      break;
    case "SOFTWARE_TOKEN_MFA":
      return { kind: "code-required", session };
    case "MFA_SETUP":
      return { kind: "enrolment-required", session };
    case "NEW_PASSWORD_REQUIRED":
      return { kind: "new-password-required" };
    default:
      return { kind: "failed", detail: `unsupported challenge ${String(payload.ChallengeName)}` };
  }
  const result = isObject(payload.AuthenticationResult) ? payload.AuthenticationResult : undefined;
  if (!result || typeof result.AccessToken !== "string" || typeof result.ExpiresIn !== "number")
    return { kind: "failed", detail: "no tokens in the answer" };
  const refreshToken = typeof result.RefreshToken === "string" ? result.RefreshToken : keptRefreshToken;
  const issuedAt = now();
  return {
    kind: "signed-in",
    tokens: { accessToken: result.AccessToken, refreshToken, issuedAt, expiresAt: issuedAt + result.ExpiresIn * 1000 },
  };
}

export async function signInWithPassword(
  settings: CognitoClientSettings,
  username: string,
  password: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<AuthOutcome> {
  const answer = await callCognito(
    settings,
    "InitiateAuth",
    {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: settings.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    },
    fetchImpl,
  );
  return answer.ok ? signInStep(answer.payload, "", now) : refusal(answer, "password");
}

/**
 * New tokens from the refresh token: GetTokensFromRefreshToken, which every app client accepts and which answers a
 * replacement refresh token where the client rotates them (REFRESH_TOKEN_AUTH is refused there). The outcome
 * carries the replacement, or the token given when none came.
 */
export async function refreshSession(
  settings: CognitoClientSettings,
  refreshToken: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<AuthOutcome> {
  const answer = await callCognito(
    settings,
    "GetTokensFromRefreshToken",
    { RefreshToken: refreshToken, ClientId: settings.clientId },
    fetchImpl,
  );
  return answer.ok ? signInStep(answer.payload, refreshToken, now) : refusal(answer, "refresh");
}

/**
 * RevokeToken: the refresh token (and the access tokens minted from it, at Cognito) stop working. Sent with
 * `keepalive`, so it completes even when the page is closing; true when Cognito confirmed it.
 */
export async function revokeRefreshToken(
  settings: CognitoClientSettings,
  refreshToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  if (refreshToken === "") return true;
  const answer = await callCognito(
    settings,
    "RevokeToken",
    { Token: refreshToken, ClientId: settings.clientId },
    fetchImpl,
    { keepalive: true },
  );
  return answer.ok;
}
