import { PermanentFailureError } from "../errors.js";
import type { OrderChange } from "../order-change.js";
import { err, ok, type Result } from "../result.js";
import {
  receivesLive,
  type DeadLetterSink,
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
  /** A change of an order (new, voided, corrected): it moves the projections by its signed delta. */
  (
    | { readonly kind: "order"; readonly change: OrderChange }
    /** A record that changes no projection (a removal: orders are voided, never deleted). */
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
  /** Of `applied`: voids and corrections. */
  voided: number;
  corrected: number;
  /** Changes that moved no figure. */
  unchanged: number;
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
  readonly change: OrderChange;
  readonly source: FeedRecordSource;
}

/** How far a run of orders got: all of it, or up to the first record that must be delivered again. */
type RunResult = { readonly complete: true } | { readonly complete: false; readonly firstUnapplied: number };

const COMPLETE: RunResult = { complete: true };
const stoppedAt = (firstUnapplied: number): RunResult => ({ complete: false, firstUnapplied });

/** The work's failure (thrown or rejected) as a value, so each caller decides what it means without a try around a try. */
async function settled<T>(work: () => Promise<T>): Promise<Result<T, unknown>> {
  try {
    return ok(await work());
  } catch (error) {
    return err(error);
  }
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
    if (batch.records.length === 0) return { targets: [], refused: 0, deadLettered: 0, incidents: [] };
    const plan = await settled(() => this.deps.plan.targets());
    if (!plan.ok) {
      const incidents: BatchIncident[] = [{ kind: "plan-unavailable", error: plan.error }];
      return { targets: [], refused: 0, deadLettered: 0, firstUnapplied: 0, incidents };
    }
    return new BatchProjection(this.deps, batch.partition, plan.value).project(batch.records);
  }
}

/** One batch's projection into the generations of the plan: what it counted, refused and dead-lettered, in order. */
class BatchProjection {
  private readonly counts: TargetCounts[];
  private readonly incidents: BatchIncident[] = [];
  private refused = 0;
  private deadLettered = 0;

  constructor(
    private readonly deps: ProjectOrderBatchDeps,
    private readonly partition: string,
    private readonly targets: readonly ProjectionTarget[],
  ) {
    this.counts = targets.map((t) => ({
      generation: t.generation,
      role: t.role,
      applied: 0,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 0,
      commits: 0,
    }));
  }

  async project(records: readonly FeedRecord[]): Promise<OrderBatchOutcome> {
    let run: PendingOrder[] = [];
    for (const [index, record] of records.entries()) {
      if (record.kind === "order") run.push({ index, change: record.change, source: record });
      if (record.kind !== "poison") continue;
      const applied = await this.applyRun(run);
      if (!applied.complete) return this.outcome(applied);
      run = [];
      const deadLettered = await settled(() => this.deadLetterPoison(record));
      if (!deadLettered.ok) {
        this.incidents.push({ kind: "dead-letter-failed", sequence: record.sequence, error: deadLettered.error });
        return this.outcome(stoppedAt(index));
      }
      if (deadLettered.value) this.deadLettered += 1;
    }
    return this.outcome(await this.applyRun(run));
  }

  private outcome(result: RunResult): OrderBatchOutcome {
    return {
      targets: this.counts,
      refused: this.refused,
      deadLettered: this.deadLettered,
      ...(result.complete ? {} : { firstUnapplied: result.firstUnapplied }),
      incidents: this.incidents,
    };
  }

  /** Applies a run of orders to every target. */
  private async applyRun(run: readonly PendingOrder[]): Promise<RunResult> {
    if (run.length === 0) return COMPLETE;
    for (const [t, target] of this.targets.entries()) {
      const pending = run.filter((p) => receivesLive(target, p.change.after));
      if (pending.length === 0) continue;
      const applied = await settled(() => this.apply(target, pending));
      if (applied.ok) {
        tally(this.counts[t]!, applied.value);
        continue;
      }
      let result: RunResult;
      if (applied.error instanceof PermanentFailureError) {
        this.incidents.push({ kind: "commit-refused", generation: target.generation, error: applied.error });
        result = await this.applyOneByOne(t, pending, run);
      } else {
        result = await this.afterFailure(target, applied.error, run);
      }
      if (!result.complete) return result;
    }
    return COMPLETE;
  }

  private apply(target: ProjectionTarget, pending: readonly PendingOrder[]): Promise<ApplySummary> {
    return new ApplyOrderChanges({
      store: this.deps.stores.storeFor(target.generation),
      timeZone: this.deps.timeZone,
    }).execute(pending.map((p) => p.change));
  }

  /**
   * After a failure that is not a refusal for good: the incident, then how far the run got (the write may have
   * succeeded with its answer lost: then everything is applied and the batch goes on).
   */
  private async afterFailure(
    target: ProjectionTarget,
    error: unknown,
    run: readonly PendingOrder[],
  ): Promise<RunResult> {
    this.incidents.push({ kind: "apply-failed", generation: target.generation, error });
    return this.firstUnapplied(run);
  }

  /**
   * After a permanent failure: each order of the run on its own (orders already applied are dropped by the
   * watermark), so the orders that fit are counted and only an order refused on its own is dead-lettered.
   */
  private async applyOneByOne(
    t: number,
    pending: readonly PendingOrder[],
    run: readonly PendingOrder[],
  ): Promise<RunResult> {
    const target = this.targets[t]!;
    for (const p of pending) {
      const alone = await this.applyAlone(t, p);
      if (alone.ok) continue;
      const result = await this.afterFailure(target, alone.error, run);
      if (!result.complete) return result;
    }
    return COMPLETE;
  }

  /** One order on its own: applied and counted, or refused for good and dead-lettered; any other failure returned. */
  private async applyAlone(t: number, p: PendingOrder): Promise<Result<void, unknown>> {
    const target = this.targets[t]!;
    const applied = await settled(() => this.apply(target, [p]));
    if (applied.ok) {
      tally(this.counts[t]!, applied.value);
      return ok(undefined);
    }
    const refusal = applied.error;
    if (!(refusal instanceof PermanentFailureError)) return applied;
    const refused = await settled(() => this.refuse(target, p, refusal));
    if (!refused.ok) return refused;
    if (refused.value) this.deadLettered += 1;
    this.refused += 1;
    return ok(undefined);
  }

  /**
   * Dead-letters an order the store refused for good, then moves the watermark past it with a commit that adds
   * nothing: in that order, so the watermark never passes an order that is neither counted nor dead-lettered.
   * True if the dead letter is new. (An order is applied whole or not at all.)
   */
  private async refuse(target: ProjectionTarget, p: PendingOrder, error: PermanentFailureError): Promise<boolean> {
    const { partition } = this;
    const { sequence } = p.change;
    const { order } = p.change.after;
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
    this.incidents.push({
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
  private async firstUnapplied(run: readonly PendingOrder[]): Promise<RunResult> {
    const marks = await settled(() =>
      Promise.all(this.targets.map((target) => this.deps.stores.storeFor(target.generation).watermark(this.partition))),
    );
    if (!marks.ok) {
      this.incidents.push({ kind: "watermarks-unreadable", error: marks.error });
      return stoppedAt(run[0]!.index);
    }
    for (const pending of run) {
      const { after, sequence } = pending.change;
      const missing = this.targets.some((target, t) => {
        if (!receivesLive(target, after)) return false;
        const mark = marks.value[t];
        return mark === undefined || mark < orderPosition(sequence);
      });
      if (missing) return stoppedAt(pending.index);
    }
    return COMPLETE;
  }

  private async deadLetterPoison(record: Extract<FeedRecord, { kind: "poison" }>): Promise<boolean> {
    const stored = await this.deps.deadLetters.record({
      partition: this.partition,
      sequence: record.sequence,
      reason: record.reason,
      ...sourceOf(record),
    });
    this.incidents.push({
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
  counts.voided += summary.voided;
  counts.corrected += summary.corrected;
  counts.unchanged += summary.unchanged;
  counts.duplicates += summary.duplicates;
  counts.commits += summary.commits;
}

const sourceOf = (source: FeedRecordSource) => ({
  ...(source.eventId === undefined ? {} : { eventId: source.eventId }),
  ...(source.eventName === undefined ? {} : { eventName: source.eventName }),
  ...(source.image === undefined ? {} : { image: source.image }),
});
