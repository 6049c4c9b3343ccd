/**
 * Live refresh: poll every few seconds while the tab is visible, stop while it is hidden, poll at once
 * when it shows again. One poll at a time; the next is scheduled when the previous one has finished, so a
 * slow or absent API never piles requests up, and polling simply goes on until the API answers again.
 * With the live channel up (live-push.ts) the pace is "never": only pollNow() fetches, on each event.
 */

export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Visibility {
  isVisible(): boolean;
  /** Calls back on every change; returns a function that stops listening. */
  onChange(callback: () => void): () => void;
}

export class LivePoller {
  private timer: unknown;
  private running = false;
  private polling = false;
  /** pollNow() was asked while a poll was under way: what it answered may predate the change, so poll once more. */
  private again = false;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly poll: () => Promise<void>,
    /** Between polls; undefined: no scheduled polls, only pollNow(). */
    private intervalMs: number | undefined,
    private readonly scheduler: Scheduler,
    private readonly visibility: Visibility,
  ) {}

  /** Polls now (if visible) and keeps polling until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopListening = this.visibility.onChange(() => this.visibilityChanged());
    if (this.visibility.isVisible()) void this.runPoll();
  }

  stop(): void {
    this.running = false;
    this.cancelTimer();
    this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Polls at once (e.g. the period changed), then carries on at the usual pace. */
  pollNow(): void {
    if (!this.running || !this.visibility.isVisible()) return;
    this.cancelTimer();
    void this.runPoll(true);
  }

  /** A new pace (the live channel came up or went down), from the next poll on; a waiting poll is rescheduled. */
  setInterval(intervalMs: number | undefined): void {
    if (intervalMs === this.intervalMs) return;
    this.intervalMs = intervalMs;
    if (!this.running || this.polling || !this.visibility.isVisible()) return;
    this.cancelTimer();
    this.schedule();
  }

  get isPolling(): boolean {
    return this.polling;
  }

  private visibilityChanged(): void {
    if (!this.running) return;
    if (this.visibility.isVisible()) this.pollNow();
    else this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async runPoll(asked = false): Promise<void> {
    if (this.polling) {
      // The running poll schedules the next one; a change announced meanwhile is fetched right after it.
      if (asked) this.again = true;
      return;
    }
    this.polling = true;
    this.again = false;
    try {
      await this.poll();
    } catch {
      // the poll reports its own failures; polling must go on regardless
    } finally {
      this.polling = false;
    }
    if (this.running && this.visibility.isVisible()) {
      this.cancelTimer();
      if (this.again) void this.runPoll(true);
      else this.schedule();
    }
  }

  private schedule(): void {
    if (this.intervalMs === undefined) return;
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      void this.runPoll();
    }, this.intervalMs);
  }
}

/** The browser's Page Visibility API. */
export function documentVisibility(doc: Document): Visibility {
  return {
    isVisible: () => doc.visibilityState === "visible",
    onChange(callback) {
      doc.addEventListener("visibilitychange", callback);
      return () => doc.removeEventListener("visibilitychange", callback);
    },
  };
}
