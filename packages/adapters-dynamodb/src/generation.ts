import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import {
  instantFromEpochMs,
  systemClock,
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
const GENERATION_PK = ACTIVE_GENERATION_KEY.pk;
export const BUILDING_GENERATION_KEY = { pk: GENERATION_PK, sk: "BUILDING" } as const;
const GENERATION_COUNTER_KEY = { pk: GENERATION_PK, sk: "COUNTER" } as const;

/** The generations' shapes are the domain's (ports.ts); re-exported for the adapter's users. */
export type {
  BuildingGeneration,
  GenerationState,
} from "@cargo-express/domain";

/** The ACTIVE item alone (one strongly consistent GetItem): what a reader limited to it knows. */
async function readActiveOnly(client: DynamoDBDocumentClient, projectorStateTable: string): Promise<KnownGenerations> {
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

/** A value re-read at most every `cacheMs` (on `clock`): the cache of GenerationReader. */
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

/** What a process knows about the generations. `building` is only known to a reader that reads it (`reads: "all"`). */
export interface KnownGenerations {
  readonly active: GenerationSpec;
  readonly activeStored: boolean;
  readonly building?: BuildingGeneration;
}

export interface GenerationReaderOptions {
  readonly client: DynamoDBDocumentClient;
  readonly projectorStateTable: string;
  /**
   * What to read, by what the process's role may do: `"active"` the ACTIVE item alone (one GetItem: the monitor,
   * whose role is limited to it), `"all"` ACTIVE, BUILDING and COUNTER (one Query: the projector, which also writes
   * the generation a rebuild is building).
   */
  readonly reads: "active" | "all";
  readonly clock?: Clock;
  /** How long what was read is reused. Default GENERATION_CACHE_MS. */
  readonly cacheMs?: number;
}

/**
 * The one reader of the generations, with the one cache: what a process knows about them, re-read at most every
 * `cacheMs` so a busy projector or monitor does not pay a read per call (so after a swap a process keeps using the
 * old generation for up to `cacheMs`). The ACTIVE item is parsed one way whichever way it is read.
 */
export class GenerationReader {
  private readonly cache: TimedCache<KnownGenerations>;

  constructor(options: GenerationReaderOptions) {
    const { client, projectorStateTable } = options;
    this.cache = new TimedCache(
      () =>
        options.reads === "all"
          ? readGenerationState(client, projectorStateTable)
          : readActiveOnly(client, projectorStateTable),
      { clock: options.clock ?? systemClock, cacheMs: options.cacheMs ?? GENERATION_CACHE_MS },
    );
  }

  known(): Promise<KnownGenerations> {
    return this.cache.get();
  }
}

/**
 * The generation to read or write: a fixed one (a rebuild writing a new generation), or the active one as the
 * process's GenerationReader knows it (the ACTIVE item alone).
 */
export class GenerationSource {
  private readonly reader: GenerationReader;

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
    this.reader = new GenerationReader({ ...options, reads: "active" });
  }

  async current(): Promise<number> {
    if (this.options.fixed !== undefined) return this.options.fixed;
    return (await this.reader.known()).active.generation;
  }
}

/** Generation numbers, cutoffs and the counter: non-negative safe integers, anything else is a corrupt item. */
const GENERATION_NUMBER: WholeNumberRules = {
  describe: (item) => `ProjectorState ${String(item.pk)}/${String(item.sk)}`,
  absent: "invalid",
  beyondSafeInteger: "invalid",
  negative: "invalid",
};
