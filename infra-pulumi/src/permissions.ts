/**
 * What each function may do, and on what: one role per function, naming only the actions its code (or AWS acting
 * for it) performs, on only the tables, indexes and items it touches. No statement has a "*" action or a "*"
 * resource; the only wildcards are inside ARNs that are already scoped to one of our resources (the log streams
 * of the function's own log group, and the streams of the Orders table, the form AWS documents for
 * dynamodb:ListStreams). test/least-privilege.test.ts runs the functions' code against DynamoDB Local and proves
 * both directions: every call it makes is allowed here, and every grant here is used by some call.
 */
import * as pulumi from "@pulumi/pulumi";
import { LEDGER_INDEXES, TABLE_DEFINITIONS, type TableKey } from "@cargo-express/adapters-dynamodb/tables";

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: readonly string[];
  readonly Resource: readonly pulumi.Input<string>[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export type TableArns = Readonly<Record<TableKey, pulumi.Input<string>>>;

/**
 * The read models: every table the projector derives from Orders (all but Orders itself and the projector's own
 * bookkeeping), as TABLE_DEFINITIONS defines them, so a new one is granted where every read model is.
 */
const READ_MODEL_TABLES: readonly TableKey[] = TABLE_DEFINITIONS.map((definition) => definition.key).filter(
  (key) => key !== "orders" && key !== "projectorState",
);

/**
 * The projector-state partition the monitor reads: `GENERATION` (its `ACTIVE` item says which generation to show,
 * packages/adapters-dynamodb/src/keys.ts). The other partitions (watermarks, and dead letters, which hold whole
 * order images with courier names) stay out of the monitor's reach.
 */
const MONITOR_STATE_PARTITIONS = ["GENERATION"] as const;

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

/**
 * POST /orders and GET /orders/{id}: save-if-absent, and reads (a replay is told from a conflict by the old item).
 * POST /orders/{id}/void and /corrections: the same two actions (a GetItem, then one PutItem conditional on the
 * revision read); no UpdateItem, no DeleteItem: an order is only ever replaced whole by its next revision.
 * GET /orders: Query on the ledger's two indexes only (never on the table itself, never Scan).
 */
export function ordersApiStatements(tables: TableArns): PolicyStatement[] {
  return [
    {
      Sid: "PlaceOrders",
      Effect: "Allow",
      Action: ["dynamodb:PutItem", "dynamodb:GetItem"],
      Resource: [tables.orders],
    },
    {
      Sid: "ListOrders",
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: Object.values(LEDGER_INDEXES).map((index) => pulumi.interpolate`${tables.orders}/index/${index}`),
    },
  ];
}

/**
 * GET /monitor and /monitor/status: reads of the projections only. A report is one BatchGetItem of the read
 * model's items by key (no index, no query), and the active generation is one GetItem in the projector-state
 * table, limited to its GENERATION partition by `dynamodb:LeadingKeys` (GetItem always carries the key, so the
 * condition always applies).
 */
export function monitorApiStatements(tables: TableArns): PolicyStatement[] {
  return [
    {
      Sid: "ReadProjectionItems",
      Effect: "Allow",
      Action: ["dynamodb:BatchGetItem"],
      Resource: READ_MODEL_TABLES.map((key) => tables[key]),
    },
    {
      Sid: "ReadActiveGeneration",
      Effect: "Allow",
      Action: ["dynamodb:GetItem"],
      Resource: [tables.projectorState],
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": MONITOR_STATE_PARTITIONS } },
    },
  ];
}

export interface ProjectorResources {
  readonly tables: TableArns;
  readonly ordersStreamArn: pulumi.Input<string>;
  readonly failureQueueArn: pulumi.Input<string>;
  /** The live channel namespace (AppSync Events) the projector publishes to. */
  readonly liveNamespaceArn: pulumi.Input<string>;
}

/**
 * The stream projector. Its code reads no stream: each event names its batch's shard (the mapping's tumbling
 * window, projector.ts). The stream actions granted here are the event source mapping's own, which Lambda
 * performs with this role (DescribeStream, GetShardIterator, GetRecords, ListStreams on the Orders stream). The
 * code reads the generations and its watermark (Query and GetItem in the projector-state table), reads the items
 * it is about to update (BatchGetItem: names, listed couriers and products) and applies a batch in one TransactWriteItems of UpdateItems (IAM checks each item's
 * own action; no item is a ConditionCheck), and parks poison records (PutItem). The mapping also sends failed
 * batches' metadata to the on-failure queue. The Orders table itself is never read: the rebuild scans it with the
 * operator's credentials (docs/deploy.md).
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
      Action: ["dynamodb:BatchGetItem", "dynamodb:UpdateItem"],
      Resource: READ_MODEL_TABLES.map((key) => tables[key]),
    },
    {
      Sid: "KeepProjectorState",
      Effect: "Allow",
      Action: ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem"],
      Resource: [tables.projectorState],
    },
    { Sid: "ReportFailedBatches", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [resources.failureQueueArn] },
    // After each commit: "the figures changed" to the web apps, on the live namespace only (not connect, not subscribe).
    {
      Sid: "PublishFiguresChanged",
      Effect: "Allow",
      Action: ["appsync:EventPublish"],
      Resource: [resources.liveNamespaceArn],
    },
  ];
}

export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

export const LAMBDA_ASSUME_ROLE_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
