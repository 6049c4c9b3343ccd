/**
 * Renewing the session's tokens (GetTokensFromRefreshToken) on time: one renewal at a time, its outcome shared by
 * whoever asked; a timer for the next one; a sign-in service that is away tried again shortly, the session kept; a
 * refresh token refused ends the session. The controller owns the session; this owns the timer.
 */
import { refreshSession, revokeRefreshToken, type AuthTokens } from "./cognito.js";
import type { Scheduler } from "./live.js";
import { renewalDelay, type Session } from "./session.js";

export type Renewal = "renewed" | "ended" | "unavailable";

export interface RenewalHost {
  readonly scheduler: Scheduler;
  readonly now: () => number;
  readonly fetch: typeof fetch;
  /** Seconds before trying again while the sign-in service is away. */
  readonly retrySeconds: number;
  readonly cognito: () => { readonly endpoint: string; readonly clientId: string };
  readonly session: () => Session | undefined;
  /** Changes whenever a session starts or ends. */
  readonly generation: () => number;
  readonly renewed: (session: Session) => void;
  readonly expired: () => void;
}

export class SessionRenewal {
  private timer: unknown;
  private inFlight: Promise<Renewal> | undefined;

  constructor(private readonly host: RenewalHost) {}

  /** The next renewal, timed for the session's tokens (none without a session). */
  schedule(): void {
    this.stop();
    const session = this.host.session();
    if (!session) return;
    this.timer = this.host.scheduler.setTimeout(
      () => {
        this.timer = undefined;
        void this.renew();
      },
      renewalDelay(session.tokens, this.host.now()),
    );
  }

  stop(): void {
    if (this.timer !== undefined) this.host.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  renew(): Promise<Renewal> {
    this.inFlight ??= this.attempt().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async attempt(): Promise<Renewal> {
    const host = this.host;
    const session = host.session();
    if (!session) return "ended";
    const generation = host.generation();
    const outcome = await refreshSession(host.cognito(), session.tokens.refreshToken, host.fetch, host.now);
    if (generation !== host.generation()) {
      // Signed out while renewing: a replacement refresh token (rotation) answered meanwhile is revoked too.
      const replacement = outcome.kind === "signed-in" ? outcome.tokens.refreshToken : "";
      if (replacement !== "" && replacement !== session.tokens.refreshToken)
        void revokeRefreshToken(host.cognito(), replacement, host.fetch).catch(() => false);
      return "ended";
    }
    if (outcome.kind === "signed-in") {
      const tokens: AuthTokens = {
        ...outcome.tokens,
        refreshToken: outcome.tokens.refreshToken || session.tokens.refreshToken,
      };
      host.renewed({ username: session.username, tokens });
      this.schedule();
      return "renewed";
    }
    if (outcome.kind === "session-expired") {
      host.expired();
      return "ended";
    }
    // Sign-in service away or failing: keep the session, try again shortly.
    this.timer ??= host.scheduler.setTimeout(() => {
      this.timer = undefined;
      void this.renew();
    }, host.retrySeconds * 1000);
    return "unavailable";
  }
}
