import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { refreshSession, revokeRefreshToken, signInWithPassword } from "../../src/cognito.js";
import { MonitorController } from "../../src/controller.js";
import { answerCode, otpauthUri } from "../../src/second-factor.js";
import { SessionStore } from "../../src/session.js";
import { SignInFlow } from "../../src/sign-in-flow.js";
import { FakeBackend, memoryStorage } from "./fake-backend.js";
import { controllerDependencies } from "./mounted-app.js";

const settings = { endpoint: "https://cognito-idp.us-east-1.amazonaws.com/", clientId: "staff-client" };
const tokens = { AccessToken: "access", RefreshToken: "refresh", ExpiresIn: 900, TokenType: "Bearer" };

/** A Cognito answering each call (by X-Amz-Target) from a script, recording what was sent. */
function scriptedCognito(script: Record<string, (body: Record<string, unknown>) => [number, unknown]>) {
  const calls: { operation: string; body: Record<string, unknown>; init: RequestInit }[] = [];
  const fetchImpl: typeof fetch = async (_url, init) => {
    const operation = String(((init?.headers ?? {}) as Record<string, string>)["x-amz-target"]).split(".")[1]!;
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ operation, body, init: init ?? {} });
    const answer = script[operation];
    if (!answer) throw new Error(`unexpected ${operation}`);
    const [status, payload] = answer(body);
    return new Response(JSON.stringify(payload), { status });
  };
  return { fetchImpl, calls };
}
const error = (type: string, message: string): [number, unknown] => [400, { __type: type, message }];

describe("the second factor's calls to Cognito", () => {
  it("answers a right password in the staff pool with the code step, keeping the Session", async () => {
    const { fetchImpl } = scriptedCognito({
      InitiateAuth: () => [200, { ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "s1", ChallengeParameters: {} }],
    });
    expect(await signInWithPassword(settings, "ana", "pw", fetchImpl)).toEqual({
      kind: "code-required",
      session: "s1",
    });
  });

  it("sends the code with RespondToAuthChallenge SOFTWARE_TOKEN_MFA and keeps the tokens", async () => {
    const { fetchImpl, calls } = scriptedCognito({
      RespondToAuthChallenge: () => [200, { AuthenticationResult: tokens }],
    });
    const outcome = await answerCode(settings, "ana", "s1", "123456", fetchImpl, () => 1_000);
    expect(outcome).toEqual({
      kind: "signed-in",
      tokens: { accessToken: "access", refreshToken: "refresh", issuedAt: 1_000, expiresAt: 901_000 },
    });
    expect(calls[0]!.body).toEqual({
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      ClientId: "staff-client",
      Session: "s1",
      ChallengeResponses: { USERNAME: "ana", SOFTWARE_TOKEN_MFA_CODE: "123456" },
    });
  });

  it.each([
    [error("CodeMismatchException", "Invalid code received for user"), "wrong-code"],
    [error("NotAuthorizedException", "Invalid session for the user, session is expired."), "challenge-expired"],
    [error("NotAuthorizedException", "Password attempts exceeded"), "too-many-attempts"],
    [
      [403, { __type: "ForbiddenException", message: "Request not allowed due to WAF block." }] as [number, unknown],
      "too-many-attempts",
    ],
  ])("maps Cognito's refusal %j of a code to %s", async (answer, kind) => {
    const { fetchImpl } = scriptedCognito({ RespondToAuthChallenge: () => answer });
    expect((await answerCode(settings, "ana", "s1", "123456", fetchImpl)).kind).toBe(kind);
  });

  it("revokes a refresh token with RevokeToken, sent with keepalive so it survives the page closing", async () => {
    const { fetchImpl, calls } = scriptedCognito({ RevokeToken: () => [200, {}] });
    expect(await revokeRefreshToken(settings, "refresh-1", fetchImpl)).toBe(true);
    expect(calls[0]!.body).toEqual({ Token: "refresh-1", ClientId: "staff-client" });
    expect(calls[0]!.init.keepalive).toBe(true);
  });

  it("reads a revoked refresh token's refusal as an expired session", async () => {
    const { fetchImpl } = scriptedCognito({
      GetTokensFromRefreshToken: () => error("NotAuthorizedException", "Refresh Token has been revoked"),
    });
    expect(await refreshSession(settings, "refresh-1", fetchImpl)).toEqual({ kind: "session-expired" });
  });

  it("puts the secret, the account and the issuer in the otpauth:// address the QR code holds", () => {
    expect(otpauthUri("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "supervisor nuevo")).toBe(
      "otpauth://totp/Cargo%20Express:supervisor%20nuevo?secret=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567&issuer=Cargo%20Express&algorithm=SHA1&digits=6&period=30",
    );
  });
});

describe("SignInFlow: a first sign-in sets the authenticator up", () => {
  it("associates a secret, shows it, keeps the step after a wrong first code, and completes with a right one", async () => {
    let verifyCalls = 0;
    const { fetchImpl, calls } = scriptedCognito({
      InitiateAuth: () => [200, { ChallengeName: "MFA_SETUP", Session: "s1", ChallengeParameters: {} }],
      AssociateSoftwareToken: () => [200, { SecretCode: "SECRETSECRETSECRETSECRETSECRET23", Session: "s2" }],
      VerifySoftwareToken: (body) =>
        (verifyCalls += 1) === 1
          ? error("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
          : [200, { Status: "SUCCESS", Session: `${String(body.Session)}-verified` }],
      RespondToAuthChallenge: () => [200, { AuthenticationResult: tokens }],
    });
    const flow = new SignInFlow(
      () => settings,
      fetchImpl,
      () => 5,
    );
    const first = await flow.password("nueva", "pw");
    expect(first).toMatchObject({ kind: "step", step: { kind: "enrol", secret: "SECRETSECRETSECRETSECRETSECRET23" } });
    expect(await flow.code("12 34")).toMatchObject({ kind: "step", step: { kind: "enrol" }, notice: "codeFormat" });
    expect(await flow.code("111111")).toMatchObject({ kind: "step", step: { kind: "enrol" }, notice: "wrongCode" });
    expect(await flow.code("222 222")).toMatchObject({ kind: "signed-in", username: "nueva" });
    expect(calls.map((call) => call.operation)).toEqual([
      "InitiateAuth",
      "AssociateSoftwareToken",
      "VerifySoftwareToken",
      "VerifySoftwareToken",
      "RespondToAuthChallenge",
    ]);
    expect(calls[4]!.body).toEqual({
      ChallengeName: "MFA_SETUP",
      ClientId: "staff-client",
      Session: "s2-verified",
      ChallengeResponses: { USERNAME: "nueva" },
    });
    expect(flow.step).toEqual({ kind: "password" });
  });

  it("goes back to the password when the sign-in's steps expired", async () => {
    const { fetchImpl } = scriptedCognito({
      InitiateAuth: () => [200, { ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "s1" }],
      RespondToAuthChallenge: () =>
        error("NotAuthorizedException", "Invalid session for the user, session is expired."),
    });
    const flow = new SignInFlow(() => settings, fetchImpl, Date.now);
    await flow.password("ana", "pw");
    expect(await flow.code("123456")).toEqual({ kind: "step", step: { kind: "password" }, notice: "challengeExpired" });
  });
});

describe("MonitorController: sessions that end at Cognito too", () => {
  let backend: FakeBackend;
  let controller: MonitorController;
  let storage: ReturnType<typeof memoryStorage>;
  beforeEach(() => {
    vi.useFakeTimers();
    backend = new FakeBackend();
    storage = memoryStorage();
    controller = new MonitorController(
      controllerDependencies({
        store: new SessionStore(storage),
        fetch: (input, init) => backend.fetch(input, init),
      }),
    );
  });
  afterEach(() => {
    controller.dispose();
    vi.useRealTimers();
  });

  it("revokes the refresh token on sign-out", async () => {
    controller.start();
    await controller.signIn("ana", "pw");
    controller.signOut();
    await vi.waitFor(() => expect(backend.revoked).toEqual(["refresh-ana"]));
  });

  it("keeps the replacement refresh token each renewal answers (rotation), renews with it, and revokes the newest on sign-out", async () => {
    backend.lifetimeSeconds = 20;
    controller.start();
    await controller.signIn("ana", "pw");
    await vi.advanceTimersByTimeAsync(50_000);
    // Each renewal presented the token the one before answered; the first presented the sign-in's.
    expect(backend.refreshTokensPresented.slice(0, 3)).toEqual(["refresh-ana", "refresh-ana-1", "refresh-ana-2"]);
    const newest = `refresh-ana-${backend.refreshTokensPresented.length}`;
    expect(JSON.parse(storage.items.get("cargo-express.monitor.session")!).tokens.refreshToken).toBe(newest);
    expect(backend.monitorRequests.every((request) => request.status !== 401)).toBe(true);
    controller.signOut();
    await vi.waitFor(() => expect(backend.revoked).toEqual([newest]));
  });

  it("revokes a replacement refresh token that arrives after the user signed out", async () => {
    backend.lifetimeSeconds = 20;
    controller.start();
    await controller.signIn("ana", "pw");
    // Cognito renews (and rotates), but its answer reaches the page only after the user signed out.
    const cognito = backend.fetch;
    let release: () => void = () => undefined;
    backend.fetch = async (input, init) => {
      const answer = await cognito(input, init);
      const target = ((init?.headers ?? {}) as Record<string, string>)["x-amz-target"];
      if (target?.endsWith("GetTokensFromRefreshToken")) await new Promise<void>((resolve) => (release = resolve));
      return answer;
    };
    await vi.advanceTimersByTimeAsync(16_000);
    expect(backend.refreshTokensPresented).toEqual(["refresh-ana"]);
    controller.signOut();
    release();
    await vi.waitFor(() => expect(backend.revoked).toEqual(["refresh-ana", "refresh-ana-1"]));
  });

  it("revokes the refresh token when the session expires (renewal refused)", async () => {
    backend.lifetimeSeconds = 60;
    controller.start();
    await controller.signIn("ana", "pw");
    backend.refreshAllowed = false;
    await vi.advanceTimersByTimeAsync(61_000);
    expect(controller.state.screen).toMatchObject({ name: "sign-in", notice: "sessionExpired" });
    expect(backend.revoked).toEqual(["refresh-ana"]);
  });
});
