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

export class DeadLetterMetric {
  constructor(private readonly options: DeadLetterMetricOptions = {}) {}

  /** Adds `count` dead letters (stored by one batch of `partition`) to the metric. */
  emit(count: number, partition: string | undefined): void {
    if (count <= 0) return;
    const { functionName } = this.options;
    const line = {
      _aws: {
        Timestamp: (this.options.now ?? Date.now)(),
        CloudWatchMetrics: [
          {
            Namespace: DEAD_LETTER_METRIC.namespace,
            Dimensions: [functionName === undefined ? [] : [DEAD_LETTER_METRIC.dimension]],
            Metrics: [{ Name: DEAD_LETTER_METRIC.name, Unit: "Count" }],
          },
        ],
      },
      ...(functionName === undefined ? {} : { [DEAD_LETTER_METRIC.dimension]: functionName }),
      [DEAD_LETTER_METRIC.name]: count,
      // Not a dimension (that would make one metric per shard, which no alarm watches): context for a reader.
      partition,
      message: "dead letters stored: see npm run dead-letters",
    };
    (this.options.write ?? ((text) => void process.stdout.write(text)))(`${JSON.stringify(line)}\n`);
  }
}
