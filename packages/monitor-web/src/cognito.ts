/**
 * Sign-in straight from the browser: Cognito's InitiateAuth over its JSON 1.1 protocol (a plain POST,
 * no SDK), the same request for Amazon Cognito and for the local stack's sign-in endpoint. App clients
 * without a secret need no AWS credentials for it.
 */

export interface AuthTokens {
  readonly accessToken: string;
  /** Cognito returns a refresh token only on password sign-in; a refresh keeps the one we have. */
  readonly refreshToken: string;
  /** When the access token stops being accepted (ms since the epoch, by this browser's clock). */
  readonly expiresAt: number;
  /** When it was issued (ms, this browser's clock): the lifetime decides how early to renew. */
  readonly issuedAt: number;
}

export type AuthOutcome =
  | { readonly kind: "signed-in"; readonly tokens: AuthTokens }
  /** Wrong password, or (with user-existence errors prevented, as Cognito recommends) an unknown user. */
  | { readonly kind: "wrong-credentials" }
  | { readonly kind: "unknown-user" }
  /** The refresh token is expired or revoked: the user must sign in again. */
  | { readonly kind: "session-expired" }
  | { readonly kind: "new-password-required" }
  | { readonly kind: "too-many-attempts" }
  | { readonly kind: "unreachable" }
  | { readonly kind: "failed"; readonly detail: string };

export interface CognitoClientSettings {
  readonly endpoint: string;
  readonly clientId: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** "com.amazonaws.cognito#NotAuthorizedException" or "NotAuthorizedException:http://…" -> "NotAuthorizedException". */
export function errorCode(type: string): string {
  const afterHash = type.includes("#") ? type.slice(type.lastIndexOf("#") + 1) : type;
  return afterHash.split(":")[0]!.trim();
}

async function initiateAuth(
  settings: CognitoClientSettings,
  body: Record<string, unknown>,
  flow: "password" | "refresh",
  fetchImpl: typeof fetch,
  now: () => number,
): Promise<AuthOutcome> {
  let response: Response;
  try {
    response = await fetchImpl(settings.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    return { kind: "unreachable" };
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    if (response.status >= 500 && !isObject(payload)) return { kind: "unreachable" };
    const type =
      (isObject(payload) && typeof payload.__type === "string"
        ? payload.__type
        : response.headers.get("x-amzn-errortype")) ?? "";
    const message =
      isObject(payload) && typeof payload.message === "string" ? payload.message : `HTTP ${response.status}`;
    switch (errorCode(type)) {
      case "NotAuthorizedException":
        return flow === "refresh" ? { kind: "session-expired" } : { kind: "wrong-credentials" };
      case "UserNotFoundException":
        return flow === "refresh" ? { kind: "session-expired" } : { kind: "unknown-user" };
      case "PasswordResetRequiredException":
        return { kind: "new-password-required" };
      case "TooManyRequestsException":
      case "TooManyFailedAttemptsException":
      case "LimitExceededException":
        return { kind: "too-many-attempts" };
      default:
        return { kind: "failed", detail: message };
    }
  }
  if (isObject(payload) && payload.ChallengeName === "NEW_PASSWORD_REQUIRED") return { kind: "new-password-required" };
  const result = isObject(payload) && isObject(payload.AuthenticationResult) ? payload.AuthenticationResult : undefined;
  if (!result || typeof result.AccessToken !== "string" || typeof result.ExpiresIn !== "number") {
    return {
      kind: "failed",
      detail:
        isObject(payload) && typeof payload.ChallengeName === "string"
          ? `unsupported challenge ${payload.ChallengeName}`
          : "no tokens in the answer",
    };
  }
  const refreshToken =
    typeof result.RefreshToken === "string"
      ? result.RefreshToken
      : typeof body.AuthParameters === "object"
        ? String((body.AuthParameters as Record<string, unknown>).REFRESH_TOKEN ?? "")
        : "";
  const issuedAt = now();
  return {
    kind: "signed-in",
    tokens: { accessToken: result.AccessToken, refreshToken, issuedAt, expiresAt: issuedAt + result.ExpiresIn * 1000 },
  };
}

export function signInWithPassword(
  settings: CognitoClientSettings,
  username: string,
  password: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<AuthOutcome> {
  return initiateAuth(
    settings,
    {
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: settings.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    },
    "password",
    fetchImpl,
    now,
  );
}

export function refreshSession(
  settings: CognitoClientSettings,
  refreshToken: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<AuthOutcome> {
  return initiateAuth(
    settings,
    { AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: settings.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } },
    "refresh",
    fetchImpl,
    now,
  );
}
