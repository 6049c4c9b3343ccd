import type { Logger } from "@aws-lambda-powertools/logger";
import {
  DynamoDbDeadLetters,
  DynamoDbGenerations,
  DynamoDbOrdersScan,
  GenerationStores,
  PLAN_CACHE_MS,
  receivesLive,
  type BuildingGeneration,
  type DeadLetter,
  type DocumentClient,
  type GenerationState,
  type OrdersScanSegment,
  type ScannedOrder,
  type TableNames,
} from "@cargo-express/adapters-dynamodb";
import {
  ApplyOrderChanges,
  instantFromEpochMs,
  systemClock,
  type Clock,
  type OrderCreatedChange,
  type ProjectionStore,
} from "@cargo-express/domain";
import { createLogger } from "../logging/logger.js";

/**
 * Defaults for AWS. The cutoff margin must exceed the live projectors' plan cache (PLAN_CACHE_MS, 5 s)
 * plus the clock skew between this machine and the orders function; the settle time must exceed the
 * longest an order can take from `receivedAt` to being stored (the orders function's 10 s timeout) plus
 * that skew. Both leave generous room: a rebuild is rare and its cost is minutes, not money.
 */
export const REBUILD_DEFAULTS = { cutoffMarginMs: 30_000, settleMs: 60_000, segments: 4, pageSize: 500 } as const;

/** What the rebuild reads and writes: plain interfaces, implemented over DynamoDB by @cargo-express/adapters-dynamodb. */
export interface RebuildPorts {
  readonly generations: {
    state(): Promise<GenerationState>;
    /** False if another rebuild got there first (nothing changed). */
    beginBuild(build: {
      generation: number;
      cutoffMs: number;
      startedAtMs: number;
      replacing?: number;
    }): Promise<boolean>;
    activateBuild(swap: {
      built: BuildingGeneration;
      expectedActive: number;
      activeStored: boolean;
      activatedAtMs: number;
    }): Promise<void>;
  };
  readonly orders: { pages(scan: OrdersScanSegment): AsyncIterable<ScannedOrder[]> };
  readonly stores: { storeFor(generation: number): ProjectionStore };
  readonly deadLetters: { record(letter: Omit<DeadLetter, "recordedAt" | "imageTruncated">): Promise<boolean> };
}

/** The rebuild's ports over DynamoDB. */
export const dynamoDbRebuildPorts = (client: DocumentClient, tables: TableNames, clock?: Clock): RebuildPorts => {
  const withClock = clock === undefined ? {} : { clock };
  return {
    generations: new DynamoDbGenerations({ client, projectorStateTable: tables.projectorState, ...withClock }),
    orders: new DynamoDbOrdersScan({ client, ordersTable: tables.orders }),
    stores: new GenerationStores({ client, tables, ...withClock }),
    deadLetters: new DynamoDbDeadLetters({ client, projectorStateTable: tables.projectorState, ...withClock }),
  };
};

export interface RebuildProjectionsOptions {
  /** From createDocumentClient; the ports are built over it (dynamoDbRebuildPorts) unless `ports` is given. */
  readonly client: DocumentClient;
  readonly tables: TableNames;
  readonly timeZone: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** How far ahead of "now" the cutoff is set. Default REBUILD_DEFAULTS.cutoffMarginMs. */
  readonly cutoffMarginMs?: number;
  /** How long after the cutoff the scan starts. Default REBUILD_DEFAULTS.settleMs. */
  readonly settleMs?: number;
  /** Parallel scan segments. Default 4. */
  readonly segments?: number;
  /** Orders read per Scan page (each page becomes one ApplyOrderChanges call). Default 500. */
  readonly pageSize?: number;
  /** Take over from a BUILDING generation left by an interrupted rebuild (it is abandoned, not resumed). */
  readonly restart?: boolean;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Replaces the DynamoDB ports (tests). */
  readonly ports?: RebuildPorts;
}

export type RebuildProgress =
  | {
      readonly phase: "waiting-for-cutoff";
      readonly generation: number;
      readonly cutoff: string;
      readonly scanFrom: string;
    }
  | { readonly phase: "scanning"; readonly generation: number }
  | { readonly phase: "page"; readonly generation: number; readonly segment: number; readonly orders: number }
  | { readonly phase: "activated"; readonly generation: number; readonly previousGeneration: number };

export interface RebuildSummary {
  readonly generation: number;
  readonly previousGeneration: number;
  /** Generation of an interrupted rebuild this one replaced, if any. */
  readonly abandonedGeneration?: number;
  readonly cutoff: string;
  /** Orders items read. */
  readonly scanned: number;
  /** Orders received before the cutoff, written into the new generation by the scan. */
  readonly rebuilt: number;
  /** Orders received at or after the cutoff, left to the live projector. */
  readonly leftToLive: number;
  /** Items that are not orders this code can read (dead-lettered). */
  readonly malformed: number;
  readonly commits: number;
  readonly durationMs: number;
}

export class RebuildInProgressError extends Error {
  override readonly name = "RebuildInProgressError";
}

/**
 * Recomputes every aggregate from the Orders table into a new generation and swaps it in.
 *
 * 1. Allocate generation b = (highest ever) + 1 and write BUILDING {b, cutoff T0 = now + margin}.
 * 2. From then on the live projector (which reads BUILDING at most PLAN_CACHE_MS late, after a batch
 *    has arrived) also applies every order received at or after T0 to b, with b's own watermarks.
 * 3. After T0 + settle, when every order received before T0 is stored, a parallel consistent Scan of
 *    Orders applies the orders received before T0 to b. The two parts are disjoint by `receivedAt`, so
 *    each order is counted once in b.
 * 4. One transaction makes b ACTIVE (with its cutoff, which keeps filtering the live part) and deletes
 *    BUILDING, provided ACTIVE is still what it was. Readers switch from the complete old generation to
 *    the complete new one: they never see a half-built generation.
 */
export class RebuildProjections {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly ports: RebuildPorts;

  constructor(private readonly options: RebuildProjectionsOptions) {
    this.clock = options.clock ?? systemClock;
    this.ports = options.ports ?? dynamoDbRebuildPorts(options.client, options.tables, this.clock);
    this.logger = options.logger ?? createLogger({ serviceName: "cargo-express-projections-rebuild" });
    const margin = options.cutoffMarginMs ?? REBUILD_DEFAULTS.cutoffMarginMs;
    if (!(margin >= 0) || !((options.settleMs ?? 0) >= 0))
      throw new RangeError("cutoffMarginMs and settleMs must not be negative");
  }

  async run(): Promise<RebuildSummary> {
    const { generations } = this.ports;
    const startedAt = this.clock.now();
    const state = await generations.state();
    if (state.building && !this.options.restart) {
      throw new RebuildInProgressError(
        `generation ${state.building.generation} has been building since ${state.building.startedAt}; if that rebuild is no longer running, run again with --restart`,
      );
    }
    const cutoffMs = startedAt + (this.options.cutoffMarginMs ?? REBUILD_DEFAULTS.cutoffMarginMs);
    const built: BuildingGeneration = {
      generation: state.lastAllocated + 1,
      cutoffMs,
      startedAt: instantFromEpochMs(startedAt).iso,
    };
    const begun = await generations.beginBuild({
      generation: built.generation,
      cutoffMs,
      startedAtMs: startedAt,
      ...(state.building ? { replacing: state.building.generation } : {}),
    });
    if (!begun) throw new RebuildInProgressError("another rebuild started at the same time; nothing was changed");
    const cutoff = instantFromEpochMs(cutoffMs).iso;
    const scanFrom = cutoffMs + (this.options.settleMs ?? REBUILD_DEFAULTS.settleMs);
    this.logger.info("rebuild started", {
      generation: built.generation,
      activeGeneration: state.active.generation,
      cutoff,
      scanFrom: instantFromEpochMs(scanFrom).iso,
    });
    this.options.onProgress?.({
      phase: "waiting-for-cutoff",
      generation: built.generation,
      cutoff,
      scanFrom: instantFromEpochMs(scanFrom).iso,
    });
    await this.sleepUntil(scanFrom);

    this.options.onProgress?.({ phase: "scanning", generation: built.generation });
    const scan = await this.scanInto(built);

    const current = await generations.state();
    if (current.building?.generation !== built.generation) {
      throw new RebuildInProgressError(
        `generation ${built.generation} is no longer the one building (another rebuild took over); it was not activated`,
      );
    }
    await generations.activateBuild({
      built,
      expectedActive: current.active.generation,
      activeStored: current.activeStored,
      activatedAtMs: this.clock.now(),
    });
    this.options.onProgress?.({
      phase: "activated",
      generation: built.generation,
      previousGeneration: current.active.generation,
    });
    const summary: RebuildSummary = {
      generation: built.generation,
      previousGeneration: current.active.generation,
      ...(state.building ? { abandonedGeneration: state.building.generation } : {}),
      cutoff,
      ...scan,
      durationMs: this.clock.now() - startedAt,
    };
    this.logger.info("rebuild activated", { ...summary });
    return summary;
  }

  private async scanInto(
    built: BuildingGeneration,
  ): Promise<Pick<RebuildSummary, "scanned" | "rebuilt" | "leftToLive" | "malformed" | "commits">> {
    const { orders, stores, deadLetters } = this.ports;
    const apply = new ApplyOrderChanges({ store: stores.storeFor(built.generation), timeZone: this.options.timeZone });
    const totals = { scanned: 0, rebuilt: 0, leftToLive: 0, malformed: 0, commits: 0 };
    const segments = this.options.segments ?? REBUILD_DEFAULTS.segments;
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        // Each segment is a feed of its own: positions count its pages' orders, so a commit retried
        // within this run is applied once (a new run uses a new generation and starts afresh).
        const partition = `rebuild/seg${segment}`;
        let position = 0;
        const pageSize = this.options.pageSize ?? REBUILD_DEFAULTS.pageSize;
        for await (const page of orders.pages({ segment, totalSegments: segments, pageSize })) {
          const changes: OrderCreatedChange[] = [];
          for (const item of page) {
            totals.scanned += 1;
            if (item.kind === "order") {
              if (receivesLive(built, item.order)) totals.leftToLive += 1;
              else changes.push({ partition, sequence: String((position += 1)), order: item.order });
            } else {
              totals.malformed += 1;
              await deadLetters.record({
                partition: `rebuild/g${built.generation}/seg${segment}`,
                sequence: String(totals.scanned),
                reason: item.reason,
                image: item.image,
              });
            }
          }
          const summary = await apply.execute(changes);
          totals.rebuilt += summary.applied;
          totals.commits += summary.commits;
          this.options.onProgress?.({ phase: "page", generation: built.generation, segment, orders: changes.length });
        }
      }),
    );
    return totals;
  }

  private async sleepUntil(epochMs: number): Promise<void> {
    for (let left = epochMs - this.clock.now(); left > 0; left = epochMs - this.clock.now()) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 1_000)));
    }
  }
}

/** Ensures a rebuild's cutoff margin covers the live projectors' plan cache. */
export const minimumCutoffMarginMs = (planCacheMs: number = PLAN_CACHE_MS): number => planCacheMs + 1_000;
