import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { systemClock, type Clock } from "@cargo-express/domain";
import { LRUCache } from "lru-cache";
import { type KnownGenerations, readActiveGeneration, readGenerationState } from "./generation-state.js";

/**
 * How long a process reuses what it read about the generations: the one cache's lifetime, for the projector's
 * plan and for the active generation the store and the monitor use alike. A rebuild's cutoff margin must
 * exceed it (operations' `minimumCutoffMarginMs`), and the old generation may be deleted only once every
 * process's cache has let it go.
 */
export const GENERATION_CACHE_MS = 5_000;

export interface GenerationCacheOptions {
  readonly client: DynamoDBDocumentClient;
  readonly projectorStateTable: string;
  /**
   * What to read, by what the process's role may do: `"active"` the ACTIVE item alone (one GetItem: the monitor,
   * whose role is limited to it), `"all"` ACTIVE, BUILDING and COUNTER (one Query: the projector, which also writes
   * the generation a rebuild is building).
   */
  readonly reads: "active" | "all";
  readonly clock?: Clock;
  /** How long what was read is reused. Default GENERATION_CACHE_MS; 0 reads every time. */
  readonly cacheMs?: number;
}

const KNOWN = "known";

/**
 * The one reader of the generations, with the one cache: what a process knows about them, re-read at most every
 * `cacheMs` so a busy projector or monitor does not pay a read per call (so after a swap a process keeps using the
 * old generation for up to `cacheMs`). The cache is lru-cache's TTL on the process's clock: a read is reused
 * while younger than `cacheMs`, counted from when it started (what it returns is at most that old); concurrent
 * callers share one read; a failed read is not kept.
 */
export class GenerationCache {
  private readonly read: () => Promise<KnownGenerations>;
  private readonly cache: LRUCache<typeof KNOWN, Promise<KnownGenerations>> | undefined;

  constructor(options: GenerationCacheOptions) {
    const { client, projectorStateTable } = options;
    this.read =
      options.reads === "all"
        ? () => readGenerationState(client, projectorStateTable)
        : () => readActiveGeneration(client, projectorStateTable);
    const ttl = options.cacheMs ?? GENERATION_CACHE_MS;
    if (!Number.isSafeInteger(ttl) || ttl < 0) throw new RangeError(`cacheMs must be a whole number from 0: ${ttl}`);
    const clock = options.clock ?? systemClock;
    this.cache =
      ttl === 0
        ? undefined
        : new LRUCache({
            max: 1,
            ttl,
            // Look at the clock on every check (lru-cache otherwise reuses a reading for 1 ms with a timer).
            ttlResolution: 0,
            // lru-cache takes a start time of 0 for "never expires"; counting from 1 keeps a clock at 0 exact.
            perf: { now: () => clock.now() + 1 },
          });
  }

  known(): Promise<KnownGenerations> {
    const cache = this.cache;
    if (cache === undefined) return this.read();
    // lru-cache keeps an entry until it is older than its ttl; it is reused only while younger.
    const cached = cache.getRemainingTTL(KNOWN) > 0 ? cache.get(KNOWN) : undefined;
    if (cached !== undefined) return cached;
    const reading = this.read();
    cache.set(KNOWN, reading);
    reading.catch(() => {
      if (cache.peek(KNOWN, { allowStale: true }) === reading) cache.delete(KNOWN);
    });
    return reading;
  }
}

/**
 * The generation a store or the monitor uses: `fixed` when given (a rebuild writing a new generation), else the
 * active one as its own GenerationCache knows it (the ACTIVE item alone).
 */
export function generationInUse(options: {
  readonly client: DynamoDBDocumentClient;
  readonly projectorStateTable: string;
  readonly clock: Clock;
  readonly fixed?: number;
  readonly cacheMs?: number;
}): () => Promise<number> {
  const { fixed } = options;
  if (fixed !== undefined) {
    if (!Number.isSafeInteger(fixed) || fixed < 1)
      throw new RangeError(`generation must be a whole number from 1: ${fixed}`);
    return () => Promise.resolve(fixed);
  }
  const cache = new GenerationCache({ ...options, reads: "active" });
  return async () => (await cache.known()).active.generation;
}
