import { PermanentFailureError } from "../errors.js";
import {
  receivesLive,
  type DeadLetterSink,
  type OrderCreatedChange,
  type ProjectionPlan,
  type ProjectionStores,
  type ProjectionTarget,
} from "../ports.js";
import { ApplyOrderChanges, orderPosition, type ApplySummary } from "./apply-order-changes.js";

/** Where a feed record came from, for its dead letter: the feed's own id and kind, and its image as text. */
interface FeedRecordSource {
  readonly sequence: string;
  readonly eventId?: string;
  readonly eventName?: string;
  readonly image?: string;
}

/** One record of a feed partition, as the feed's adapter decoded it. */
export type FeedRecord = FeedRecordSource &
  /** A new order: it feeds the projections. */
  (
    | { readonly kind: "order"; readonly change: OrderCreatedChange }
    /** A record that changes no projection (orders are immutable: a modification or a removal). */
    | { readonly kind: "ignored" }
    /** Not an order this code can read: dead-lettered and skipped. */
    | { readonly kind: "poison"; readonly reason: string }
  );

export interface OrderBatch {
  /** The feed partition every record comes from. */
  readonly partition: string;
  /** In feed order. */
  readonly records: readonly FeedRecord[];
}

/**
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export interface TargetCounts {
  readonly generation: number;
  readonly role: ProjectionTarget["role"];
  applied: number;
  duplicates: number;
  commits: number;
}

/**
 * Something that happened while projecting a batch, in the order it happened: the caller logs it.
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export type BatchIncident =
  /** The generations to write could not be read: nothing was applied. */
  | { readonly kind: "plan-unavailable"; readonly error: unknown }
  /** The store refused a commit for good: the run is applied again one order at a time. */
  | { readonly kind: "commit-refused"; readonly generation: number; readonly error: PermanentFailureError }
  /** Applying failed otherwise (transient or unknown): the first unapplied record is looked up. */
  | { readonly kind: "apply-failed"; readonly generation: number; readonly error: unknown }
  /** After a failure the watermarks could not be read: the whole run is reported unapplied. */
  | { readonly kind: "watermarks-unreadable"; readonly error: unknown }
  /** An order the store refused on its own: dead-lettered, the watermark moved past it, not counted. */
  | {
      readonly kind: "order-refused";
      readonly generation: number;
      readonly sequence: string;
      readonly orderId: string;
      readonly eventId?: string;
      readonly reason: string;
    }
  /** A poison record: dead-lettered and skipped. */
  | {
      readonly kind: "poison-dead-lettered";
      readonly sequence: string;
      readonly eventId?: string;
      readonly reason: string;
    }
  /** A poison record's dead letter could not be stored: it and everything after it are unapplied. */
  | { readonly kind: "dead-letter-failed"; readonly sequence: string; readonly error: unknown };

/** What a batch did. */
export interface OrderBatchOutcome {
  /** Per generation written, in plan order (empty when the plan could not be read). */
  readonly targets: TargetCounts[];
  /** Orders the store refused for good (dead-lettered, not counted). */
  readonly refused: number;
  /** Dead letters this batch stored (poison and refused; not those a redelivery found already stored). */
  readonly deadLettered: number;
  /**
   * Index of the first record not applied to every generation it belongs to: it and every later record must be
   * delivered again. Absent when the whole batch is done.
   */
  readonly firstUnapplied?: number;
  readonly incidents: readonly BatchIncident[];
}

export interface ProjectOrderBatchDeps {
  /** The generations to write: the active one, and the one a rebuild is building. */
  readonly plan: ProjectionPlan;
  /** A store pinned to one generation, its watermarks in that generation's namespace. */
  readonly stores: ProjectionStores;
  readonly deadLetters: DeadLetterSink;
  /** Business time zone of the hourly buckets. */
  readonly timeZone: string;
}

interface PendingOrder {
  readonly index: number;
  readonly change: OrderCreatedChange;
  readonly source: FeedRecordSource;
}

/** What one execution accumulates. */
interface Progress {
  readonly partition: string;
  readonly targets: readonly ProjectionTarget[];
  readonly counts: TargetCounts[];
  readonly incidents: BatchIncident[];
  refused: number;
  deadLettered: number;
}

/**
 * One batch of a feed partition, applied exactly once to every generation it belongs to.
 *
 * Records are taken in order. Runs of orders are applied with ApplyOrderChanges (per partition watermark, one
 * atomic write per run of whole orders the store says fits). A poison record ends a run: the run is applied
 * first, then the record is dead-lettered, then the next run starts, so the watermark never passes a record
 * that is neither applied nor dead-lettered. On a failure nothing after it is written, and the outcome names
 * the first unapplied record: the feed resumes from there.
 *
 * Failures come in two classes. Transient ones (DependencyUnavailableError, and anything unrecognised) leave
 * the rest of the batch unapplied. Permanent ones (PermanentFailureError: the store refuses the write by a limit
 * that will refuse it again) switch the run to one order per commit; an order refused on its own is
 * dead-lettered and the watermark is moved past it, so the batch moves on and the order is never retried in a
 * loop.
 */
export class ProjectOrderBatch {
  constructor(private readonly deps: ProjectOrderBatchDeps) {}

  async execute(batch: OrderBatch): Promise<OrderBatchOutcome> {
    const { partition, records } = batch;
    const incidents: BatchIncident[] = [];
    if (records.length === 0) return { targets: [], refused: 0, deadLettered: 0, incidents };
    let targets: ProjectionTarget[];
    try {
      targets = await this.deps.plan.targets();
    } catch (error) {
      incidents.push({ kind: "plan-unavailable", error });
      return { targets: [], refused: 0, deadLettered: 0, firstUnapplied: 0, incidents };
    }
    const progress: Progress = {
      partition,
      targets,
      counts: targets.map((t) => ({ generation: t.generation, role: t.role, applied: 0, duplicates: 0, commits: 0 })),
      incidents,
      refused: 0,
      deadLettered: 0,
    };
    const outcome = (firstUnapplied?: number): OrderBatchOutcome => ({
      targets: progress.counts,
      refused: progress.refused,
      deadLettered: progress.deadLettered,
      ...(firstUnapplied === undefined ? {} : { firstUnapplied }),
      incidents,
    });

    let run: PendingOrder[] = [];
    for (const [index, record] of records.entries()) {
      if (record.kind === "order") run.push({ index, change: record.change, source: record });
      if (record.kind !== "poison") continue;
      const failedAt = await this.applyRun(progress, run);
      if (failedAt !== undefined) return outcome(failedAt);
      run = [];
      try {
        if (await this.deadLetterPoison(progress, record)) progress.deadLettered += 1;
      } catch (error) {
        incidents.push({ kind: "dead-letter-failed", sequence: record.sequence, error });
        return outcome(index);
      }
    }
    return outcome(await this.applyRun(progress, run));
  }

  /** Applies a run of orders to every target; returns the index of the first record left unapplied, if any. */
  private async applyRun(progress: Progress, run: readonly PendingOrder[]): Promise<number | undefined> {
    if (run.length === 0) return undefined;
    for (const [t, target] of progress.targets.entries()) {
      const pending = run.filter((p) => receivesLive(target, p.change.order));
      if (pending.length === 0) continue;
      try {
        tally(progress.counts[t]!, await this.apply(target, pending));
      } catch (error) {
        if (error instanceof PermanentFailureError) {
          progress.incidents.push({ kind: "commit-refused", generation: target.generation, error });
          const failedAt = await this.applyOneByOne(progress, t, pending, run);
          if (failedAt !== undefined) return failedAt;
          continue;
        }
        progress.incidents.push({ kind: "apply-failed", generation: target.generation, error });
        const unapplied = await this.firstUnapplied(progress, run);
        // The write failed in a way that hid its success (a lost response): everything is applied.
        if (unapplied === undefined) continue;
        return unapplied;
      }
    }
    return undefined;
  }

  private apply(target: ProjectionTarget, pending: readonly PendingOrder[]): Promise<ApplySummary> {
    return new ApplyOrderChanges({
      store: this.deps.stores.storeFor(target.generation),
      timeZone: this.deps.timeZone,
    }).execute(pending.map((p) => p.change));
  }

  /**
   * After a permanent failure: each order of the run on its own (orders already applied are dropped by the
   * watermark), so the orders that fit are counted and only an order refused on its own is dead-lettered.
   * Returns the index of the first record left unapplied after a transient failure.
   */
  private async applyOneByOne(
    progress: Progress,
    t: number,
    pending: readonly PendingOrder[],
    run: readonly PendingOrder[],
  ): Promise<number | undefined> {
    const target = progress.targets[t]!;
    for (const p of pending) {
      try {
        try {
          tally(progress.counts[t]!, await this.apply(target, [p]));
        } catch (error) {
          if (!(error instanceof PermanentFailureError)) throw error;
          if (await this.refuse(progress, target, p, error)) progress.deadLettered += 1;
          progress.refused += 1;
        }
      } catch (error) {
        progress.incidents.push({ kind: "apply-failed", generation: target.generation, error });
        const unapplied = await this.firstUnapplied(progress, run);
        if (unapplied !== undefined) return unapplied;
      }
    }
    return undefined;
  }

  /**
   * Dead-letters an order the store refused for good, then moves the watermark past it with a commit that adds
   * nothing: in that order, so the watermark never passes an order that is neither counted nor dead-lettered.
   * True if the dead letter is new. (An order is applied whole or not at all.)
   */
  private async refuse(
    progress: Progress,
    target: ProjectionTarget,
    p: PendingOrder,
    error: PermanentFailureError,
  ): Promise<boolean> {
    const { partition } = progress;
    const { order, sequence } = p.change;
    const store = this.deps.stores.storeFor(target.generation);
    const position = orderPosition(sequence);
    const mark = await store.watermark(partition);
    if (mark !== undefined && mark >= position) return false;
    const reason = error.message;
    const stored = await this.deps.deadLetters.record({
      partition,
      sequence,
      reason,
      orderId: order.id,
      generation: target.generation,
      ...sourceOf(p.source),
    });
    const outcome = await store.commit({ partition, from: position, to: position, orders: [] });
    if (outcome === "stale") {
      // Only another writer of this partition and generation moves the watermark: check it passed the order.
      const now = await store.watermark(partition);
      if (now === undefined || now < position)
        throw new Error(`watermark of ${partition} moved while dead-lettering order ${order.id}`);
    }
    progress.incidents.push({
      kind: "order-refused",
      generation: target.generation,
      sequence,
      orderId: order.id,
      ...(p.source.eventId === undefined ? {} : { eventId: p.source.eventId }),
      reason,
    });
    return stored;
  }

  /**
   * Reads each target's watermark to find the first record not yet applied everywhere (the watermark reached its
   * position); reporting an applied record again would be harmless anyway, since its redelivery is dropped by
   * the watermark.
   */
  private async firstUnapplied(progress: Progress, run: readonly PendingOrder[]): Promise<number | undefined> {
    const { partition, targets } = progress;
    try {
      const stores = targets.map((target) => this.deps.stores.storeFor(target.generation));
      const marks = await Promise.all(stores.map((store) => store.watermark(partition)));
      for (const pending of run) {
        const { order, sequence } = pending.change;
        const missing = targets.some((target, t) => {
          if (!receivesLive(target, order)) return false;
          const mark = marks[t];
          return mark === undefined || mark < orderPosition(sequence);
        });
        if (missing) return pending.index;
      }
      return undefined;
    } catch (error) {
      progress.incidents.push({ kind: "watermarks-unreadable", error });
      return run[0]!.index;
    }
  }

  private async deadLetterPoison(
    progress: Progress,
    record: Extract<FeedRecord, { kind: "poison" }>,
  ): Promise<boolean> {
    const stored = await this.deps.deadLetters.record({
      partition: progress.partition,
      sequence: record.sequence,
      reason: record.reason,
      ...sourceOf(record),
    });
    progress.incidents.push({
      kind: "poison-dead-lettered",
      sequence: record.sequence,
      ...(record.eventId === undefined ? {} : { eventId: record.eventId }),
      reason: record.reason,
    });
    return stored;
  }
}

function tally(counts: TargetCounts, summary: ApplySummary): void {
  counts.applied += summary.applied;
  counts.duplicates += summary.duplicates;
  counts.commits += summary.commits;
}

const sourceOf = (source: FeedRecordSource) => ({
  ...(source.eventId === undefined ? {} : { eventId: source.eventId }),
  ...(source.eventName === undefined ? {} : { eventName: source.eventName }),
  ...(source.image === undefined ? {} : { image: source.image }),
});
