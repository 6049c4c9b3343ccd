import {
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterEach, describe, expect, it } from "vitest";
import { type LocalCognito, type LocalCognitoOptions, startLocalCognito } from "../src/local-cognito.js";
import { authenticatorCode, newSecret } from "./support/authenticator.js";

/**
 * Refresh token rotation, as the deployed staff client does it (RefreshTokenRotation ENABLED): renewals through
 * GetTokensFromRefreshToken answer a replacement; the replaced token is refused once its grace is over; a
 * replacement never outlives the session's first refresh token; revoking any token of the session revokes all.
 * The couriers' client does not rotate (its phones renew with REFRESH_TOKEN_AUTH, which rotation does not allow).
 */
const supervisorSecret = newSecret();
const users: LocalCognitoOptions["users"] = [
  { username: "dispatcher", password: "Dispatch-Pass1", email: "d@example.test", groups: ["dispatchers"] },
];
const staffUsers = [
  {
    username: "supervisor",
    password: "Super-Pass1",
    email: "s@example.test",
    groups: ["supervisors"],
    totpSecret: supervisorSecret,
  },
];

const running: { cognito: LocalCognito; client: CognitoIdentityProviderClient }[] = [];
afterEach(async () => {
  for (const { cognito, client } of running.splice(0)) {
    client.destroy();
    await cognito.stop();
  }
});

async function start(staff: Omit<NonNullable<LocalCognitoOptions["staff"]>, "users"> = {}) {
  const cognito = await startLocalCognito({ port: 0, users, staff: { users: staffUsers, ...staff } });
  const client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: cognito.endpoint });
  running.push({ cognito, client });
  const staffSignIn = async () => {
    const { Session } = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: cognito.staff.clientId,
        AuthParameters: { USERNAME: "supervisor", PASSWORD: "Super-Pass1" },
      }),
    );
    const answer = await client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        ClientId: cognito.staff.clientId,
        Session: Session!,
        ChallengeResponses: { USERNAME: "supervisor", SOFTWARE_TOKEN_MFA_CODE: authenticatorCode(supervisorSecret) },
      }),
    );
    return answer.AuthenticationResult!.RefreshToken!;
  };
  const renew = async (refreshToken: string, clientId = cognito.staff.clientId) =>
    (await client.send(new GetTokensFromRefreshTokenCommand({ RefreshToken: refreshToken, ClientId: clientId })))
      .AuthenticationResult!;
  return { cognito, client, staffSignIn, renew };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("refresh token rotation on the staff client", () => {
  it("answers each renewal with a replacement that renews in turn, and refuses REFRESH_TOKEN_AUTH there", async () => {
    const { cognito, client, staffSignIn, renew } = await start();
    const first = await staffSignIn();
    const second = await renew(first);
    expect(second.AccessToken).toEqual(expect.any(String));
    expect(second.RefreshToken).toEqual(expect.any(String));
    expect(second.RefreshToken).not.toBe(first);
    const third = await renew(second.RefreshToken!);
    expect(third.RefreshToken).not.toBe(second.RefreshToken);
    await expect(
      client.send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: cognito.staff.clientId,
          AuthParameters: { REFRESH_TOKEN: third.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("accepts a replaced token during its grace (a retry of a lost answer), then refuses it", async () => {
    const { staffSignIn, renew } = await start({ refreshTokenRotationGraceSeconds: 1 });
    const first = await staffSignIn();
    const replacement = (await renew(first)).RefreshToken!;
    await expect(renew(first)).resolves.toMatchObject({ RefreshToken: expect.any(String) });
    await sleep(1100);
    await expect(renew(first)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Refresh Token",
    });
    await expect(renew(replacement)).resolves.toMatchObject({ RefreshToken: expect.any(String) });
  });

  it("never lets a replacement outlive the session's first refresh token", async () => {
    const { staffSignIn, renew } = await start({ refreshTokenLifetimeSeconds: 2 });
    const first = await staffSignIn();
    await sleep(1000);
    const replacement = (await renew(first)).RefreshToken!;
    await sleep(1100);
    await expect(renew(replacement)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Refresh Token has expired",
    });
  });

  it("revokes the whole session, replaced tokens still in their grace included, whichever of its tokens is revoked", async () => {
    const { cognito, client, staffSignIn, renew } = await start();
    const first = await staffSignIn();
    const replacement = (await renew(first)).RefreshToken!;
    const other = await staffSignIn();
    await client.send(new RevokeTokenCommand({ Token: replacement, ClientId: cognito.staff.clientId }));
    for (const token of [first, replacement])
      await expect(renew(token)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Refresh Token has been revoked",
      });
    await expect(renew(other)).resolves.toMatchObject({ RefreshToken: expect.any(String) });
  });
});

describe("the couriers' client does not rotate", () => {
  it("renews with REFRESH_TOKEN_AUTH or GetTokensFromRefreshToken, keeping the same refresh token", async () => {
    const { cognito, client, renew } = await start();
    const signedIn = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: cognito.clientId,
        AuthParameters: { USERNAME: "dispatcher", PASSWORD: "Dispatch-Pass1" },
      }),
    );
    const token = signedIn.AuthenticationResult!.RefreshToken!;
    const renewed = await renew(token, cognito.clientId);
    expect(renewed.AccessToken).toEqual(expect.any(String));
    expect(renewed.RefreshToken).toBeUndefined();
    const again = await client.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: token },
      }),
    );
    expect(again.AuthenticationResult!.AccessToken).toEqual(expect.any(String));
    expect(again.AuthenticationResult!.RefreshToken).toBeUndefined();
  });
});
