/**
 * CloudWatch alarms for what breaks the promise to supervisors (late or missing projections) or to couriers
 * (failed API calls), all notifying one SNS topic, with an optional email subscription.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { FunctionKey } from "./bundles.js";

/**
 * The metric the projector writes (as Embedded Metric Format log lines) for every dead letter it stores:
 * packages/stream-handler/src/projector/dead-letter-metric.ts, DEAD_LETTER_METRIC. Dead letters are
 * ProjectorState items, which no alarm can watch directly.
 */
const PROJECTOR_DEAD_LETTER_METRIC = {
  namespace: "CargoExpress/Projector",
  name: "DeadLetters",
  dimension: "FunctionName",
} as const;

/**
 * The metric of corrections volume the projector writes the same way (voids and corrections applied to the
 * figures): packages/stream-handler/src/projector/corrections-metric.ts, CORRECTIONS_METRIC.
 */
const PROJECTOR_CORRECTIONS_METRIC = {
  namespace: "CargoExpress/Projector",
  name: "CorrectionsApplied",
  dimension: "FunctionName",
} as const;

/**
 * Voids and corrections in one hour above which operators are told: about 5 % of a whole day's orders at today's
 * volume (~400 a day) in a single hour, far above the occasional mistyped order, so it points at a phone sending
 * wrong orders in bulk or at corrections being misused.
 */
const CORRECTIONS_PER_HOUR_THRESHOLD = 20;

/** The brief's limit: a delivery must be visible in the monitor within 10 s. */
const ITERATOR_AGE_THRESHOLD_MS = 10_000;

export interface AlarmOptions {
  readonly stage: string;
  readonly alarmEmail: string | undefined;
  readonly functionNames: Readonly<Record<FunctionKey, pulumi.Input<string>>>;
  readonly failureQueueName: pulumi.Input<string>;
  readonly apiId: pulumi.Input<string>;
}

export interface Alarms {
  readonly topic: aws.sns.Topic;
  readonly emailSubscription: aws.sns.TopicSubscription | undefined;
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
}

type AlarmSpec = Pick<
  aws.cloudwatch.MetricAlarmArgs,
  | "namespace"
  | "metricName"
  | "dimensions"
  | "statistic"
  | "threshold"
  | "comparisonOperator"
  | "period"
  | "evaluationPeriods"
  | "datapointsToAlarm"
> & { readonly description: string };

export function createAlarms(options: AlarmOptions, opts: pulumi.CustomResourceOptions): Alarms {
  const topic = new aws.sns.Topic("alarms", { name: `cargo-express-${options.stage}-alarms` }, opts);

  // Email subscriptions stay "pending confirmation" until the recipient clicks the link AWS sends.
  const emailSubscription =
    options.alarmEmail === undefined
      ? undefined
      : new aws.sns.TopicSubscription(
          "alarm-email",
          { topic: topic.arn, protocol: "email", endpoint: options.alarmEmail },
          opts,
        );

  const alarm = (name: string, spec: AlarmSpec): aws.cloudwatch.MetricAlarm => {
    const { description, ...metric } = spec;
    return new aws.cloudwatch.MetricAlarm(
      name,
      {
        name: `cargo-express-${options.stage}-${name}`,
        alarmDescription: description,
        ...metric,
        // No traffic is not a failure: a quiet night must not page anyone.
        treatMissingData: "notBreaching",
        alarmActions: [topic.arn],
        okActions: [topic.arn],
      },
      opts,
    );
  };

  const functionAlarms = (Object.keys(options.functionNames) as FunctionKey[]).flatMap((key) => {
    const dimensions = { FunctionName: options.functionNames[key] };
    return [
      alarm(`${key}-errors`, {
        description: `${key} raised errors (unhandled exceptions or timeouts) in the last 5 minutes.`,
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions,
        statistic: "Sum",
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        period: 300,
        evaluationPeriods: 1,
      }),
      alarm(`${key}-throttles`, {
        description: `${key} was throttled in the last 5 minutes: it reached its own reserved concurrency (more work at once than the function may take).`,
        namespace: "AWS/Lambda",
        metricName: "Throttles",
        dimensions,
        statistic: "Sum",
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        period: 300,
        evaluationPeriods: 1,
      }),
    ];
  });

  const alarms = [
    alarm("stream-iterator-age", {
      description:
        "The projector is more than 10 s behind the Orders stream for 2 minutes: the monitor is late. Check the projector's errors and logs.",
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: options.functionNames.streamProjector },
      statistic: "Maximum",
      threshold: ITERATOR_AGE_THRESHOLD_MS,
      comparisonOperator: "GreaterThanThreshold",
      period: 60,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    }),
    ...functionAlarms,
    alarm("projector-dead-letters", {
      description:
        "Lambda gave up on a batch of Orders stream records: projections miss those orders until `npm run projections:rebuild` runs (docs/deploy.md).",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: options.failureQueueName },
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
      evaluationPeriods: 1,
    }),
    alarm("projector-dead-lettered-records", {
      description:
        "The projector dead-lettered stream records (unreadable, or orders the store refuses for good, e.g. an item past 400 KB): those orders are not in the monitor. `npm run dead-letters` lists them with the reason.",
      namespace: PROJECTOR_DEAD_LETTER_METRIC.namespace,
      metricName: PROJECTOR_DEAD_LETTER_METRIC.name,
      dimensions: { [PROJECTOR_DEAD_LETTER_METRIC.dimension]: options.functionNames.streamProjector },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
      evaluationPeriods: 1,
    }),
    alarm("projector-corrections-volume", {
      description: `More than ${CORRECTIONS_PER_HOUR_THRESHOLD} orders voided or corrected in an hour: a phone sending wrong orders in bulk, or corrections misused. Each order's history (GET /orders/{id}) says who changed it and why.`,
      namespace: PROJECTOR_CORRECTIONS_METRIC.namespace,
      metricName: PROJECTOR_CORRECTIONS_METRIC.name,
      dimensions: { [PROJECTOR_CORRECTIONS_METRIC.dimension]: options.functionNames.streamProjector },
      statistic: "Sum",
      threshold: CORRECTIONS_PER_HOUR_THRESHOLD,
      comparisonOperator: "GreaterThanThreshold",
      period: 3_600,
      evaluationPeriods: 1,
    }),
    alarm("api-5xx", {
      description: "The HTTP API answered 5xx in the last 5 minutes (503s from a failing dependency included).",
      namespace: "AWS/ApiGateway",
      metricName: "5xx",
      dimensions: { ApiId: options.apiId },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
      evaluationPeriods: 1,
    }),
  ];

  return { topic, emailSubscription, alarms };
}
