import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCognito, startLocalCognito } from "../src/local-cognito.js";
import { authenticatorCode, newSecret, wrongCode } from "./support/authenticator.js";

const enrolledSecret = newSecret();
let cognito: LocalCognito;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startLocalCognito({
    port: 0,
    users: [{ username: "dispatcher", password: "Dispatch-Pass1", email: "d@example.test", groups: ["dispatchers"] }],
    staff: {
      users: [
        {
          username: "supervisor",
          password: "Super-Pass1",
          email: "s@example.test",
          groups: ["supervisors"],
          totpSecret: enrolledSecret,
        },
        { username: "nueva", password: "Nueva-Pass1", email: "n@example.test", groups: ["supervisors"] },
        { username: "otra", password: "Otra-Pass1", email: "o@example.test", groups: ["supervisors"] },
      ],
    },
  });
  client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: cognito.endpoint });
});
afterAll(async () => {
  client.destroy();
  await cognito.stop();
});

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());

const passwordSignIn = (username: string, password: string, clientId = cognito.staff.clientId) =>
  client.send(
    new InitiateAuthCommand({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );

const answerCode = (session: string, username: string, code: string, clientId = cognito.staff.clientId) =>
  client.send(
    new RespondToAuthChallengeCommand({
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      ClientId: clientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
    }),
  );

describe("the staff pool: a second factor (TOTP) required at every sign-in", () => {
  it("answers an enrolled supervisor's password with the SOFTWARE_TOKEN_MFA challenge, then signs in with the authenticator's code", async () => {
    const first = await passwordSignIn("supervisor", "Super-Pass1");
    expect(first.AuthenticationResult).toBeUndefined();
    expect(first.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    expect(first.Session).toEqual(expect.any(String));
    const done = await answerCode(first.Session!, "supervisor", authenticatorCode(enrolledSecret));
    const auth = done.AuthenticationResult!;
    expect(auth).toMatchObject({ TokenType: "Bearer", ExpiresIn: 900, RefreshToken: expect.any(String) });
    const claims = claimsOf(auth.AccessToken!);
    expect(claims).toMatchObject({
      iss: cognito.staff.issuer,
      client_id: cognito.staff.clientId,
      token_use: "access",
      username: "supervisor",
      "cognito:groups": ["supervisors"],
    });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    expect(claims).not.toHaveProperty("scope");
    expect(cognito.staff.issuer).not.toBe(cognito.issuer);
  });

  it("refuses a wrong code with CodeMismatchException and leaves the challenge standing for the right one", async () => {
    const { Session } = await passwordSignIn("supervisor", "Super-Pass1");
    await expect(answerCode(Session!, "supervisor", wrongCode(enrolledSecret))).rejects.toMatchObject({
      name: "CodeMismatchException",
      message: "Invalid code received for user",
    });
    const done = await answerCode(Session!, "supervisor", authenticatorCode(enrolledSecret));
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    // A session is spent once the sign-in completes.
    await expect(answerCode(Session!, "supervisor", authenticatorCode(enrolledSecret))).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid session for the user.",
    });
  });

  it.each([
    ["an unknown session", () => answerCode("not-a-session", "supervisor", "123456"), "NotAuthorizedException"],
    [
      "another user's name",
      async () => answerCode((await passwordSignIn("supervisor", "Super-Pass1")).Session!, "otra", "123456"),
      "NotAuthorizedException",
    ],
    [
      "the couriers' app client",
      async () =>
        answerCode(
          (await passwordSignIn("supervisor", "Super-Pass1")).Session!,
          "supervisor",
          authenticatorCode(enrolledSecret),
          cognito.clientId,
        ),
      "NotAuthorizedException",
    ],
    [
      "no code",
      async () => answerCode((await passwordSignIn("supervisor", "Super-Pass1")).Session!, "supervisor", ""),
      "InvalidParameterException",
    ],
  ])("refuses a challenge answered with %s", async (_, call, name) => {
    await expect(call()).rejects.toMatchObject({ name });
  });

  it("keeps the couriers' pool on password sign-in, unchanged, and its users out of the staff pool", async () => {
    const signedIn = await passwordSignIn("dispatcher", "Dispatch-Pass1", cognito.clientId);
    expect(signedIn.ChallengeName).toBeUndefined();
    expect(claimsOf(signedIn.AuthenticationResult!.AccessToken!).iss).toBe(cognito.issuer);
    await expect(passwordSignIn("dispatcher", "Dispatch-Pass1")).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    await expect(passwordSignIn("supervisor", "Super-Pass1", cognito.clientId)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });
});

describe("first sign-in of a supervisor with no authenticator: enrolment (MFA_SETUP)", () => {
  it("associates a secret, verifies a code of it, completes the sign-in, and asks for codes from then on", async () => {
    const first = await passwordSignIn("nueva", "Nueva-Pass1");
    expect(first.ChallengeName).toBe("MFA_SETUP");
    expect(JSON.parse(first.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(["SOFTWARE_TOKEN_MFA"]);

    const associated = await client.send(new AssociateSoftwareTokenCommand({ Session: first.Session! }));
    const secret = associated.SecretCode!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(associated.Session).not.toBe(first.Session);
    // Each step hands out a new Session; the old one is spent.
    await expect(client.send(new AssociateSoftwareTokenCommand({ Session: first.Session! }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });

    await expect(
      client.send(new VerifySoftwareTokenCommand({ Session: associated.Session!, UserCode: wrongCode(secret) })),
    ).rejects.toMatchObject({
      name: "EnableSoftwareTokenMFAException",
      message: "Code mismatch and fail enable Software Token MFA",
    });
    const verified = await client.send(
      new VerifySoftwareTokenCommand({
        Session: associated.Session!,
        UserCode: authenticatorCode(secret),
        FriendlyDeviceName: "phone",
      }),
    );
    expect(verified.Status).toBe("SUCCESS");

    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ChallengeName: "MFA_SETUP",
        ClientId: cognito.staff.clientId,
        Session: verified.Session!,
        ChallengeResponses: { USERNAME: "nueva" },
      }),
    );
    expect(claimsOf(done.AuthenticationResult!.AccessToken!)).toMatchObject({
      username: "nueva",
      "cognito:groups": ["supervisors"],
    });

    const next = await passwordSignIn("nueva", "Nueva-Pass1");
    expect(next.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    const again = await answerCode(next.Session!, "nueva", authenticatorCode(secret));
    expect(again.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it("does not complete MFA_SETUP before a code of the associated secret was verified", async () => {
    const first = await passwordSignIn("otra", "Otra-Pass1");
    await expect(
      client.send(new VerifySoftwareTokenCommand({ Session: first.Session!, UserCode: "123456" })),
    ).rejects.toMatchObject({ name: "SoftwareTokenMFANotFoundException" });
    const associated = await client.send(new AssociateSoftwareTokenCommand({ Session: first.Session! }));
    await expect(
      client.send(
        new RespondToAuthChallengeCommand({
          ChallengeName: "MFA_SETUP",
          ClientId: cognito.staff.clientId,
          Session: associated.Session!,
          ChallengeResponses: { USERNAME: "otra" },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Invalid session for the user." });
    // Still not enrolled: the next sign-in asks for the set-up again.
    expect((await passwordSignIn("otra", "Otra-Pass1")).ChallengeName).toBe("MFA_SETUP");
  });

  it("cannot be skipped by answering a code challenge without an authenticator", async () => {
    const first = await passwordSignIn("otra", "Otra-Pass1");
    await expect(answerCode(first.Session!, "otra", "123456")).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });
});
