import { randomBytes } from "node:crypto";
import { CognitoError } from "./errors.js";

/** The challenges a password sign-in to a pool with required MFA answers. */
type MfaChallenge = "MFA_SETUP" | "SOFTWARE_TOKEN_MFA";

/** A sign-in between its password and its second factor. */
export interface AuthSession {
  readonly poolId: string;
  readonly username: string;
  readonly challenge: MfaChallenge;
  /** MFA_SETUP: the secret AssociateSoftwareToken handed out, not yet verified. */
  readonly pendingSecret?: string;
  /** MFA_SETUP: VerifySoftwareToken accepted a code of the pending secret. */
  readonly verified?: boolean;
}

/** Cognito's default validity of an authentication session: 3 minutes. */
const SESSION_LIFETIME_MS = 3 * 60_000;

/**
 * The `Session` strings of sign-ins waiting for a challenge's answer: opaque, random, valid 3 minutes, each step
 * (associate, verify) replacing the session with a new one, as Cognito hands out a new Session at each step.
 */
export class AuthSessions {
  private readonly sessions = new Map<string, AuthSession & { readonly expiresAtMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  start(session: AuthSession): string {
    const now = this.now();
    for (const [key, held] of this.sessions) if (now >= held.expiresAtMs) this.sessions.delete(key);
    const key = randomBytes(48).toString("base64url");
    this.sessions.set(key, { ...session, expiresAtMs: now + SESSION_LIFETIME_MS });
    return key;
  }

  /** The session's state; NotAuthorizedException when it is unknown, spent or past its 3 minutes. */
  get(key: string): AuthSession {
    const held = this.sessions.get(key);
    if (held === undefined) throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
    if (this.now() >= held.expiresAtMs) {
      this.sessions.delete(key);
      throw new CognitoError("NotAuthorizedException", "Invalid session for the user, session is expired.");
    }
    return held;
  }

  /** Ends a session (its sign-in completed, or it moved on to a new Session). */
  end(key: string): void {
    this.sessions.delete(key);
  }

  /** Moves a session on to its next step under a new Session string. */
  advance(key: string, next: AuthSession): string {
    this.get(key);
    this.end(key);
    return this.start(next);
  }
}
