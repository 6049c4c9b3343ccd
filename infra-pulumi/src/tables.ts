/**
 * DynamoDB tables, generated from the adapters' TABLE_DEFINITIONS so the deployed keys, indexes, stream and
 * TTL can never drift from what the code reads and writes.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
  TABLE_DEFINITIONS,
  type TableDefinition,
  type TableKey,
  type TableNames,
} from "@cargo-express/adapters-dynamodb/tables";

export type Tables = Readonly<Record<TableKey, aws.dynamodb.Table>>;

export interface TableOptions {
  readonly names: TableNames;
  readonly deletionProtection: boolean;
}

/** Any table the program deploys: one of TABLE_DEFINITIONS, the catalogue's or the export jobs'. */
type AnyTableDefinition = Omit<TableDefinition, "key">;

/** What a table's arguments take besides its definition: its physical name, and the stage's deletion protection. */
export interface TableSettings {
  readonly name: string;
  readonly deletionProtection: boolean;
}

/**
 * Every table's arguments, derived from its definition so the deployed keys, indexes, stream and TTL are the ones
 * the code reads and writes. Indexes and a stream are sent only when the definition has them (createTables adds the
 * explicit "none" its three tables were deployed with).
 */
export function tableArgs(definition: AnyTableDefinition, settings: TableSettings): aws.dynamodb.TableArgs {
  return {
    name: settings.name,
    // On-demand: no capacity to size or to throttle at (the old 1 RCU/WCU tables did), and at today's volume
    // it costs cents; see docs/deploy.md for the arithmetic.
    billingMode: "PAY_PER_REQUEST",
    hashKey: definition.hashKey,
    rangeKey: definition.rangeKey,
    attributes: definition.attributes.map((attribute) => ({ name: attribute.name, type: attribute.type })),
    ...(definition.globalSecondaryIndexes.length === 0
      ? {}
      : {
          globalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            name: index.name,
            keySchemas: [
              { attributeName: index.hashKey, keyType: "HASH" },
              { attributeName: index.rangeKey, keyType: "RANGE" },
            ],
            projectionType: index.projection,
          })),
        }),
    ...(definition.stream === undefined ? {} : { streamEnabled: true, streamViewType: definition.stream }),
    pointInTimeRecovery: { enabled: true },
    deletionProtectionEnabled: settings.deletionProtection,
    // Data is always encrypted at rest; `enabled` switches from an AWS-owned key to the account's AWS-managed
    // KMS key (aws/dynamodb), whose use is visible in CloudTrail. No key to manage, no monthly key fee.
    serverSideEncryption: { enabled: true },
    ttl: definition.ttlAttribute === undefined ? undefined : { attributeName: definition.ttlAttribute, enabled: true },
  };
}

/**
 * Orders, Deliveries and ProjectorState were deployed stating "no indexes" and "no stream" outright; these defaults
 * keep their inputs as deployed; the catalogue and export tables were deployed without either.
 */
const STATED_NONE: aws.dynamodb.TableArgs = { globalSecondaryIndexes: [], streamEnabled: false };

/**
 * Read models: every item is derived from Orders by the projector, so `npm run projections:rebuild`
 * recomputes them. When their key schema changes (a new data model), DynamoDB cannot alter the table and
 * Pulumi must replace it; with a fixed physical name the new table can only be created after the old
 * one is deleted. Orders (the source of truth) and ProjectorState (watermarks: losing them would let the
 * projector apply records still in the stream a second time) are never replaced that way.
 */
export const REBUILDABLE_TABLES: readonly TableKey[] = ["deliveries"];

export function tableResourceOptions(key: TableKey, opts: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return REBUILDABLE_TABLES.includes(key) ? { ...opts, deleteBeforeReplace: true } : opts;
}

export function createTables(options: TableOptions, opts: pulumi.CustomResourceOptions): Tables {
  const entries = TABLE_DEFINITIONS.map(
    (definition) =>
      [
        definition.key,
        new aws.dynamodb.Table(
          `${definition.key}-table`,
          {
            ...STATED_NONE,
            ...tableArgs(definition, {
              name: options.names[definition.key],
              deletionProtection: options.deletionProtection,
            }),
          },
          tableResourceOptions(definition.key, opts),
        ),
      ] as const,
  );
  return Object.fromEntries(entries) as Record<TableKey, aws.dynamodb.Table>;
}

/** The environment variable through which each Lambda learns a table's physical name. */
export const TABLE_ENVIRONMENT_VARIABLES: Readonly<Record<TableKey, string>> = {
  orders: "ORDERS_TABLE",
  deliveries: "DELIVERIES_TABLE",
  projectorState: "PROJECTOR_STATE_TABLE",
};

export function tableEnvironment(names: TableNames): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(TABLE_ENVIRONMENT_VARIABLES) as TableKey[]).map((key) => [
      TABLE_ENVIRONMENT_VARIABLES[key],
      names[key],
    ]),
  );
}

/** Index names of a table, as defined once in TABLE_DEFINITIONS. */
export function indexNamesOf(key: TableKey): string[] {
  return (
    TABLE_DEFINITIONS.find((definition) => definition.key === key)?.globalSecondaryIndexes.map((index) => index.name) ??
    []
  );
}
