import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { sleep } from "./batch.js";
import { dynamo, isErrorNamed } from "./errors.js";
import {
  CATALOG_TABLE_DEFINITION,
  EXPORTS_TABLE_DEFINITION,
  TABLE_DEFINITIONS,
  type TableDefinition,
  type TableNames,
} from "./tables.js";

/** Any table this code creates: one of TABLE_DEFINITIONS, the catalogue's or the export jobs'. */
type AnyTableDefinition = Omit<TableDefinition, "key"> & { readonly key: string };

export interface TableAdminOptions {
  /** How long to wait for a table (and its indexes) to become ACTIVE, or to disappear. Default 120 s. */
  readonly timeoutMs?: number;
}

/** The CreateTable request for one definition: on-demand billing, its stream and indexes. */
function createTableInput(definition: AnyTableDefinition, tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: definition.attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: definition.hashKey, KeyType: "HASH" },
      ...(definition.rangeKey === undefined ? [] : [{ AttributeName: definition.rangeKey, KeyType: "RANGE" as const }]),
    ],
    ...(definition.globalSecondaryIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.hashKey, KeyType: "HASH" as const },
              { AttributeName: index.rangeKey, KeyType: "RANGE" as const },
            ],
            Projection: { ProjectionType: index.projection },
          })),
        }),
    ...(definition.stream === undefined
      ? {}
      : { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }),
  };
}

/**
 * Creates every table of TABLE_DEFINITIONS that does not exist, waits until all are ACTIVE and turns
 * TTL on where defined. Safe to run at every start. An existing table with a different key schema,
 * missing index or missing stream is an error (this creates tables; it does not migrate them).
 */
export async function ensureTables(
  client: DynamoDBDocumentClient,
  names: TableNames,
  options: TableAdminOptions = {},
): Promise<void> {
  await Promise.all(
    TABLE_DEFINITIONS.map((definition) => ensureTable(client, definition, names[definition.key], options)),
  );
}

/** Creates the catalogue table if it does not exist and waits until it is ACTIVE (as ensureTables). */
export async function ensureCatalogTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: TableAdminOptions = {},
): Promise<void> {
  await ensureTable(client, CATALOG_TABLE_DEFINITION, tableName, options);
}

/** Creates the export jobs' table if it does not exist, waits until it is ACTIVE and turns its TTL on (as ensureTables). */
export async function ensureExportsTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: TableAdminOptions = {},
): Promise<void> {
  await ensureTable(client, EXPORTS_TABLE_DEFINITION, tableName, options);
}

async function ensureTable(
  client: DynamoDBDocumentClient,
  definition: AnyTableDefinition,
  tableName: string,
  options: TableAdminOptions,
): Promise<void> {
  try {
    await dynamo(`create table ${tableName}`, () =>
      client.send(new CreateTableCommand(createTableInput(definition, tableName))),
    );
  } catch (error) {
    if (!isErrorNamed(error, "ResourceInUseException")) throw error;
  }
  const table = await waitUntilActive(client, tableName, options.timeoutMs ?? 120_000);
  checkShape(definition, table);
  if (definition.ttlAttribute !== undefined) await ensureTimeToLive(client, tableName, definition.ttlAttribute);
}

async function waitUntilActive(
  client: DynamoDBDocumentClient,
  tableName: string,
  timeoutMs: number,
): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table: table } = await dynamo(`describe table ${tableName}`, () =>
      client.send(new DescribeTableCommand({ TableName: tableName })),
    );
    const active =
      table?.TableStatus === "ACTIVE" &&
      (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === "ACTIVE");
    if (table && active) return table;
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} is not ACTIVE after ${timeoutMs} ms (status ${table?.TableStatus})`);
    await sleep(500);
  }
}

function checkShape(definition: AnyTableDefinition, table: TableDescription): void {
  const keyOf = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) =>
    (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(",");
  const wantedKey = [
    `${definition.hashKey}:HASH`,
    ...(definition.rangeKey === undefined ? [] : [`${definition.rangeKey}:RANGE`]),
  ].join(",");
  const problems: string[] = [];
  if (keyOf(table.KeySchema) !== wantedKey) problems.push(`key is ${keyOf(table.KeySchema)}, expected ${wantedKey}`);
  for (const index of definition.globalSecondaryIndexes) {
    const found = table.GlobalSecondaryIndexes?.find((i) => i.IndexName === index.name);
    if (!found) problems.push(`index ${index.name} is missing`);
    else if (keyOf(found.KeySchema) !== `${index.hashKey}:HASH,${index.rangeKey}:RANGE`)
      problems.push(`index ${index.name} has key ${keyOf(found.KeySchema)}`);
  }
  if (
    definition.stream !== undefined &&
    (table.StreamSpecification?.StreamEnabled !== true ||
      table.StreamSpecification.StreamViewType !== definition.stream)
  ) {
    problems.push(`stream ${definition.stream} is not enabled`);
  }
  if (problems.length > 0) {
    throw new Error(
      `table ${table.TableName} exists but does not match its definition (${definition.key}): ${problems.join("; ")}. ` +
        'Tables are created, never migrated: see docs/data-model.md, "Changing the data model"',
    );
  }
}

async function ensureTimeToLive(client: DynamoDBDocumentClient, tableName: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await dynamo(`describe TTL of ${tableName}`, () =>
    client.send(new DescribeTimeToLiveCommand({ TableName: tableName })),
  );
  if (ttl?.TimeToLiveStatus === "ENABLED" || ttl?.TimeToLiveStatus === "ENABLING") {
    if (ttl.AttributeName !== attribute)
      throw new Error(`table ${tableName} has TTL on ${ttl.AttributeName}, expected ${attribute}`);
    return;
  }
  await dynamo(`enable TTL on ${tableName}`, () =>
    client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
      }),
    ),
  );
}

/** Deletes the tables (missing ones are fine) and waits until they are gone. For tests and `db:reset`. */
export async function deleteTables(
  client: DynamoDBDocumentClient,
  names: TableNames,
  options: TableAdminOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  await Promise.all(
    TABLE_DEFINITIONS.map(async (definition) => {
      const tableName = names[definition.key];
      try {
        await dynamo(`delete table ${tableName}`, () => client.send(new DeleteTableCommand({ TableName: tableName })));
      } catch (error) {
        if (isErrorNamed(error, "ResourceNotFoundException")) return;
        throw error;
      }
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          await client.send(new DescribeTableCommand({ TableName: tableName }));
        } catch (error) {
          if (isErrorNamed(error, "ResourceNotFoundException")) return;
          throw error;
        }
        if (Date.now() > deadline) throw new Error(`table ${tableName} still exists ${timeoutMs} ms after DeleteTable`);
        await sleep(500);
      }
    }),
  );
}
