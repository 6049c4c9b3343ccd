/**
 * When to renew the access token, and where the session is kept between reloads of the same tab:
 * sessionStorage (gone when the tab closes), never localStorage.
 */
import type { AuthTokens } from "./cognito.js";

/** Renew this long before expiry at most (5 minutes of Cognito's default hour)... */
const MAX_MARGIN_MS = 5 * 60_000;
/** ...and at least a quarter of the lifetime early, so short-lived tokens are renewed in time too. */
const MARGIN_SHARE = 0.25;

function marginMs(tokens: AuthTokens): number {
  return Math.min(MAX_MARGIN_MS, Math.max(0, tokens.expiresAt - tokens.issuedAt) * MARGIN_SHARE);
}

/** The instant (ms) at which the access token should be renewed. */
export function renewAt(tokens: AuthTokens): number {
  return tokens.expiresAt - marginMs(tokens);
}

/** Milliseconds from `now` until renewal is due (0 when it already is). */
export function renewalDelay(tokens: AuthTokens, now: number): number {
  return Math.max(0, renewAt(tokens) - now);
}

export function renewalDue(tokens: AuthTokens, now: number): boolean {
  return now >= renewAt(tokens);
}

export function isExpired(tokens: AuthTokens, now: number): boolean {
  return now >= tokens.expiresAt;
}

export interface Session {
  readonly username: string;
  readonly tokens: AuthTokens;
}

const KEY = "cargo-express.monitor.session";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** Keeps one session in the given storage (the browser's sessionStorage). */
export class SessionStore {
  constructor(private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem">) {}

  load(now: number): Session | undefined {
    let raw: unknown;
    try {
      raw = JSON.parse(this.storage.getItem(KEY) ?? "null");
    } catch {
      raw = null;
    }
    if (!isObject(raw) || typeof raw.username !== "string" || !isObject(raw.tokens)) return undefined;
    const { accessToken, refreshToken, expiresAt, issuedAt } = raw.tokens;
    if (
      typeof accessToken !== "string" ||
      typeof refreshToken !== "string" ||
      typeof expiresAt !== "number" ||
      typeof issuedAt !== "number"
    )
      return undefined;
    // An access token already expired is still useful for its refresh token; the controller renews it first.
    if (refreshToken === "" && isExpired({ accessToken, refreshToken, expiresAt, issuedAt }, now)) return undefined;
    return { username: raw.username, tokens: { accessToken, refreshToken, expiresAt, issuedAt } };
  }

  save(session: Session): void {
    try {
      this.storage.setItem(KEY, JSON.stringify(session));
    } catch {
      // storage full or disabled: the session then lives in memory only
    }
  }

  clear(): void {
    try {
      this.storage.removeItem(KEY);
    } catch {
      // nothing stored
    }
  }
}
