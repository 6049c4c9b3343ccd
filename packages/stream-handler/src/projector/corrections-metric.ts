import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { DeadLetterMetricOptions } from "./dead-letter-metric.js";

/**
 * The CloudWatch metric of corrections volume: every void and correction the projector applies to the figures
 * the monitor reads (the active generation; a rebuild's building generation is not counted twice). Written like
 * the dead-letter metric, as a Powertools Embedded Metric Format line on stdout (no PutMetricData call, no
 * permission). The alarm on it is `projector-corrections-volume` in infra-pulumi/src/alarms.ts (same namespace,
 * name and dimension): many corrections in an hour is worth a look (a courier's phone sending wrong orders, a
 * supervisor's mistake, or someone abusing the corrections).
 */
export const CORRECTIONS_METRIC = {
  namespace: "CargoExpress/Projector",
  name: "CorrectionsApplied",
  dimension: "FunctionName",
} as const;

/** Same options as the dead-letter metric: the function's name, where the line goes, the clock. */
export type CorrectionsMetricOptions = DeadLetterMetricOptions;

export class CorrectionsMetric {
  constructor(private readonly options: CorrectionsMetricOptions = {}) {}

  /** Adds what one batch of `partition` applied: `voided` voids and `corrected` corrections. Nothing when both are 0. */
  emit(applied: { readonly voided: number; readonly corrected: number }, partition: string | undefined): void {
    const total = applied.voided + applied.corrected;
    if (total <= 0) return;
    const { functionName } = this.options;
    const metrics = new Metrics({ namespace: CORRECTIONS_METRIC.namespace });
    metrics.clearDefaultDimensions();
    if (functionName === undefined) metrics.addDimensions({});
    else metrics.addDimension(CORRECTIONS_METRIC.dimension, functionName);
    metrics.addMetric(CORRECTIONS_METRIC.name, MetricUnit.Count, total);
    // Context for a reader of the log line, not metrics (each metric is billed per month): how many were voids.
    metrics.addMetadata("voided", String(applied.voided));
    metrics.addMetadata("corrected", String(applied.corrected));
    if (partition !== undefined) metrics.addMetadata("partition", partition);
    metrics.setTimestamp((this.options.now ?? Date.now)());
    const line = JSON.stringify(metrics.serializeMetrics());
    (this.options.write ?? ((text) => void process.stdout.write(text)))(`${line}\n`);
  }
}
