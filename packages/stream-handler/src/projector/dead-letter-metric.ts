import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * The CloudWatch metric every dead letter adds to, so an alarm fires for it: dead letters are items in
 * ProjectorState, which no alarm can watch. Written as a CloudWatch Embedded Metric Format line on
 * stdout, which Lambda sends to the function's log group and CloudWatch turns into the metric: no
 * PutMetricData call, no extra permission. The alarm on it is `projector-dead-lettered-records` in
 * infra-pulumi/src/alarms.ts (same namespace, name and dimension).
 */
export const DEAD_LETTER_METRIC = {
  namespace: "CargoExpress/Projector",
  name: "DeadLetters",
  /** The dimension the alarm filters on: Lambda's own name for the function (AWS_LAMBDA_FUNCTION_NAME). */
  dimension: "FunctionName",
} as const;

export interface DeadLetterMetricOptions {
  /** The Lambda function's name; absent outside Lambda (the metric then has no dimension). */
  readonly functionName?: string;
  /** Where the line goes. Default stdout, unfiltered by LOG_LEVEL: the alarm must not depend on it. */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

/**
 * The line is Powertools Metrics' EMF (the same Powertools line as the logger): it builds and checks the
 * document. It is written here rather than by `publishStoredMetrics()`, which Powertools turns off when
 * POWERTOOLS_DEV or POWERTOOLS_METRICS_DISABLED is set: the alarm must not depend on those either.
 */
export class DeadLetterMetric {
  constructor(private readonly options: DeadLetterMetricOptions = {}) {}

  /** Adds `count` dead letters (stored by one batch of `partition`) to the metric. */
  emit(count: number, partition: string | undefined): void {
    if (count <= 0) return;
    const { functionName } = this.options;
    const metrics = new Metrics({ namespace: DEAD_LETTER_METRIC.namespace });
    // Powertools adds a `service` dimension by default; the alarm matches the metric by FunctionName alone.
    metrics.clearDefaultDimensions();
    if (functionName === undefined) metrics.addDimensions({});
    else metrics.addDimension(DEAD_LETTER_METRIC.dimension, functionName);
    metrics.addMetric(DEAD_LETTER_METRIC.name, MetricUnit.Count, count);
    // Not a dimension (that would make one metric per shard, which no alarm watches): context for a reader.
    if (partition !== undefined) metrics.addMetadata("partition", partition);
    metrics.addMetadata("message", "dead letters stored: see npm run dead-letters");
    metrics.setTimestamp((this.options.now ?? Date.now)());
    const line = JSON.stringify(metrics.serializeMetrics());
    (this.options.write ?? ((text) => void process.stdout.write(text)))(`${line}\n`);
  }
}
