import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/**
 * The CloudWatch metric every failed export adds to, so an alarm fires: a failed job is an item in the exports
 * table, which no alarm can watch. An Embedded Metric Format line on stdout (Lambda sends it to the function's log
 * group, CloudWatch turns it into the metric): no PutMetricData call, no extra permission. The alarm is
 * `exports-failed` in infra-pulumi/src/exports.ts (same namespace, name and dimension).
 */
export const FAILED_EXPORT_METRIC = {
  namespace: "CargoExpress/Exports",
  name: "FailedExports",
  /** Lambda's own name for the function (AWS_LAMBDA_FUNCTION_NAME). */
  dimension: "FunctionName",
} as const;

/** Writes one failed export to the metric; unfiltered by LOG_LEVEL or Powertools' switches (the alarm needs it). */
export function emitFailedExport(options: {
  readonly functionName?: string;
  readonly write?: (line: string) => void;
  readonly now?: number;
}): void {
  const metrics = new Metrics({ namespace: FAILED_EXPORT_METRIC.namespace });
  metrics.clearDefaultDimensions();
  if (options.functionName === undefined) metrics.addDimensions({});
  else metrics.addDimension(FAILED_EXPORT_METRIC.dimension, options.functionName);
  metrics.addMetric(FAILED_EXPORT_METRIC.name, MetricUnit.Count, 1);
  metrics.setTimestamp(options.now ?? Date.now());
  const line = JSON.stringify(metrics.serializeMetrics());
  (options.write ?? ((text) => void process.stdout.write(text)))(`${line}\n`);
}
