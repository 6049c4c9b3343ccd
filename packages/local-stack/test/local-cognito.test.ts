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
    ],
  });
  client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: cognito.endpoint });
});
afterAll(async () => {
  client.destroy();
  await cognito.stop();
});

const signIn = (username: string, password: string, clientId = cognito.clientId) =>
  client.send(new InitiateAuthCommand({ AuthFlow: "USER_PASSWORD_AUTH", ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }));

function decode(token: string) {
  const [header, payload] = token.split(".");
  return { header: JSON.parse(Buffer.from(header!, "base64url").toString()), claims: JSON.parse(Buffer.from(payload!, "base64url").toString()) };
}

describe("the local Cognito-compatible sign-in endpoint (AWS SDK for JavaScript, no credentials)", () => {
  it("signs a user in with USER_PASSWORD_AUTH and returns Cognito-shaped RS256 tokens", async () => {
    const result = await signIn("ana", "S3cret-pass!");
    const auth = result.AuthenticationResult!;
    expect(auth).toMatchObject({ TokenType: "Bearer", ExpiresIn: 3600 });
    const { header, claims } = decode(auth.AccessToken!);
    expect(header.alg).toBe("RS256");
    expect(claims).toMatchObject({ iss: cognito.issuer, client_id: cognito.clientId, token_use: "access", username: "ana", "cognito:groups": ["supervisors", "couriers"] });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(decode(auth.IdToken!).claims).toMatchObject({ aud: cognito.clientId, token_use: "id", email: "ana@example.test" });
  });

  it("signs tokens with the key it publishes at the JWKS address", async () => {
    const token = (await signIn("ana", "S3cret-pass!")).AuthenticationResult!.AccessToken!;
    const jwks = (await (await fetch(cognito.jwksUri)).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const [header, payload, signature] = token.split(".");
    const key = jwks.keys.find((k) => k.kid === decode(token).header.kid)!;
    const valid = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey({ key, format: "jwk" }), Buffer.from(signature!, "base64url"));
    expect(valid).toBe(true);
  });

  it("refreshes tokens with REFRESH_TOKEN_AUTH", async () => {
    const refresh = (await signIn("ana", "S3cret-pass!")).AuthenticationResult!.RefreshToken!;
    const result = await client.send(new InitiateAuthCommand({ AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: cognito.clientId, AuthParameters: { REFRESH_TOKEN: refresh } }));
    expect(decode(result.AuthenticationResult!.AccessToken!).claims.username).toBe("ana");
    expect(result.AuthenticationResult!.RefreshToken).toBeUndefined();
  });

  it("omits the groups claim for a user in no group", async () => {
    const token = (await signIn("nobody", "another-Pass1")).AuthenticationResult!.AccessToken!;
    expect(decode(token).claims["cognito:groups"]).toBeUndefined();
  });

  it.each([
    ["a wrong password", () => signIn("ana", "wrong"), "NotAuthorizedException", "Incorrect username or password."],
    ["an unknown user (indistinguishable from a wrong password)", () => signIn("zoe", "S3cret-pass!"), "NotAuthorizedException", "Incorrect username or password."],
    ["an unknown app client", () => signIn("ana", "S3cret-pass!", "nope"), "ResourceNotFoundException", "User pool client nope does not exist."],
    [
      "an unsupported flow",
      () => client.send(new InitiateAuthCommand({ AuthFlow: "USER_SRP_AUTH", ClientId: cognito.clientId, AuthParameters: { USERNAME: "ana" } })),
      "InvalidParameterException",
      expect.stringContaining("Unsupported AuthFlow"),
    ],
    [
      "a bad refresh token",
      () => client.send(new InitiateAuthCommand({ AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: cognito.clientId, AuthParameters: { REFRESH_TOKEN: "x" } })),
      "NotAuthorizedException",
      "Invalid Refresh Token",
    ],
  ])("answers %s with Cognito's error", async (_, call, name, message) => {
    await expect(call()).rejects.toMatchObject({ name, message });
  });
});
