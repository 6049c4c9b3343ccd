/**
 * One call to Cognito's user pools API from the browser: its JSON 1.1 protocol (a plain POST with `X-Amz-Target`,
 * no SDK), the same request for Amazon Cognito and for the local stack's sign-in endpoint. App clients without a
 * secret need no AWS credentials for the calls the sign-in uses.
 */

export interface CognitoClientSettings {
  readonly endpoint: string;
  readonly clientId: string;
}

export type CognitoAnswer =
  | { readonly ok: true; readonly payload: Record<string, unknown> }
  /**
   * Cognito's error: the exception name (`NotAuthorizedException`) and its message; `unreachable` (message "") when
   * nothing answered, or a server error came without Cognito's error body.
   */
  | { readonly ok: false; readonly code: string; readonly message: string };

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** "com.amazonaws.cognito#NotAuthorizedException" or "NotAuthorizedException:http://…" -> "NotAuthorizedException". */
export function errorCode(type: string): string {
  const afterHash = type.includes("#") ? type.slice(type.lastIndexOf("#") + 1) : type;
  return afterHash.split(":")[0]!.trim();
}

export async function callCognito(
  settings: CognitoClientSettings,
  operation: string,
  body: Record<string, unknown>,
  fetchImpl: typeof fetch,
  options: { readonly keepalive?: boolean } = {},
): Promise<CognitoAnswer> {
  let response: Response;
  try {
    response = await fetchImpl(settings.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
      ...(options.keepalive ? { keepalive: true } : {}),
    });
  } catch {
    return { ok: false, code: "unreachable", message: "" };
  }
  let payload: unknown;
  try {
    payload = await response.json();
  } catch {
    payload = undefined;
  }
  if (response.ok) return { ok: true, payload: isObject(payload) ? payload : {} };
  if (response.status >= 500 && !isObject(payload)) return { ok: false, code: "unreachable", message: "" };
  const type =
    (isObject(payload) && typeof payload.__type === "string"
      ? payload.__type
      : response.headers.get("x-amzn-errortype")) ?? "";
  const message =
    isObject(payload) && typeof payload.message === "string" ? payload.message : `HTTP ${response.status}`;
  return { ok: false, code: errorCode(type), message };
}
