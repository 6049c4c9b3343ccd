/**
 * What each function may do, and on what: one role per function, naming only the actions and the tables it
 * uses. No statement has a "*" action or a "*" resource; the only wildcards are inside ARNs that are already
 * scoped to one of our resources (the log streams of the function's own log group, and the streams of the
 * Orders table, which is the form AWS documents for dynamodb:ListStreams).
 */
import * as pulumi from "@pulumi/pulumi";
import type { TableKey } from "@cargo-express/adapters-dynamodb/tables";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: readonly pulumi.Input<string>[];
}

export type TableArns = Readonly<Record<TableKey, pulumi.Input<string>>>;

/** The tables the projector maintains (everything but Orders, which it only reads). */
export const PROJECTION_TABLES = ["products", "deliveries", "projectorState"] as const satisfies readonly TableKey[];

/** The tables the monitor reads its report from. */
export const MONITOR_TABLES = ["products", "deliveries", "projectorState"] as const satisfies readonly TableKey[];

export function indexArn(tableArn: pulumi.Input<string>, indexName: string): pulumi.Output<string> {
  return pulumi.interpolate`${tableArn}/index/${indexName}`;
}

/** Writing its own logs: the log group is created by the program, so no logs:CreateLogGroup. */
export function logStatements(logGroupArn: pulumi.Input<string>): PolicyStatement[] {
  return [
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:log-stream:*`],
    },
  ];
}

/** POST /orders and GET /orders/{id}: save-if-absent, and reads (a replay is told from a conflict by the old item). */
export function ordersApiStatements(tables: TableArns): PolicyStatement[] {
  return [
    { Sid: "PlaceOrders", Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem"], Resource: [tables.orders] },
  ];
}

/** GET /monitor and /monitor/status: reads of the projections only. */
export function monitorApiStatements(tables: TableArns, indexNames: (key: TableKey) => readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: "ReadProjections",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
      Resource: MONITOR_TABLES.flatMap((key) => [tables[key], ...indexNames(key).map((name) => indexArn(tables[key], name))]),
    },
  ];
}

export interface ProjectorResources {
  readonly tables: TableArns;
  readonly ordersStreamArn: pulumi.Input<string>;
  readonly failureQueueArn: pulumi.Input<string>;
}

/**
 * The stream projector: reads the Orders stream, applies each batch in one TransactWriteItems (which needs the
 * item-level actions of every write it contains, ConditionCheckItem for the watermark guard), scans Orders when
 * rebuilding, and sends failed batches' metadata to its on-failure queue.
 */
export function streamProjectorStatements(resources: ProjectorResources): PolicyStatement[] {
  const { tables } = resources;
  return [
    {
      Sid: "ReadOrdersStream",
      Effect: "Allow",
      Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      Resource: [resources.ordersStreamArn],
    },
    {
      Sid: "ListOrdersStreams",
      Effect: "Allow",
      Action: ["dynamodb:ListStreams"],
      Resource: [pulumi.interpolate`${tables.orders}/stream/*`],
    },
    {
      Sid: "ApplyProjections",
      Effect: "Allow",
      Action: [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:UpdateItem",
        "dynamodb:PutItem",
        "dynamodb:ConditionCheckItem",
      ],
      Resource: PROJECTION_TABLES.map((key) => tables[key]),
    },
    { Sid: "RebuildFromOrders", Effect: "Allow", Action: ["dynamodb:Scan", "dynamodb:GetItem"], Resource: [tables.orders] },
    { Sid: "ReportFailedBatches", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [resources.failureQueueArn] },
  ];
}

export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

export const LAMBDA_ASSUME_ROLE_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
