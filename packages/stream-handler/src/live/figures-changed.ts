import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { describeError } from "@cargo-express/platform";

/**
 * What the projector tells every open web app after a commit: only that the figures changed, and when. No figures,
 * no names: the page refetches GET /monitor with its ETag (the API decides what the reader may see).
 */
export interface FiguresChangedEvent {
  readonly kind: "figures-changed";
  /** UTC, ISO 8601. */
  readonly at: string;
}

/** Sends one event to the live channel; rejects when it was not accepted. Aborted by `signal` at the time bound. */
export interface LivePublisher {
  publish(event: FiguresChangedEvent, signal: AbortSignal): Promise<void>;
}

/** The metric each failed publish adds to (EMF on stdout, like the dead letters'; no PutMetricData, no grant). */
export const LIVE_PUBLISH_FAILURE_METRIC = {
  namespace: "CargoExpress/Projector",
  name: "LivePublishFailures",
  dimension: "FunctionName",
} as const;

/**
 * The bound on one publish after a commit, ms. AppSync answers a publish in tens of ms; past a second the web
 * apps are better served by their 30 s fallback than the projector by waiting (it is not the commit that waits).
 */
export const LIVE_PUBLISH_TIMEOUT_MS = 1000;

export interface FiguresChangedNoticeOptions {
  readonly publisher: LivePublisher;
  /** The bound on one publish, ms: past it the publish is abandoned and counted as failed. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Lambda's name for the function (the metric's dimension); absent outside Lambda. */
  readonly functionName?: string;
  readonly now?: () => number;
  /** Where the metric line goes. Default stdout. */
  readonly write?: (line: string) => void;
}

/**
 * Publishes "the figures changed" AFTER a batch was committed, so it can neither slow nor fail the commit: it runs
 * once the commit is done, is bounded by `timeoutMs`, and a failure (refused, unreachable, too slow) is only logged
 * and counted, never thrown. The web apps poll every 30 s while they hear nothing, so a lost event costs at most
 * that delay.
 */
export class FiguresChangedNotice {
  constructor(private readonly options: FiguresChangedNoticeOptions) {}

  async afterCommit(): Promise<void> {
    const now = this.options.now ?? Date.now;
    const event: FiguresChangedEvent = { kind: "figures-changed", at: new Date(now()).toISOString() };
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`live publish took longer than ${this.options.timeoutMs} ms; abandoned`);
        controller.abort(error);
        reject(error);
      }, this.options.timeoutMs);
    });
    try {
      await Promise.race([this.options.publisher.publish(event, controller.signal), expired]);
    } catch (error) {
      this.options.logger.warn("live publish failed: open web apps learn of the change by polling", {
        error: describeError(error),
      });
      this.countFailure();
    } finally {
      clearTimeout(timer);
    }
  }

  private countFailure(): void {
    const metrics = new Metrics({ namespace: LIVE_PUBLISH_FAILURE_METRIC.namespace });
    metrics.clearDefaultDimensions();
    const { functionName } = this.options;
    if (functionName === undefined) metrics.addDimensions({});
    else metrics.addDimension(LIVE_PUBLISH_FAILURE_METRIC.dimension, functionName);
    metrics.addMetric(LIVE_PUBLISH_FAILURE_METRIC.name, MetricUnit.Count, 1);
    metrics.setTimestamp((this.options.now ?? Date.now)());
    const line = JSON.stringify(metrics.serializeMetrics());
    (this.options.write ?? ((text) => void process.stdout.write(text)))(`${line}\n`);
  }
}
