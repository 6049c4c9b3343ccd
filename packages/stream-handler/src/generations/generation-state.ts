import { DeleteCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ACTIVE_GENERATION_KEY, INITIAL_GENERATION } from "@cargo-express/adapters-dynamodb";
import { instantFromEpochMs, type Order } from "@cargo-express/domain";

/**
 * Which generations of the projections exist and which orders each holds, kept in the ProjectorState
 * table under pk "GENERATION":
 *
 * - `ACTIVE`   { generation, cutoff_ms? }  what the monitor reads and the projector writes (absent = 1, all orders);
 * - `BUILDING` { generation, cutoff_ms }   a rebuild in progress: the live projector also writes the orders
 *                                          received at or after the cutoff into it;
 * - `COUNTER`  { last }                    the highest generation ever allocated, so none is reused.
 *
 * A generation with a cutoff holds exactly: the orders received before the cutoff (written by the rebuild's
 * scan) plus the orders received at or after it (written by the live projector). The cutoff stays with the
 * generation after it becomes active, so a late stream record of an older order is never added twice.
 */
export const GENERATION_PK = ACTIVE_GENERATION_KEY.pk;
export const BUILDING_GENERATION_KEY = { pk: GENERATION_PK, sk: "BUILDING" } as const;
export const GENERATION_COUNTER_KEY = { pk: GENERATION_PK, sk: "COUNTER" } as const;

export interface GenerationSpec {
  readonly generation: number;
  /** Epoch ms: only orders received at or after it belong to this generation's live part. Absent = every order. */
  readonly cutoffMs?: number;
}

export interface BuildingGeneration extends GenerationSpec {
  readonly cutoffMs: number;
  readonly startedAt: string;
}

export interface GenerationState {
  readonly active: GenerationSpec;
  /** Whether the ACTIVE item exists (it does not until the first rebuild). */
  readonly activeStored: boolean;
  readonly building?: BuildingGeneration;
  readonly lastAllocated: number;
}

/** True when the order belongs to the live part of the generation (the same test the rebuild's scan negates). */
export const receivesLive = (spec: GenerationSpec, order: Order): boolean => spec.cutoffMs === undefined || Date.parse(order.receivedAt) >= spec.cutoffMs;

/** One strongly consistent Query reads all three items. */
export async function readGenerationState(client: DynamoDBDocumentClient, projectorStateTable: string): Promise<GenerationState> {
  const { Items: items = [] } = await client.send(
    new QueryCommand({
      TableName: projectorStateTable,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": GENERATION_PK },
      ConsistentRead: true,
    }),
  );
  const bySk = new Map(items.map((item) => [String(item.sk), item]));
  const activeItem = bySk.get(ACTIVE_GENERATION_KEY.sk);
  const buildingItem = bySk.get(BUILDING_GENERATION_KEY.sk);
  const active: GenerationSpec = activeItem
    ? { generation: whole(activeItem, "generation"), ...(activeItem.cutoff_ms === undefined ? {} : { cutoffMs: whole(activeItem, "cutoff_ms") }) }
    : { generation: INITIAL_GENERATION };
  const building: BuildingGeneration | undefined = buildingItem
    ? { generation: whole(buildingItem, "generation"), cutoffMs: whole(buildingItem, "cutoff_ms"), startedAt: String(buildingItem.started_at ?? "") }
    : undefined;
  const counter = bySk.get(GENERATION_COUNTER_KEY.sk);
  return {
    active,
    activeStored: activeItem !== undefined,
    ...(building === undefined ? {} : { building }),
    lastAllocated: Math.max(active.generation, building?.generation ?? 0, counter === undefined ? 0 : whole(counter, "last")),
  };
}

/**
 * Allocates `generation` and records it as BUILDING, atomically. Fails (ConditionalCheckFailed) if
 * another rebuild got there first; `replacing` names an abandoned BUILDING generation to take over from.
 */
export async function beginBuild(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
  build: { generation: number; cutoffMs: number; startedAtMs: number; replacing?: number },
): Promise<void> {
  await client.send(
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
            ConditionExpression: build.replacing === undefined ? "attribute_not_exists(pk)" : "generation = :replacing",
            ...(build.replacing === undefined ? {} : { ExpressionAttributeValues: { ":replacing": build.replacing } }),
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
  );
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
  await client.send(
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
  );
}

/** Removes the BUILDING item of `generation` (an abandoned rebuild); the live projector stops feeding it. */
export async function abandonBuild(client: DynamoDBDocumentClient, projectorStateTable: string, generation: number): Promise<void> {
  await client.send(
    new DeleteCommand({
      TableName: projectorStateTable,
      Key: BUILDING_GENERATION_KEY,
      ConditionExpression: "generation = :g",
      ExpressionAttributeValues: { ":g": generation },
    }),
  );
}

function whole(item: Record<string, unknown>, attribute: string): number {
  const value = item[attribute];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(`ProjectorState ${String(item.pk)}/${String(item.sk)} has an invalid ${attribute}: ${String(value)}`);
  }
  return value;
}
