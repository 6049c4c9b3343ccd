import { CognitoIdentityProviderClient, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalCognito, type LocalCognito } from "../src/local-cognito.js";

let cognito: LocalCognito;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startLocalCognito({
    port: 0,
    users: [
      { username: "ana", password: "S3cret-pass!", email: "ana@example.test", groups: ["supervisors", "couriers"] },
      { username: "nobody", password: "another-Pass1", email: "n@example.test", groups: [] },
      {
        username: "repartidor-106",
        password: "Courier-Pass1",
        email: "r@example.test",
        groups: ["couriers"],
        courierId: "106",
      },
    ],
  });
  client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: cognito.endpoint });
});
afterAll(async () => {
  client.destroy();
  await cognito.stop();
});

const signIn = (username: string, password: string, clientId = cognito.clientId) =>
  client.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

function decode(token: string) {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header!, "base64url").toString()),
    claims: JSON.parse(Buffer.from(payload!, "base64url").toString()),
  };
}

describe("the local Cognito-compatible sign-in endpoint (AWS SDK for JavaScript, no credentials)", () => {
  it("signs a user in with USER_PASSWORD_AUTH and returns Cognito-shaped RS256 tokens", async () => {
    const result = await signIn("ana", "S3cret-pass!");
    const auth = result.AuthenticationResult!;
    expect(auth).toMatchObject({ TokenType: "Bearer", ExpiresIn: 3600 });
    const { header, claims } = decode(auth.AccessToken!);
    expect(header.alg).toBe("RS256");
    expect(claims).toMatchObject({
      iss: cognito.issuer,
      client_id: cognito.clientId,
      token_use: "access",
      username: "ana",
      "cognito:groups": ["supervisors", "couriers"],
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(decode(auth.IdToken!).claims).toMatchObject({
      aud: cognito.clientId,
      token_use: "id",
      email: "ana@example.test",
    });
  });

  it("signs tokens with the key it publishes at the JWKS address", async () => {
    const token = (await signIn("ana", "S3cret-pass!")).AuthenticationResult!.AccessToken!;
    const jwks = (await (await fetch(cognito.jwksUri)).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const [header, payload, signature] = token.split(".");
    const key = jwks.keys.find((k) => k.kid === decode(token).header.kid)!;
    const valid = verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${payload}`),
      createPublicKey({ key, format: "jwk" }),
      Buffer.from(signature!, "base64url"),
    );
    expect(valid).toBe(true);
  });

  it("refreshes tokens with REFRESH_TOKEN_AUTH", async () => {
    const refresh = (await signIn("ana", "S3cret-pass!")).AuthenticationResult!.RefreshToken!;
    const result = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: refresh },
      }),
    );
    expect(decode(result.AuthenticationResult!.AccessToken!).claims.username).toBe("ana");
    expect(result.AuthenticationResult!.RefreshToken).toBeUndefined();
  });

  it("puts a courier's custom:courier_id in both tokens, as the deployed pool's pre token generation trigger does, and none for other users", async () => {
    const result = (await signIn("repartidor-106", "Courier-Pass1")).AuthenticationResult!;
    expect(decode(result.AccessToken!).claims["custom:courier_id"]).toBe("106");
    expect(decode(result.IdToken!).claims["custom:courier_id"]).toBe("106");
    const refreshed = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken! },
      }),
    );
    expect(decode(refreshed.AuthenticationResult!.AccessToken!).claims["custom:courier_id"]).toBe("106");
    expect(decode((await signIn("ana", "S3cret-pass!")).AuthenticationResult!.AccessToken!).claims).not.toHaveProperty(
      "custom:courier_id",
    );
  });

  it("listening on every interface, still names itself and its issuer on loopback", async () => {
    const everywhere = await startLocalCognito({ port: 0, host: "0.0.0.0", users: [] });
    try {
      expect(everywhere.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(everywhere.issuer).toBe(`${everywhere.endpoint}/${everywhere.userPoolId}`);
      expect((await fetch(everywhere.jwksUri)).status).toBe(200);
    } finally {
      await everywhere.stop();
    }
  });

  it("omits the groups claim for a user in no group", async () => {
    const token = (await signIn("nobody", "another-Pass1")).AuthenticationResult!.AccessToken!;
    expect(decode(token).claims["cognito:groups"]).toBeUndefined();
  });

  it.each([
    ["a wrong password", () => signIn("ana", "wrong"), "NotAuthorizedException", "Incorrect username or password."],
    [
      "an unknown user (indistinguishable from a wrong password)",
      () => signIn("zoe", "S3cret-pass!"),
      "NotAuthorizedException",
      "Incorrect username or password.",
    ],
    [
      "an unknown app client",
      () => signIn("ana", "S3cret-pass!", "nope"),
      "ResourceNotFoundException",
      "User pool client nope does not exist.",
    ],
    [
      "an unsupported flow",
      () =>
        client.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_SRP_AUTH",
            ClientId: cognito.clientId,
            AuthParameters: { USERNAME: "ana" },
          }),
        ),
      "InvalidParameterException",
      expect.stringContaining("Unsupported AuthFlow"),
    ],
    [
      "a bad refresh token",
      () =>
        client.send(
          new InitiateAuthCommand({
            AuthFlow: "REFRESH_TOKEN_AUTH",
            ClientId: cognito.clientId,
            AuthParameters: { REFRESH_TOKEN: "x" },
          }),
        ),
      "NotAuthorizedException",
      "Invalid Refresh Token",
    ],
  ])("answers %s with Cognito's error", async (_, call, name, message) => {
    await expect(call()).rejects.toMatchObject({ name, message });
  });
});

describe("the local sign-in endpoint called from a browser page (CORS) and with short-lived tokens", () => {
  const appOrigin = "http://127.0.0.1:43210";
  let browserFacing: LocalCognito;

  beforeAll(async () => {
    browserFacing = await startLocalCognito({
      port: 0,
      tokenLifetimeSeconds: 2,
      refreshTokenLifetimeSeconds: 1,
      allowOrigin: (origin) => origin === appOrigin,
      users: [{ username: "ana", password: "S3cret-pass!", email: "ana@example.test", groups: ["supervisors"] }],
    });
  });
  afterAll(() => browserFacing.stop());

  const initiate = (body: unknown, origin = appOrigin) =>
    fetch(browserFacing.endpoint, {
      method: "POST",
      headers: {
        origin,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: JSON.stringify(body),
    });

  it("answers the preflight of the app's origin, allowing the headers InitiateAuth needs", async () => {
    const response = await fetch(browserFacing.endpoint, {
      method: "OPTIONS",
      headers: {
        origin: appOrigin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-target",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(appOrigin);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/content-type.*x-amz-target/);
  });

  it("refuses the preflight of any other origin", async () => {
    const response = await fetch(browserFacing.endpoint, {
      method: "OPTIONS",
      headers: { origin: "http://evil.example", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("marks answers, errors included, readable by the app's origin only", async () => {
    const ok = await initiate({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: browserFacing.clientId,
      AuthParameters: { USERNAME: "ana", PASSWORD: "S3cret-pass!" },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(appOrigin);
    const wrong = await initiate({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: browserFacing.clientId,
      AuthParameters: { USERNAME: "ana", PASSWORD: "nope" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get("access-control-allow-origin")).toBe(appOrigin);
    const other = await initiate(
      {
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: browserFacing.clientId,
        AuthParameters: { USERNAME: "ana", PASSWORD: "nope" },
      },
      "http://evil.example",
    );
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("issues tokens for the configured lifetime and refuses a refresh token past its own", async () => {
    const signedIn = (await (
      await initiate({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: browserFacing.clientId,
        AuthParameters: { USERNAME: "ana", PASSWORD: "S3cret-pass!" },
      })
    ).json()) as {
      AuthenticationResult: { ExpiresIn: number; RefreshToken: string };
    };
    expect(signedIn.AuthenticationResult.ExpiresIn).toBe(2);
    const refresh = () =>
      initiate({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: browserFacing.clientId,
        AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult.RefreshToken },
      });
    let answer = await refresh();
    const deadline = Date.now() + 10_000;
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await refresh();
    }
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ __type: "NotAuthorizedException", message: "Refresh Token has expired" });
  });
});
