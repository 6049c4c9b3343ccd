/**
 * Live refresh: poll every few seconds while the tab is visible, stop while it is hidden, poll at once
 * when it shows again. One poll at a time; the next is scheduled when the previous one has finished, so a
 * slow or absent API never piles requests up, and polling simply goes on until the API answers again.
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
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly poll: () => Promise<void>,
    private readonly intervalMs: number,
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
    void this.runPoll();
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

  private async runPoll(): Promise<void> {
    if (this.polling) return; // the running poll schedules the next one
    this.polling = true;
    try {
      await this.poll();
    } catch {
      // the poll reports its own failures; polling must go on regardless
    } finally {
      this.polling = false;
    }
    if (this.running && this.visibility.isVisible()) {
      this.cancelTimer();
      this.timer = this.scheduler.setTimeout(() => {
        this.timer = undefined;
        void this.runPoll();
      }, this.intervalMs);
    }
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
