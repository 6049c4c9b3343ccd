/**
 * The business time zone, in which days are counted and times shown: asked of the API once per session (the days
 * around now tell it, whatever the browser's own zone) and shared by the pages that need it.
 */
import type { ApiClient, ApiOutcome, Authorized } from "./api-call.js";
import { fetchRecentDays } from "./recent-days.js";

export class BusinessZone {
  private known: string | undefined;

  constructor(
    private readonly deps: { readonly api: ApiClient; readonly authorized: Authorized; readonly now: () => number },
  ) {}

  /** Forgotten with the session. */
  reset(): void {
    this.known = undefined;
  }

  async read(): Promise<ApiOutcome<string> | undefined> {
    if (this.known !== undefined) return { kind: "ok", value: this.known };
    const outcome = await this.deps.authorized((token) => fetchRecentDays(this.deps.api, token, this.deps.now(), 1));
    if (outcome === undefined || outcome.kind !== "ok") return outcome;
    this.known = outcome.value.timeZone;
    return { kind: "ok", value: this.known };
  }
}
