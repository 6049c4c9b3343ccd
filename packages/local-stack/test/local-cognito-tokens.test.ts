import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  DeleteUserCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCognito, type LocalCognitoOptions, startLocalCognito } from "../src/local-cognito.js";
import { authenticatorCode, newSecret } from "./support/authenticator.js";

const supervisorSecret = newSecret();
const users: LocalCognitoOptions["users"] = [
  { username: "dispatcher", password: "Dispatch-Pass1", email: "d@example.test", groups: ["dispatchers"] },
  {
    username: "repartidor-106",
    password: "Courier-Pass1",
    email: "r@example.test",
    groups: ["couriers"],
    courierId: "106",
  },
];
const staff: LocalCognitoOptions["staff"] = {
  users: [
    {
      username: "supervisor",
      password: "Super-Pass1",
      email: "s@example.test",
      groups: ["supervisors"],
      totpSecret: supervisorSecret,
    },
  ],
};

let cognito: LocalCognito;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startLocalCognito({ port: 0, users, staff });
  client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: cognito.endpoint });
});
afterAll(async () => {
  client.destroy();
  await cognito.stop();
});

const signIn = async (username: string, password: string, at: LocalCognito = cognito, sdk = client) =>
  (
    await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: at.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    )
  ).AuthenticationResult!;

const staffSignIn = async () => {
  const { Session } = await client.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: cognito.staff.clientId,
      AuthParameters: { USERNAME: "supervisor", PASSWORD: "Super-Pass1" },
    }),
  );
  return (
    await client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        ClientId: cognito.staff.clientId,
        Session: Session!,
        ChallengeResponses: { USERNAME: "supervisor", SOFTWARE_TOKEN_MFA_CODE: authenticatorCode(supervisorSecret) },
      }),
    )
  ).AuthenticationResult!;
};

const refresh = (refreshToken: string, clientId = cognito.clientId, sdk = client) =>
  sdk.send(
    new InitiateAuthCommand({
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    }),
  );

/** A renewal as the web app sends it (the staff client rotates refresh tokens, so REFRESH_TOKEN_AUTH is not allowed there). */
const renew = (refreshToken: string, clientId = cognito.staff.clientId) =>
  client.send(new GetTokensFromRefreshTokenCommand({ RefreshToken: refreshToken, ClientId: clientId }));

describe("RevokeToken: a signed-out session's refresh token is refused", () => {
  it("refuses a revoked refresh token, in either pool, and leaves the user's other sessions alone", async () => {
    const staffSession = await staffSignIn();
    const other = await staffSignIn();
    await expect(renew(staffSession.RefreshToken!)).resolves.toBeDefined();
    await client.send(new RevokeTokenCommand({ Token: staffSession.RefreshToken!, ClientId: cognito.staff.clientId }));
    await expect(renew(staffSession.RefreshToken!)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Refresh Token has been revoked",
    });
    await expect(renew(other.RefreshToken!)).resolves.toBeDefined();

    const courierSession = await signIn("repartidor-106", "Courier-Pass1");
    await client.send(new RevokeTokenCommand({ Token: courierSession.RefreshToken!, ClientId: cognito.clientId }));
    await expect(refresh(courierSession.RefreshToken!)).rejects.toMatchObject({
      message: "Refresh Token has been revoked",
    });
  });

  it("answers a revocation of an unknown or already revoked token as done (RFC 7009), and refuses to revoke an access token", async () => {
    const session = await signIn("dispatcher", "Dispatch-Pass1");
    await client.send(new RevokeTokenCommand({ Token: session.RefreshToken!, ClientId: cognito.clientId }));
    await expect(
      client.send(new RevokeTokenCommand({ Token: session.RefreshToken!, ClientId: cognito.clientId })),
    ).resolves.toBeDefined();
    await expect(
      client.send(new RevokeTokenCommand({ Token: "not-a-token", ClientId: cognito.clientId })),
    ).resolves.toBeDefined();
    await expect(
      client.send(new RevokeTokenCommand({ Token: session.AccessToken!, ClientId: cognito.clientId })),
    ).rejects.toMatchObject({ name: "UnsupportedTokenTypeException" });
  });

  it("does not let one pool's client revoke, or refresh with, another pool's token", async () => {
    const session = await signIn("dispatcher", "Dispatch-Pass1");
    await client.send(new RevokeTokenCommand({ Token: session.RefreshToken!, ClientId: cognito.staff.clientId }));
    await expect(refresh(session.RefreshToken!)).resolves.toBeDefined();
    await expect(renew(session.RefreshToken!)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Refresh Token",
    });
  });
});

describe("calls on the user's own account: refused to tokens without the user-admin scope, as Cognito refuses them", () => {
  const refused = { name: "NotAuthorizedException", message: "Access Token does not have required scopes" };

  it("carries no aws.cognito.signin.user.admin scope in either pool's access tokens", async () => {
    for (const token of [
      (await signIn("dispatcher", "Dispatch-Pass1")).AccessToken!,
      (await staffSignIn()).AccessToken!,
    ])
      expect(JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString())).not.toHaveProperty("scope");
  });

  it.each([
    [
      "UpdateUserAttributes (email)",
      (token: string) =>
        client.send(
          new UpdateUserAttributesCommand({
            AccessToken: token,
            UserAttributes: [{ Name: "email", Value: "thief@example.test" }],
          }),
        ),
    ],
    [
      "UpdateUserAttributes (custom:courier_id)",
      (token: string) =>
        client.send(
          new UpdateUserAttributesCommand({
            AccessToken: token,
            UserAttributes: [{ Name: "custom:courier_id", Value: "101" }],
          }),
        ),
    ],
    ["DeleteUser", (token: string) => client.send(new DeleteUserCommand({ AccessToken: token }))],
    [
      "AssociateSoftwareToken",
      (token: string) => client.send(new AssociateSoftwareTokenCommand({ AccessToken: token })),
    ],
  ])("refuses %s with a courier's, a dispatcher's and a supervisor's token", async (_, call) => {
    for (const token of [
      (await signIn("repartidor-106", "Courier-Pass1")).AccessToken!,
      (await signIn("dispatcher", "Dispatch-Pass1")).AccessToken!,
      (await staffSignIn()).AccessToken!,
    ])
      await expect(call(token)).rejects.toMatchObject(refused);
    // The accounts are untouched: everyone still signs in.
    await expect(signIn("dispatcher", "Dispatch-Pass1")).resolves.toBeDefined();
    await expect(staffSignIn()).resolves.toBeDefined();
  });

  it("refuses a token it did not sign", async () => {
    await expect(client.send(new DeleteUserCommand({ AccessToken: "a.b.c" }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Access Token",
    });
  });

  describe("a pool whose tokens still carry the scope (Cognito's default, without the deployed trigger)", () => {
    let scoped: LocalCognito;
    let scopedClient: CognitoIdentityProviderClient;
    beforeAll(async () => {
      scoped = await startLocalCognito({ port: 0, users, accessTokenScopes: ["aws.cognito.signin.user.admin"] });
      scopedClient = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: scoped.endpoint });
    });
    afterAll(async () => {
      scopedClient.destroy();
      await scoped.stop();
    });

    it("lets such a token delete its user: what the suppressed scope prevents", async () => {
      const token = (await signIn("dispatcher", "Dispatch-Pass1", scoped, scopedClient)).AccessToken!;
      await expect(
        scopedClient.send(
          new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "email", Value: "x@y.z" }] }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "A client attempted to write unauthorized attribute",
      });
      await scopedClient.send(new DeleteUserCommand({ AccessToken: token }));
      await expect(signIn("dispatcher", "Dispatch-Pass1", scoped, scopedClient)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Incorrect username or password.",
      });
    });

    it("refuses the access tokens of a revoked refresh token in these calls", async () => {
      const session = await signIn("repartidor-106", "Courier-Pass1", scoped, scopedClient);
      await scopedClient.send(new RevokeTokenCommand({ Token: session.RefreshToken!, ClientId: scoped.clientId }));
      await expect(
        scopedClient.send(new DeleteUserCommand({ AccessToken: session.AccessToken! })),
      ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Access Token has been revoked" });
    });
  });
});

describe("refresh tokens expire and are pruned", () => {
  it("drops expired refresh tokens from the store, still answering them as expired", async () => {
    const shortLived = await startLocalCognito({ port: 0, users, refreshTokenLifetimeSeconds: 1 });
    const sdk = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: shortLived.endpoint });
    try {
      const old = await signIn("dispatcher", "Dispatch-Pass1", shortLived, sdk);
      await signIn("dispatcher", "Dispatch-Pass1", shortLived, sdk);
      expect(shortLived.heldRefreshTokens()).toBe(2);
      await new Promise((r) => setTimeout(r, 1100));
      await signIn("dispatcher", "Dispatch-Pass1", shortLived, sdk);
      expect(shortLived.heldRefreshTokens()).toBe(1);
      await expect(refresh(old.RefreshToken!, shortLived.clientId, sdk)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Refresh Token has expired",
      });
    } finally {
      sdk.destroy();
      await shortLived.stop();
    }
  });

  it("gives the staff pool's refresh tokens one day and the couriers' pool's 30 days by default", async () => {
    const before = Date.now();
    const staffToken = (await staffSignIn()).RefreshToken!;
    const courierToken = (await signIn("dispatcher", "Dispatch-Pass1")).RefreshToken!;
    // The token is opaque to clients; this endpoint's carries its expiry (milliseconds) in its middle part.
    const expiry = (token: string) => Number(token.split(".")[1]) - before;
    expect(expiry(staffToken)).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(expiry(staffToken)).toBeLessThan(24 * 3600_000 + 60_000);
    expect(expiry(courierToken)).toBeGreaterThanOrEqual(30 * 24 * 3600_000);
    expect(expiry(courierToken)).toBeLessThan(30 * 24 * 3600_000 + 60_000);
  });
});
