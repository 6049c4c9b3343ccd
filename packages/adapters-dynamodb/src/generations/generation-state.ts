import { QueryCommand, GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { BuildingGeneration, GenerationSpec, GenerationState } from "@cargo-express/domain";
import { dynamo } from "../errors.js";
import { ACTIVE_GENERATION_KEY, INITIAL_GENERATION } from "../keys.js";
import { type WholeNumberRules, wholeNumber } from "../whole-number.js";

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
 *
 * This file reads them; `rebuild-steps.ts` writes them. Every call goes through `dynamo()` (one error
 * translation).
 */
const GENERATION_PK = ACTIVE_GENERATION_KEY.pk;
export const BUILDING_GENERATION_KEY = { pk: GENERATION_PK, sk: "BUILDING" } as const;
export const GENERATION_COUNTER_KEY = { pk: GENERATION_PK, sk: "COUNTER" } as const;

/** What a process knows about the generations. `building` is only known to a reader that reads it (the Query). */
export interface KnownGenerations {
  readonly active: GenerationSpec;
  readonly activeStored: boolean;
  readonly building?: BuildingGeneration;
}

/** Generation numbers, cutoffs and the counter: non-negative safe integers, anything else is a corrupt item. */
const GENERATION_NUMBER: WholeNumberRules = {
  describe: (item) => `ProjectorState ${String(item.pk)}/${String(item.sk)}`,
  absent: "invalid",
  beyondSafeInteger: "invalid",
  negative: "invalid",
};

/** The ACTIVE item alone (one strongly consistent GetItem): what a reader limited to it knows. */
export async function readActiveGeneration(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
): Promise<KnownGenerations> {
  const result = await dynamo("read active generation", () =>
    client.send(new GetCommand({ TableName: projectorStateTable, Key: ACTIVE_GENERATION_KEY, ConsistentRead: true })),
  );
  return { active: activeSpecOf(result.Item), activeStored: result.Item !== undefined };
}

/** The ACTIVE item as a generation (absent: generation 1, every order), read one way by every reader. */
function activeSpecOf(item: Record<string, unknown> | undefined): GenerationSpec {
  if (item === undefined) return { generation: INITIAL_GENERATION };
  const generation = wholeNumber(item, "generation", GENERATION_NUMBER);
  if (generation < INITIAL_GENERATION)
    throw new Error(`ProjectorState ${String(item.pk)}/${String(item.sk)} has an invalid generation: ${generation}`);
  return {
    generation,
    ...(item.cutoff_ms === undefined ? {} : { cutoffMs: wholeNumber(item, "cutoff_ms", GENERATION_NUMBER) }),
  };
}

/** Reads ACTIVE, BUILDING and COUNTER with one strongly consistent Query. */
export async function readGenerationState(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
): Promise<GenerationState> {
  const { Items: items = [] } = await dynamo("read generation state", () =>
    client.send(
      new QueryCommand({
        TableName: projectorStateTable,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": GENERATION_PK },
        ConsistentRead: true,
      }),
    ),
  );
  const bySk = new Map(items.map((item) => [String(item.sk), item]));
  const activeItem = bySk.get(ACTIVE_GENERATION_KEY.sk);
  const buildingItem = bySk.get(BUILDING_GENERATION_KEY.sk);
  const active = activeSpecOf(activeItem);
  const building: BuildingGeneration | undefined = buildingItem
    ? {
        generation: wholeNumber(buildingItem, "generation", GENERATION_NUMBER),
        cutoffMs: wholeNumber(buildingItem, "cutoff_ms", GENERATION_NUMBER),
        startedAt: String(buildingItem.started_at ?? ""),
      }
    : undefined;
  const counter = bySk.get(GENERATION_COUNTER_KEY.sk);
  return {
    active,
    activeStored: activeItem !== undefined,
    ...(building === undefined ? {} : { building }),
    lastAllocated: Math.max(
      active.generation,
      building?.generation ?? 0,
      counter === undefined ? 0 : wholeNumber(counter, "last", GENERATION_NUMBER),
    ),
  };
}
