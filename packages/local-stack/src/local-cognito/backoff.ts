/** How a backoff counts: failures allowed before the first lockout, and what ends one. */
export interface BackoffRule {
  /** Failed attempts allowed before the first lockout (Cognito: 5 per user). */
  readonly freeFailures: number;
  /** The longest lockout (Cognito: about 15 minutes). */
  readonly maxLockoutMs: number;
  /** With no attempt at all for this long, the count starts again (Cognito: 15 minutes). */
  readonly quietResetMs: number;
  /** Whether a success (after any lockout has ended) starts the count again: yes per user, not per address. */
  readonly successResets: boolean;
}

/** Cognito's documented lockout per user: after 5 failures, 2^(n-5) s, up to about 15 minutes. */
export const PER_USER: BackoffRule = {
  freeFailures: 5,
  maxLockoutMs: 15 * 60_000,
  quietResetMs: 15 * 60_000,
  successResets: true,
};

/**
 * Per client address, what the deployed pools' rate-based WAF rule does at the edge: many failures from one
 * address, across any users, lock the address out. A success does not reset it (one valid account must not
 * let an address go on guessing others' passwords).
 */
export const PER_ADDRESS: BackoffRule = {
  freeFailures: 20,
  maxLockoutMs: 15 * 60_000,
  quietResetMs: 15 * 60_000,
  successResets: false,
};

interface Count {
  failures: number;
  lockedUntilMs: number;
  lastAttemptMs: number;
}

/**
 * Exponential backoff after repeated failures, keyed by anything (a pool's user name, a client address). After
 * `freeFailures` failures each further failure locks the key out for 2^(n - freeFailures) seconds (1 s, 2 s,
 * 4 s, ...), up to `maxLockoutMs`; attempts during a lockout are refused and not counted. Keys are dropped once
 * quiet for `quietResetMs`, so the table does not grow without bound.
 */
export class FailureBackoff {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly rule: BackoffRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the key is locked out. Counts as an attempt (a refused one), as Cognito counts them. */
  isLockedOut(key: string): boolean {
    const count = this.current(key);
    if (count === undefined) return false;
    const now = this.now();
    count.lastAttemptMs = now;
    return now < count.lockedUntilMs;
  }

  failed(key: string): void {
    const now = this.now();
    const count = this.current(key) ?? { failures: 0, lockedUntilMs: 0, lastAttemptMs: now };
    count.failures += 1;
    count.lastAttemptMs = now;
    const over = count.failures - this.rule.freeFailures;
    if (over >= 0) count.lockedUntilMs = now + Math.min(1000 * 2 ** over, this.rule.maxLockoutMs);
    this.counts.set(key, count);
  }

  succeeded(key: string): void {
    if (this.rule.successResets) this.counts.delete(key);
  }

  private current(key: string): Count | undefined {
    this.dropQuiet();
    return this.counts.get(key);
  }

  private dropQuiet(): void {
    const now = this.now();
    for (const [key, count] of this.counts)
      if (now - count.lastAttemptMs >= this.rule.quietResetMs && now >= count.lockedUntilMs) this.counts.delete(key);
  }
}
