import { DeleteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { instantFromEpochMs, type BuildingGeneration } from "@cargo-express/domain";
import { dynamo, isErrorNamed } from "../errors.js";
import { ACTIVE_GENERATION_KEY } from "../keys.js";
import { BUILDING_GENERATION_KEY, GENERATION_COUNTER_KEY } from "./generation-state.js";

/**
 * The rebuild's writes of the GENERATION items (described in `generation-state.ts`): begin, activate (the
 * swap), abandon. Each is one request, conditioned so that two rebuilds cannot both win.
 */

/**
 * Allocates `generation` and records it as BUILDING, atomically. False (nothing changed) if another rebuild
 * got there first (the transaction was cancelled); `replacing` names an abandoned BUILDING generation to take
 * over from.
 */
export async function beginBuild(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
  build: { generation: number; cutoffMs: number; startedAtMs: number; replacing?: number },
): Promise<boolean> {
  try {
    await dynamo("begin rebuild", () =>
      client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: projectorStateTable,
                Item: {
                  ...BUILDING_GENERATION_KEY,
                  generation: build.generation,
                  cutoff_ms: build.cutoffMs,
                  cutoff: instantFromEpochMs(build.cutoffMs).iso,
                  started_at: instantFromEpochMs(build.startedAtMs).iso,
                },
                ConditionExpression:
                  build.replacing === undefined ? "attribute_not_exists(pk)" : "generation = :replacing",
                ...(build.replacing === undefined
                  ? {}
                  : { ExpressionAttributeValues: { ":replacing": build.replacing } }),
              },
            },
            {
              Update: {
                TableName: projectorStateTable,
                Key: GENERATION_COUNTER_KEY,
                UpdateExpression: "SET #last = :g",
                ConditionExpression: "attribute_not_exists(pk) OR #last < :g",
                ExpressionAttributeNames: { "#last": "last" },
                ExpressionAttributeValues: { ":g": build.generation },
              },
            },
          ],
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isErrorNamed(error, "TransactionCanceledException")) return false;
    throw error;
  }
}

/**
 * The swap: ACTIVE becomes the built generation (with its cutoff) and BUILDING disappears, in one
 * transaction, and only if ACTIVE still holds the generation the rebuild started from.
 */
export async function activateBuild(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
  swap: { built: BuildingGeneration; expectedActive: number; activeStored: boolean; activatedAtMs: number },
): Promise<void> {
  await dynamo("activate rebuilt generation", () =>
    client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: projectorStateTable,
              Item: {
                ...ACTIVE_GENERATION_KEY,
                generation: swap.built.generation,
                cutoff_ms: swap.built.cutoffMs,
                cutoff: instantFromEpochMs(swap.built.cutoffMs).iso,
                activated_at: instantFromEpochMs(swap.activatedAtMs).iso,
              },
              ConditionExpression: swap.activeStored ? "generation = :expected" : "attribute_not_exists(pk)",
              ...(swap.activeStored ? { ExpressionAttributeValues: { ":expected": swap.expectedActive } } : {}),
            },
          },
          {
            Delete: {
              TableName: projectorStateTable,
              Key: BUILDING_GENERATION_KEY,
              ConditionExpression: "generation = :built",
              ExpressionAttributeValues: { ":built": swap.built.generation },
            },
          },
        ],
      }),
    ),
  );
}

/** Removes the BUILDING item of `generation` (an abandoned rebuild); the live projector stops feeding it. */
export async function abandonBuild(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
  generation: number,
): Promise<void> {
  await dynamo("abandon rebuild", () =>
    client.send(
      new DeleteCommand({
        TableName: projectorStateTable,
        Key: BUILDING_GENERATION_KEY,
        ConditionExpression: "generation = :g",
        ExpressionAttributeValues: { ":g": generation },
      }),
    ),
  );
}
