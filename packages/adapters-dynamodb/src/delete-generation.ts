import { BatchWriteCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DependencyUnavailableError } from "@cargo-express/domain";
import { dynamo } from "./errors.js";
import { generationPartition } from "./generations/generation-stores.js";
import { deliveriesPrefix, WATERMARK_PK } from "./keys.js";
import type { ProjectionTableNames } from "./projection-store/projection-store.js";

type Key = Record<string, unknown>;

/**
 * Deletes one generation's projection items (its all-time items and its day items) and its watermarks.
 * Deliveries items are found with a filtered Scan of the table, so the cost grows with it (all generations
 * together: two all-time items and up to 2 x 400 day items per generation, read once). Run only for a generation that nothing
 * reads or writes any more (see the rebuild CLI's delay). Every call goes through dynamo() (one error translation).
 */
export async function deleteGeneration(
  client: DynamoDBDocumentClient,
  tables: ProjectionTableNames,
  generation: number,
): Promise<{ deleted: number }> {
  const keys: { table: string; key: Key }[] = [];
  const scanKeys = async (
    table: string,
    keyAttributes: string[],
    filter: { attribute: string; expression: string },
    values: Record<string, unknown>,
  ) => {
    let start: Key | undefined;
    do {
      const exclusiveStartKey = start;
      const page = await dynamo("scan a generation's items", () =>
        client.send(
          new ScanCommand({
            TableName: table,
            FilterExpression: filter.expression,
            ProjectionExpression: keyAttributes.map((_, i) => `#k${i}`).join(", "),
            ExpressionAttributeNames: {
              ...Object.fromEntries(keyAttributes.map((name, i) => [`#k${i}`, name])),
              "#f": filter.attribute,
            },
            ExpressionAttributeValues: values,
            ExclusiveStartKey: exclusiveStartKey,
          }),
        ),
      );
      for (const item of page.Items ?? [])
        keys.push({ table, key: Object.fromEntries(keyAttributes.map((name) => [name, item[name]])) });
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
  };
  // `<generation>#A#<shard>` and `<generation>#D#<day>#<shard>`; the prefix of generation 1 does not match 12.
  await scanKeys(
    tables.deliveries,
    ["delivery_id"],
    { attribute: "delivery_id", expression: "begins_with(#f, :prefix)" },
    { ":prefix": deliveriesPrefix(generation) },
  );
  let start: Key | undefined;
  do {
    const exclusiveStartKey = start;
    const page = await dynamo("query a generation's watermarks", () =>
      client.send(
        new QueryCommand({
          TableName: tables.projectorState,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": WATERMARK_PK, ":prefix": generationPartition(generation, "") },
          ProjectionExpression: "pk, sk",
          ExclusiveStartKey: exclusiveStartKey,
        }),
      ),
    );
    for (const item of page.Items ?? []) keys.push({ table: tables.projectorState, key: { pk: item.pk, sk: item.sk } });
    start = page.LastEvaluatedKey;
  } while (start !== undefined);

  for (let i = 0; i < keys.length; i += 25) await batchDelete(client, keys.slice(i, i + 25));
  return { deleted: keys.length };
}

async function batchDelete(client: DynamoDBDocumentClient, keys: { table: string; key: Key }[]): Promise<void> {
  let pending: NonNullable<BatchWriteCommand["input"]["RequestItems"]> = {};
  for (const { table, key } of keys) (pending[table] ??= []).push({ DeleteRequest: { Key: key } });
  for (let round = 1; Object.keys(pending).length > 0; round += 1) {
    if (round > 6) throw new DependencyUnavailableError("DynamoDB left deletes unprocessed after 6 rounds", 2);
    if (round > 1) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    const requestItems = pending;
    const result = await dynamo("delete a generation's items", () =>
      client.send(new BatchWriteCommand({ RequestItems: requestItems })),
    );
    pending = result.UnprocessedItems ?? {};
  }
}
