/**
 * The ledger's exports on AWS: the jobs' table, the private bucket the files are written to, what the orders
 * function and the export function may do with them, how the export function is invoked, and the alarm on failed
 * exports.
 *
 * Why an asynchronous invocation and not a queue: POST /exports invokes the export function with InvocationType
 * "Event", so Lambda's own event queue holds the request (up to 6 hours) and the API answers 202 at once; one
 * export is one event, there is nothing to batch, and a job's status in its table already records what happened,
 * so no dead-letter queue is needed to learn of a failure (the function records it, and the alarm counts it).
 * An SQS queue would add a resource, a poller mapping and a visibility timeout that must outlast a 15-minute run,
 * for no guarantee the job record does not already give. Lambda's own retries are off: a retried event would find
 * the job finished (failed or ready) and do nothing.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EXPORTS_TABLE_DEFINITION, exportsTableNameFor, LEDGER_INDEXES } from "@cargo-express/adapters-dynamodb/tables";
import type { PolicyStatement } from "./permissions.js";
import { createPrivateBucket, createPrivateBucketPolicy } from "./private-bucket.js";
import { tableArgs } from "./tables.js";

/** Where export files live in the bucket (the object keys the code writes: `exports/<id>/pedidos_...`). */
const EXPORTS_PREFIX = "exports/";

/**
 * The metric the export function writes (an Embedded Metric Format line) for every failed export:
 * packages/ledger-exports/src/failed-export-metric.ts, FAILED_EXPORT_METRIC.
 */
const FAILED_EXPORT_METRIC = {
  namespace: "CargoExpress/Exports",
  name: "FailedExports",
  dimension: "FunctionName",
} as const;

export interface ExportStorage {
  readonly tableName: string;
  readonly table: aws.dynamodb.Table;
  readonly bucket: aws.s3.Bucket;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
  readonly bucketPolicy: aws.s3.BucketPolicy;
}

export function createExportStorage(
  options: { readonly prefix: string; readonly deletionProtection: boolean },
  opts: pulumi.CustomResourceOptions,
): ExportStorage {
  const tableName = exportsTableNameFor(options.prefix);
  // As every table (tables.ts), with point-in-time recovery: the jobs are a few KB, so recovery costs nothing, and
  // who asked for which orders is an audit trail.
  const table = new aws.dynamodb.Table(
    "exports-table",
    tableArgs(EXPORTS_TABLE_DEFINITION, { name: tableName, deletionProtection: options.deletionProtection }),
    opts,
  );

  const { bucket, publicAccessBlock } = createPrivateBucket(
    "export-files",
    {
      // Names are global: the prefix says whose it is, S3 adds a unique suffix.
      bucketPrefix: `${options.prefix}-exports-`,
      // Its files are copies of orders kept a day: `pulumi destroy` may empty it.
      forceDestroy: true,
    },
    opts,
  );
  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
    "export-files-encryption",
    {
      bucket: bucket.id,
      // S3-managed keys: a presigned GET needs no KMS permission, and the files live a day.
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    },
    opts,
  );
  const lifecycle = new aws.s3.BucketLifecycleConfiguration(
    "export-files-lifecycle",
    {
      bucket: bucket.id,
      rules: [
        {
          id: "delete-exports-after-a-day",
          status: "Enabled",
          filter: { prefix: EXPORTS_PREFIX },
          // S3 counts from the object's creation, rounded up to the next midnight UTC: gone within 1-2 days.
          expiration: { days: 1 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        },
      ],
    },
    opts,
  );
  // No grant: only the functions' roles reach the files (exportRequestStatements, exportBuilderStatements).
  const bucketPolicy = createPrivateBucketPolicy("export-files", { bucket, publicAccessBlock }, [], opts);
  return { tableName, table, bucket, publicAccessBlock, encryption, lifecycle, bucketPolicy };
}

/** The exports' files in the bucket: the only objects either function touches. */
const exportObjects = (bucketArn: pulumi.Input<string>) => pulumi.interpolate`${bucketArn}/${EXPORTS_PREFIX}*`;

/**
 * POST /exports and GET /exports/{id} (the orders function): create a job (PutItem), read it (GetItem), record it
 * failed when the export function cannot be started (UpdateItem), start that function (lambda:InvokeFunction), and
 * presign downloads (a presigned URL carries the signer's authority: s3:GetObject on the exports, used when the
 * supervisor's browser follows it).
 */
export function exportRequestStatements(arns: {
  readonly table: pulumi.Input<string>;
  readonly bucket: pulumi.Input<string>;
  readonly exportFunction: pulumi.Input<string>;
}): PolicyStatement[] {
  return [
    {
      Sid: "ExportJobs",
      Effect: "Allow",
      Action: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem"],
      Resource: [arns.table],
    },
    { Sid: "StartExports", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [arns.exportFunction] },
    {
      Sid: "PresignExportDownloads",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: [exportObjects(arns.bucket)],
    },
  ];
}

/**
 * The export function: claim, complete or fail its job (UpdateItem), read the range's orders from the ledger's
 * by-month index (Query; never the table, never Scan), and store the file (s3:PutObject).
 */
export function exportBuilderStatements(arns: {
  readonly table: pulumi.Input<string>;
  readonly orders: pulumi.Input<string>;
  readonly bucket: pulumi.Input<string>;
}): PolicyStatement[] {
  return [
    { Sid: "RecordExportJobs", Effect: "Allow", Action: ["dynamodb:UpdateItem"], Resource: [arns.table] },
    {
      Sid: "ReadLedgerByMonth",
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: [pulumi.interpolate`${arns.orders}/index/${LEDGER_INDEXES.byMonth}`],
    },
    { Sid: "WriteExportFiles", Effect: "Allow", Action: ["s3:PutObject"], Resource: [exportObjects(arns.bucket)] },
  ];
}

/** Asynchronous invocations: no retry (the job records its failure), an event older than an hour dropped. */
export function createExportInvokeConfig(
  functionName: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): aws.lambda.FunctionEventInvokeConfig {
  return new aws.lambda.FunctionEventInvokeConfig(
    "export-invoke-config",
    { functionName, maximumRetryAttempts: 0, maximumEventAgeInSeconds: 3600 },
    opts,
  );
}

/** Any failed export in 5 minutes: a supervisor's file was not written (the job says failed; the log says why). */
export function createFailedExportAlarm(
  options: {
    readonly stage: string;
    readonly functionName: pulumi.Input<string>;
    readonly topicArn: pulumi.Input<string>;
  },
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    "exports-failed",
    {
      name: `cargo-express-${options.stage}-exports-failed`,
      alarmDescription:
        "An export of the ledger failed in the last 5 minutes: the supervisor saw 'failed' and must ask again. The export function's log says why (exportId, reason).",
      namespace: FAILED_EXPORT_METRIC.namespace,
      metricName: FAILED_EXPORT_METRIC.name,
      dimensions: { [FAILED_EXPORT_METRIC.dimension]: options.functionName },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      alarmActions: [options.topicArn],
      okActions: [options.topicArn],
    },
    opts,
  );
}
