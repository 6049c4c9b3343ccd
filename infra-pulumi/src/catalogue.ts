/**
 * The catalogue (products, reference prices) and the fleet (couriers): its table, what each function may do with
 * it, and its alarm. Supervisors edit it through the orders function (the writes); every report of the monitor
 * function reads it (the names), as GET /catalog and its history do. The table is the source of its own data (not
 * derived from orders), so it is never replaced: point-in-time recovery and deletion protection as Orders.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { CATALOG_TABLE_DEFINITION, catalogTableNameFor } from "@cargo-express/adapters-dynamodb/tables";
import type { PolicyStatement } from "./permissions.js";
import { tableArgs } from "./tables.js";

/** The variable through which the API functions learn the catalogue table's name. */
export const CATALOG_TABLE_VARIABLE = "CATALOG_TABLE";

export interface CatalogTable {
  readonly name: string;
  readonly table: aws.dynamodb.Table;
}

export function createCatalogTable(
  options: { readonly prefix: string; readonly deletionProtection: boolean },
  opts: pulumi.CustomResourceOptions,
): CatalogTable {
  const name = catalogTableNameFor(options.prefix);
  // As every table (tables.ts): on demand, where a few edits a week and one Query per monitor report cost cents.
  const table = new aws.dynamodb.Table(
    "catalog-table",
    tableArgs(CATALOG_TABLE_DEFINITION, { name, deletionProtection: options.deletionProtection }),
    opts,
  );
  return { name, table };
}

/** PUT /catalog/...: the entry's current revision (GetItem), then the entry and its history item (two PutItems of one TransactWriteItems). */
export function catalogueEditStatements(catalogArn: pulumi.Input<string>): PolicyStatement[] {
  return [
    { Sid: "EditCatalogue", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: [catalogArn] },
  ];
}

/** GET /catalog, GET /catalog/history and the names of every monitor report: Queries of the table's two partitions. */
export function catalogueReadStatements(catalogArn: pulumi.Input<string>): PolicyStatement[] {
  return [{ Sid: "ReadCatalogue", Effect: "Allow", Action: ["dynamodb:Query"], Resource: [catalogArn] }];
}

/**
 * DynamoDB failing requests to the catalogue on its side: the monitor cannot name figures and supervisors cannot
 * edit while it lasts (each such request answers 503).
 */
export function createCatalogAlarm(
  options: {
    readonly stage: string;
    readonly tableName: pulumi.Input<string>;
    readonly topicArn: pulumi.Input<string>;
  },
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    "catalog-system-errors",
    {
      name: `cargo-express-${options.stage}-catalog-system-errors`,
      alarmDescription:
        "DynamoDB failed requests to the catalogue table in the last 5 minutes: the monitor and catalogue edits answer 503 meanwhile.",
      namespace: "AWS/DynamoDB",
      metricName: "SystemErrors",
      dimensions: { TableName: options.tableName },
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
