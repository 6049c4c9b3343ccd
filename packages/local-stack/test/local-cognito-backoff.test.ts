import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LocalCognito, startLocalCognito } from "../src/local-cognito.js";
import { FailureBackoff, PER_ADDRESS, PER_USER } from "../src/local-cognito/backoff.js";
import { authenticatorCode, newSecret, wrongCode } from "./support/authenticator.js";

describe("FailureBackoff: Cognito's documented lockout arithmetic", () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it("allows five failures, then locks out for 2^(n-5) seconds, doubling up to about 15 minutes", () => {
    const time = clock();
    const backoff = new FailureBackoff(PER_USER, time.now);
    for (let i = 0; i < 4; i += 1) backoff.failed("ana");
    expect(backoff.isLockedOut("ana")).toBe(false);
    const lockouts: number[] = [];
    for (let n = 5; n <= 16; n += 1) {
      backoff.failed("ana");
      let locked = 0;
      while (backoff.isLockedOut("ana")) {
        time.advance(1000);
        locked += 1;
      }
      lockouts.push(locked);
    }
    expect(lockouts).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
  });

  it("does not count attempts refused during a lockout, and starts again after a success or 15 quiet minutes", () => {
    const time = clock();
    const backoff = new FailureBackoff(PER_USER, time.now);
    for (let i = 0; i < 5; i += 1) backoff.failed("ana");
    for (let i = 0; i < 10; i += 1) expect(backoff.isLockedOut("ana")).toBe(true);
    time.advance(1000);
    expect(backoff.isLockedOut("ana")).toBe(false);
    backoff.succeeded("ana");
    for (let i = 0; i < 4; i += 1) backoff.failed("ana");
    expect(backoff.isLockedOut("ana")).toBe(false);
    backoff.failed("ana");
    expect(backoff.isLockedOut("ana")).toBe(true);
    time.advance(15 * 60_000);
    backoff.failed("ana");
    expect(backoff.isLockedOut("ana")).toBe(false);
  });

  it("per address, allows twenty failures and is not reset by a success", () => {
    const time = clock();
    const backoff = new FailureBackoff(PER_ADDRESS, time.now);
    for (let i = 0; i < 19; i += 1) backoff.failed("10.0.0.9");
    backoff.succeeded("10.0.0.9");
    expect(backoff.isLockedOut("10.0.0.9")).toBe(false);
    backoff.failed("10.0.0.9");
    expect(backoff.isLockedOut("10.0.0.9")).toBe(true);
    expect(backoff.isLockedOut("10.0.0.10")).toBe(false);
  });
});

describe("the local sign-in backs off after repeated failures", () => {
  const secret = newSecret();
  let cognito: LocalCognito;
  let client: CognitoIdentityProviderClient;

  beforeEach(async () => {
    cognito = await startLocalCognito({
      port: 0,
      users: [
        { username: "ana", password: "Ana-Pass-1", email: "a@example.test", groups: ["dispatchers"] },
        { username: "beto", password: "Beto-Pass-1", email: "b@example.test", groups: ["dispatchers"] },
      ],
      staff: {
        users: [
          {
            username: "sofia",
            password: "Sofia-Pass-1",
            email: "s@example.test",
            groups: ["supervisors"],
            totpSecret: secret,
          },
        ],
      },
    });
    client = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: cognito.endpoint, maxAttempts: 1 });
  });
  afterEach(async () => {
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
  const lockedOut = { name: "NotAuthorizedException", message: "Password attempts exceeded" };

  it("per user: after five wrong passwords even the right one is refused, until the lockout passes", async () => {
    for (let i = 0; i < 5; i += 1)
      await expect(signIn("ana", "wrong")).rejects.toMatchObject({ message: "Incorrect username or password." });
    await expect(signIn("ana", "Ana-Pass-1")).rejects.toMatchObject(lockedOut);
    await expect(signIn("beto", "Beto-Pass-1")).resolves.toBeDefined();
    await new Promise((r) => setTimeout(r, 1100));
    await expect(signIn("ana", "Ana-Pass-1")).resolves.toBeDefined();
    // The success starts the count again.
    await expect(signIn("ana", "wrong")).rejects.toMatchObject({ message: "Incorrect username or password." });
  });

  it("per user: an unknown user name is locked out the same way (no hint that it does not exist)", async () => {
    for (let i = 0; i < 5; i += 1)
      await expect(signIn("zoe", "whatever")).rejects.toMatchObject({ message: "Incorrect username or password." });
    await expect(signIn("zoe", "whatever")).rejects.toMatchObject(lockedOut);
  });

  it("per user: wrong authenticator codes count too", async () => {
    const { Session } = await signIn("sofia", "Sofia-Pass-1", cognito.staff.clientId);
    const answer = (code: string) =>
      client.send(
        new RespondToAuthChallengeCommand({
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          ClientId: cognito.staff.clientId,
          Session: Session!,
          ChallengeResponses: { USERNAME: "sofia", SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      );
    for (let i = 0; i < 5; i += 1)
      await expect(answer(wrongCode(secret))).rejects.toMatchObject({ name: "CodeMismatchException" });
    await expect(answer(authenticatorCode(secret))).rejects.toMatchObject(lockedOut);
    await new Promise((r) => setTimeout(r, 1100));
    await expect(answer(authenticatorCode(secret))).resolves.toMatchObject({
      AuthenticationResult: expect.any(Object),
    });
  });

  it("per address: after twenty failures across user names, every call from it is refused (403, as the pools' WAF rule answers)", async () => {
    for (let i = 0; i < 20; i += 1)
      await expect(signIn(`guess-${i}`, "password")).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(signIn("beto", "Beto-Pass-1")).rejects.toMatchObject({
      name: "ForbiddenException",
      $metadata: { httpStatusCode: 403 },
    });
    await new Promise((r) => setTimeout(r, 1100));
    await expect(signIn("beto", "Beto-Pass-1")).resolves.toBeDefined();
  });
});
