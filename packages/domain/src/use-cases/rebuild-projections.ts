import type {
  BuildingGeneration,
  Clock,
  DeadLetterSink,
  OrdersScan,
  ProjectionGenerations,
  ProjectionStores,
} from "../ports.js";
import { firstRevisionOf, type OrderChange } from "../order-change.js";
import { receivesLive, systemClock } from "../ports.js";
import { instantFromEpochMs } from "../time.js";
import { ApplyOrderChanges } from "./apply-order-changes.js";

/**
 * Defaults for a deployed stack. The cutoff margin must exceed how long a live projector reuses what it read
 * about generations (its plan cache, 5 s on DynamoDB) plus the clock skew between the machine running the rebuild
 * and the one receiving orders; the settle time must exceed the longest an order can take from `receivedAt` to
 * being stored (the orders function's 10 s timeout) plus that skew. Both leave generous room: a rebuild is rare
 * and its cost is minutes, not money.
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export const REBUILD_DEFAULTS = { cutoffMarginMs: 30_000, settleMs: 60_000, segments: 4, pageSize: 500 } as const;

/** What the rebuild reads and writes. */
export interface RebuildPorts {
  readonly generations: ProjectionGenerations;
  readonly orders: OrdersScan;
  readonly stores: ProjectionStores;
  readonly deadLetters: DeadLetterSink;
}

export interface RebuildProjectionsOptions {
  readonly ports: RebuildPorts;
  /** Business time zone of the hourly buckets. */
  readonly timeZone: string;
  readonly clock?: Clock;
  /** How far ahead of "now" the cutoff is set. Default REBUILD_DEFAULTS.cutoffMarginMs. */
  readonly cutoffMarginMs?: number;
  /** How long after the cutoff the scan starts. Default REBUILD_DEFAULTS.settleMs. */
  readonly settleMs?: number;
  /** Parallel scan segments. Default 4. */
  readonly segments?: number;
  /** Orders read per page (each page becomes one ApplyOrderChanges call). Default 500. */
  readonly pageSize?: number;
  /** Take over from a building generation left by an interrupted rebuild (it is abandoned, not resumed). */
  readonly restart?: boolean;
  /** Told of each step; a callback that throws stops the rebuild there. */
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Waits `ms` milliseconds (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type RebuildProgress =
  | {
      readonly phase: "started";
      readonly generation: number;
      readonly activeGeneration: number;
      readonly cutoff: string;
      readonly scanFrom: string;
    }
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
  /** Stored orders read. */
  readonly scanned: number;
  /** Orders whose current revision was written before the cutoff, written into the new generation by the scan. */
  readonly rebuilt: number;
  /** Of `rebuilt`: voided orders (they count nothing). */
  readonly voided: number;
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
 * Orders received before the cutoff were voided or corrected after it, before the scan read them: the scan sees
 * only their newest revision, the live projector moves the new generation from the revision current at the cutoff,
 * which no longer exists anywhere to be read, so the new generation cannot be made exact. It is not activated
 * (the active one stays exact); running again with `--restart` takes a new cutoff.
 */
export class ChangedDuringRebuildError extends Error {
  override readonly name = "ChangedDuringRebuildError";
  constructor(
    readonly generation: number,
    readonly orderIds: readonly string[],
  ) {
    super(
      `${orderIds.length} order(s) received before the cutoff were voided or corrected while generation ${generation} was being built (${orderIds.slice(0, 5).join(", ")}${orderIds.length > 5 ? ", ..." : ""}); it was not activated: run again with --restart`,
    );
  }
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Recomputes every aggregate from the stored orders into a new generation and swaps it in.
 *
 * 1. Allocate generation b = (highest ever) + 1 and record it as building {b, cutoff T0 = now + margin}.
 * 2. From then on the live projector (which reads the plan at most its cache time late, after a batch has
 *    arrived) also applies every order received at or after T0 to b, with b's own watermarks.
 * 3. After T0 + settle, when every revision written before T0 is stored, a parallel consistent scan of the orders
 *    applies to b the current revision of each order written before T0 (a voided one adds nothing). The two parts
 *    are disjoint by when a revision was written (`writtenAt`: an order's receipt, or its void or correction), so
 *    each order is counted once in b: the scan counts the revision current at T0, the live projector the changes
 *    after it (each new revision minus the one it replaced). An order received before T0 and changed after T0
 *    but before the scan read it shows the scan only its newest revision, not the one at T0 the live deltas start
 *    from: the rebuild then stops without activating b (ChangedDuringRebuildError; rare: a correction within the
 *    minute or two a rebuild takes).
 * 4. One atomic write makes b active (with its cutoff, which keeps filtering the live part) and forgets it as
 *    building, provided the active generation is still what it was. Readers switch from the complete old
 *    generation to the complete new one: they never see a half-built generation.
 */
export class RebuildProjections {
  private readonly clock: Clock;
  private readonly ports: RebuildPorts;

  constructor(private readonly options: RebuildProjectionsOptions) {
    this.clock = options.clock ?? systemClock;
    this.ports = options.ports;
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
    const scanFromMs = cutoffMs + (this.options.settleMs ?? REBUILD_DEFAULTS.settleMs);
    const scanFrom = instantFromEpochMs(scanFromMs).iso;
    const { generation } = built;
    this.options.onProgress?.({
      phase: "started",
      generation,
      activeGeneration: state.active.generation,
      cutoff,
      scanFrom,
    });
    this.options.onProgress?.({ phase: "waiting-for-cutoff", generation, cutoff, scanFrom });
    await this.sleepUntil(scanFromMs);

    this.options.onProgress?.({ phase: "scanning", generation });
    const scan = await this.scanInto(built);
    if (scan.changedDuringBuild.length > 0) throw new ChangedDuringRebuildError(generation, scan.changedDuringBuild);

    const current = await generations.state();
    if (current.building?.generation !== generation) {
      throw new RebuildInProgressError(
        `generation ${generation} is no longer the one building (another rebuild took over); it was not activated`,
      );
    }
    await generations.activateBuild({
      built,
      expectedActive: current.active.generation,
      activeStored: current.activeStored,
      activatedAtMs: this.clock.now(),
    });
    this.options.onProgress?.({ phase: "activated", generation, previousGeneration: current.active.generation });
    return {
      generation,
      previousGeneration: current.active.generation,
      ...(state.building ? { abandonedGeneration: state.building.generation } : {}),
      cutoff,
      scanned: scan.scanned,
      rebuilt: scan.rebuilt,
      voided: scan.voided,
      leftToLive: scan.leftToLive,
      malformed: scan.malformed,
      commits: scan.commits,
      durationMs: this.clock.now() - startedAt,
    };
  }

  private async scanInto(built: BuildingGeneration): Promise<
    Pick<RebuildSummary, "scanned" | "rebuilt" | "voided" | "leftToLive" | "malformed" | "commits"> & {
      changedDuringBuild: string[];
    }
  > {
    const { orders, stores, deadLetters } = this.ports;
    const apply = new ApplyOrderChanges({ store: stores.storeFor(built.generation), timeZone: this.options.timeZone });
    const totals = { scanned: 0, rebuilt: 0, voided: 0, leftToLive: 0, malformed: 0, commits: 0 };
    const changedDuringBuild: string[] = [];
    const segments = this.options.segments ?? REBUILD_DEFAULTS.segments;
    const pageSize = this.options.pageSize ?? REBUILD_DEFAULTS.pageSize;
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        // Each segment is a feed of its own: positions count its pages' orders, so a commit retried
        // within this run is applied once (a new run uses a new generation and starts afresh).
        const partition = `rebuild/seg${segment}`;
        let position = 0;
        for await (const page of orders.pages({ segment, totalSegments: segments, pageSize })) {
          const changes: OrderChange[] = [];
          for (const item of page) {
            totals.scanned += 1;
            if (item.kind === "order") {
              const { state } = item;
              if (receivesLive(built, firstRevisionOf(state.order))) totals.leftToLive += 1;
              else if (receivesLive(built, state)) changedDuringBuild.push(state.order.id);
              else {
                if (state.status === "voided") totals.voided += 1;
                changes.push({ partition, sequence: String((position += 1)), after: state });
              }
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
          // A voided order is read and moves nothing: it is rebuilt all the same (as nothing).
          totals.rebuilt += summary.applied + summary.unchanged;
          totals.commits += summary.commits;
          this.options.onProgress?.({ phase: "page", generation: built.generation, segment, orders: changes.length });
        }
      }),
    );
    return { ...totals, changedDuringBuild };
  }

  private async sleepUntil(epochMs: number): Promise<void> {
    const sleep = this.options.sleep ?? timer;
    for (let left = epochMs - this.clock.now(); left > 0; left = epochMs - this.clock.now()) {
      await sleep(Math.min(left, 1_000));
    }
  }
}
