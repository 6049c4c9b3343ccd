/**
 * The steps of signing in, without the DOM: the password, then (the supervisors' pool requires a second factor)
 * the code of the user's authenticator app, or on a first sign-in setting the app up: its secret shown as a QR
 * code and as text, confirmed with the app's first code. Holds the sign-in's Cognito `Session` between steps and
 * forgets it when the sign-in completes, fails for good or is abandoned.
 */
import { type AuthOutcome, type AuthTokens, type CognitoClientSettings, signInWithPassword } from "./cognito.js";
import type { MessageKey } from "./i18n.js";
import { answerCode, finishEnrolment, otpauthUri, startEnrolment } from "./second-factor.js";

export type SignInStep =
  | { readonly kind: "password" }
  | { readonly kind: "code" }
  /** Set up the authenticator app: the secret (base32) and the otpauth:// address its QR code holds. */
  | { readonly kind: "enrol"; readonly secret: string; readonly uri: string };

export type FlowResult =
  | { readonly kind: "signed-in"; readonly username: string; readonly tokens: AuthTokens }
  | { readonly kind: "step"; readonly step: SignInStep; readonly notice?: MessageKey; readonly detail?: string };

const NOTICES: Partial<Record<AuthOutcome["kind"], MessageKey>> = {
  "wrong-credentials": "wrongCredentials",
  "unknown-user": "unknownUser",
  "wrong-code": "wrongCode",
  "challenge-expired": "challengeExpired",
  "session-expired": "sessionExpired",
  "new-password-required": "newPasswordRequired",
  "too-many-attempts": "tooManyAttempts",
  unreachable: "signInUnreachable",
};

/** Outcomes after which the same step may be tried again (the Session still stands). */
const STEP_STANDS = new Set<AuthOutcome["kind"]>(["wrong-code", "too-many-attempts", "unreachable"]);

interface Pending {
  readonly username: string;
  readonly session: string;
  readonly step: Exclude<SignInStep, { kind: "password" }>;
}

export class SignInFlow {
  private pending: Pending | undefined;

  constructor(
    private readonly settings: () => CognitoClientSettings,
    private readonly fetchImpl: typeof fetch,
    private readonly now: () => number,
  ) {}

  get step(): SignInStep {
    return this.pending?.step ?? { kind: "password" };
  }

  async password(username: string, password: string): Promise<FlowResult> {
    this.pending = undefined;
    const outcome = await signInWithPassword(this.settings(), username, password, this.fetchImpl, this.now);
    return this.after(username, outcome);
  }

  /** The code typed for the current step (six digits; spaces are ignored, as apps show "123 456"). */
  async code(typed: string): Promise<FlowResult> {
    const pending = this.pending;
    if (!pending) return { kind: "step", step: this.step, notice: "challengeExpired" };
    const code = typed.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(code)) return { kind: "step", step: pending.step, notice: "codeFormat" };
    const outcome =
      pending.step.kind === "code"
        ? await answerCode(this.settings(), pending.username, pending.session, code, this.fetchImpl, this.now)
        : await finishEnrolment(this.settings(), pending.username, pending.session, code, this.fetchImpl, this.now);
    return this.after(pending.username, outcome);
  }

  /** Back to the password (the user chose to start again). */
  cancel(): void {
    this.pending = undefined;
  }

  private async after(username: string, outcome: AuthOutcome): Promise<FlowResult> {
    switch (outcome.kind) {
      case "signed-in":
        this.pending = undefined;
        return { kind: "signed-in", username, tokens: outcome.tokens };
      case "code-required":
        this.pending = { username, session: outcome.session, step: { kind: "code" } };
        return { kind: "step", step: this.step };
      case "enrolment-required": {
        const started = await startEnrolment(this.settings(), outcome.session, this.fetchImpl);
        if (started.kind !== "secret") return this.after(username, started);
        const step = { kind: "enrol" as const, secret: started.secret, uri: otpauthUri(started.secret, username) };
        this.pending = { username, session: started.session, step };
        return { kind: "step", step };
      }
      default: {
        if (!(this.pending && STEP_STANDS.has(outcome.kind))) this.pending = undefined;
        return {
          kind: "step",
          step: this.step,
          notice: NOTICES[outcome.kind] ?? "signInFailed",
          ...(outcome.kind === "failed" ? { detail: outcome.detail } : {}),
        };
      }
    }
  }
}
