import { describe, expect, it } from "vitest";
import { errorCode, refreshSession, signInWithPassword } from "../../src/cognito.js";

const settings = { endpoint: "https://cognito-idp.us-east-1.amazonaws.com/", clientId: "client-1" };

function cognitoAnswering(
  status: number,
  body: unknown,
  requests: { url: string; init: RequestInit }[] = [],
): typeof fetch {
  return async (url, init) => {
    requests.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/x-amz-json-1.1" } });
  };
}

describe("sign-in with InitiateAuth from the browser", () => {
  it("posts Cognito's JSON 1.1 request for USER_PASSWORD_AUTH and keeps the tokens with their expiry", async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    const fetchImpl = cognitoAnswering(
      200,
      {
        AuthenticationResult: { AccessToken: "access", RefreshToken: "refresh", ExpiresIn: 3600, TokenType: "Bearer" },
      },
      requests,
    );
    const outcome = await signInWithPassword(settings, "ana", "pw", fetchImpl, () => 1_000);
    expect(outcome).toEqual({
      kind: "signed-in",
      tokens: { accessToken: "access", refreshToken: "refresh", issuedAt: 1_000, expiresAt: 3_601_000 },
    });
    expect(requests[0]!.url).toBe(settings.endpoint);
    expect(requests[0]!.init.headers).toMatchObject({
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
    });
    expect(JSON.parse(String(requests[0]!.init.body))).toEqual({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: "client-1",
      AuthParameters: { USERNAME: "ana", PASSWORD: "pw" },
    });
  });

  it("renews with GetTokensFromRefreshToken, keeping the refresh token Cognito does not send again", async () => {
    const requests: { url: string; init: RequestInit }[] = [];
    const outcome = await refreshSession(
      settings,
      "refresh-1",
      cognitoAnswering(200, { AuthenticationResult: { AccessToken: "access-2", ExpiresIn: 60 } }, requests),
      () => 0,
    );
    expect(outcome).toEqual({
      kind: "signed-in",
      tokens: { accessToken: "access-2", refreshToken: "refresh-1", issuedAt: 0, expiresAt: 60_000 },
    });
    expect(requests[0]!.init.headers).toMatchObject({
      "x-amz-target": "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken",
    });
    expect(JSON.parse(String(requests[0]!.init.body))).toEqual({ RefreshToken: "refresh-1", ClientId: "client-1" });
  });

  it("takes the replacement refresh token a rotating client answers", async () => {
    const outcome = await refreshSession(
      settings,
      "refresh-1",
      cognitoAnswering(200, {
        AuthenticationResult: { AccessToken: "access-2", ExpiresIn: 60, RefreshToken: "refresh-2" },
      }),
      () => 0,
    );
    expect(outcome).toEqual({
      kind: "signed-in",
      tokens: { accessToken: "access-2", refreshToken: "refresh-2", issuedAt: 0, expiresAt: 60_000 },
    });
  });

  it.each([
    ["NotAuthorizedException", "wrong-credentials"],
    ["UserNotFoundException", "unknown-user"],
    ["PasswordResetRequiredException", "new-password-required"],
    ["TooManyRequestsException", "too-many-attempts"],
  ])("turns a password sign-in's %s into %s", async (type, kind) => {
    expect(
      await signInWithPassword(settings, "ana", "pw", cognitoAnswering(400, { __type: type, message: "m" })),
    ).toEqual({ kind });
  });

  it("treats a refused refresh token as an expired session", async () => {
    expect(
      await refreshSession(
        settings,
        "old",
        cognitoAnswering(400, { __type: "NotAuthorizedException", message: "Refresh Token has expired" }),
      ),
    ).toEqual({ kind: "session-expired" });
  });

  it("says when the sign-in service cannot be reached", async () => {
    const offline: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    expect(await signInWithPassword(settings, "ana", "pw", offline)).toEqual({ kind: "unreachable" });
  });

  it("recognises the new-password challenge of a user an administrator created", async () => {
    expect(
      await signInWithPassword(
        settings,
        "ana",
        "pw",
        cognitoAnswering(200, { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s" }),
      ),
    ).toEqual({ kind: "new-password-required" });
  });

  it("reads error codes in each form AWS writes them", () => {
    expect(errorCode("NotAuthorizedException")).toBe("NotAuthorizedException");
    expect(errorCode("com.amazonaws.cognito#NotAuthorizedException")).toBe("NotAuthorizedException");
    expect(errorCode("NotAuthorizedException:http://internal.amazon.com/")).toBe("NotAuthorizedException");
  });
});
