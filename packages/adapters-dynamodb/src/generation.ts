import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import {
  instantFromEpochMs,
  type BuildingGeneration,
  type Clock,
  type GenerationSpec,
  type GenerationState,
} from "@cargo-express/domain";
import { dynamo, isErrorNamed } from "./errors.js";
import { ACTIVE_GENERATION_KEY, INITIAL_GENERATION } from "./keys.js";
import { type WholeNumberRules, wholeNumber } from "./whole-number.js";

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
 * Every read and write of these items is in this file, and every call goes through `dynamo()` (one error
 * translation).
 */
export const GENERATION_PK = ACTIVE_GENERATION_KEY.pk;
export const BUILDING_GENERATION_KEY = { pk: GENERATION_PK, sk: "BUILDING" } as const;
export const GENERATION_COUNTER_KEY = { pk: GENERATION_PK, sk: "COUNTER" } as const;

/** The generations' shapes are the domain's (ports.ts); re-exported for the adapter's users. */
export {
  receivesLive,
  type BuildingGeneration,
  type GenerationSpec,
  type GenerationState,
} from "@cargo-express/domain";

/** Reads the active generation from the ProjectorState table (no item = generation 1): one GetItem. */
export async function readActiveGeneration(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
): Promise<number> {
  const result = await dynamo("read active generation", () =>
    client.send(new GetCommand({ TableName: projectorStateTable, Key: ACTIVE_GENERATION_KEY, ConsistentRead: true })),
  );
  const value = result.Item?.generation;
  if (value === undefined) return INITIAL_GENERATION;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `ProjectorState ${ACTIVE_GENERATION_KEY.pk}/${ACTIVE_GENERATION_KEY.sk} holds an invalid generation: ${String(value)}`,
    );
  }
  return value;
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
  const active: GenerationSpec = activeItem
    ? {
        generation: wholeNumber(activeItem, "generation", GENERATION_NUMBER),
        ...(activeItem.cutoff_ms === undefined
          ? {}
          : { cutoffMs: wholeNumber(activeItem, "cutoff_ms", GENERATION_NUMBER) }),
      }
    : { generation: INITIAL_GENERATION };
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

/**
 * The one cache of what is known about generations: a value re-read at most every `cacheMs` (on `clock`).
 * Used by GenerationSource (the active generation, for the monitor and the store) and by
 * DynamoDbGenerations.targets() (the projector's plan).
 */
export class TimedCache<T> {
  private cached: { value: T; readAt: number } | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: { readonly clock: Clock; readonly cacheMs: number },
  ) {}

  async get(): Promise<T> {
    const now = this.options.clock.now();
    if (this.cached && now - this.cached.readAt < this.options.cacheMs) return this.cached.value;
    const value = await this.read();
    this.cached = { value, readAt: now };
    return value;
  }
}

/** Default time the active generation is reused before it is read again. */
export const GENERATION_CACHE_MS = 5_000;

/**
 * The generation to read or write: a fixed one (a rebuild writing a new generation), or the active
 * one, re-read at most every `cacheMs` so a busy projector or monitor does not pay a read per call.
 * Consequence: after a swap, a process keeps using the old generation for up to `cacheMs`.
 */
export class GenerationSource {
  private readonly cache: TimedCache<number>;

  constructor(
    private readonly options: {
      readonly client: DynamoDBDocumentClient;
      readonly projectorStateTable: string;
      readonly clock: Clock;
      readonly fixed?: number;
      readonly cacheMs?: number;
    },
  ) {
    if (options.fixed !== undefined && (!Number.isSafeInteger(options.fixed) || options.fixed < 1)) {
      throw new RangeError(`generation must be a whole number from 1: ${options.fixed}`);
    }
    this.cache = new TimedCache(() => readActiveGeneration(options.client, options.projectorStateTable), {
      clock: options.clock,
      cacheMs: options.cacheMs ?? GENERATION_CACHE_MS,
    });
  }

  async current(): Promise<number> {
    if (this.options.fixed !== undefined) return this.options.fixed;
    return this.cache.get();
  }
}

/** Generation numbers, cutoffs and the counter: non-negative safe integers, anything else is a corrupt item. */
const GENERATION_NUMBER: WholeNumberRules = {
  describe: (item) => `ProjectorState ${String(item.pk)}/${String(item.sk)}`,
  absent: "invalid",
  beyondSafeInteger: "invalid",
  negative: "invalid",
};
