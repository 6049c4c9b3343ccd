import type { Logger } from "@aws-lambda-powertools/logger";
import { receivesLive, type DeadLetter, type ProjectionTarget } from "@cargo-express/adapters-dynamodb";
import {
  ApplyOrderChanges,
  orderPosition,
  PermanentFailureError,
  type OrderCreatedChange,
  type ProjectionStore,
} from "@cargo-express/domain";
import type { DynamoDBBatchItemFailure, DynamoDBRecord } from "aws-lambda";
import { describeError } from "../errors.js";
import { decodeRecord, sequenceOf, type DecodedRecord } from "../stream/order-records.js";
import type { ProjectorEvent } from "../stream/stream-partitions.js";
import type { DeadLetterMetric } from "./dead-letter-metric.js";

/** The batch's ports: plain interfaces, implemented over DynamoDB by @cargo-express/adapters-dynamodb. */
export interface ProjectStreamBatchDeps {
  readonly partitions: { partitionOf(event: ProjectorEvent): Promise<string> };
  /** The generations to write (DynamoDbGenerations: the active one, and the one a rebuild is building). */
  readonly plan: { targets(): Promise<ProjectionTarget[]> };
  /** A store pinned to one generation, its watermarks in that generation's namespace (GenerationStores). */
  readonly stores: { storeFor(generation: number): ProjectionStore };
  /** Resolves true when it stored the letter, false when it was already stored (a redelivery). */
  readonly deadLetters: { record(letter: Omit<DeadLetter, "recordedAt" | "imageTruncated">): Promise<boolean> };
  /** Counts stored dead letters where an alarm sees them. */
  readonly deadLetterMetric: Pick<DeadLetterMetric, "emit">;
  readonly timeZone: string;
  readonly logger: Logger;
}

export interface TargetCounts {
  readonly generation: number;
  readonly role: ProjectionTarget["role"];
  applied: number;
  duplicates: number;
  commits: number;
}

/** What a batch did: the numbers logged per batch. */
export interface BatchCounts {
  readonly records: number;
  inserts: number;
  modifies: number;
  removes: number;
  poison: number;
  /** Orders the store refused for good (item too large, ...): dead-lettered, not counted. */
  refused: number;
  /** Dead letters this batch stored (poison and refused; not those a redelivery found already stored). */
  deadLettered: number;
  /** Records reported back to Lambda for redelivery. */
  failed: number;
  targets: TargetCounts[];
}

export interface BatchOutcome {
  readonly batchItemFailures: DynamoDBBatchItemFailure[];
  readonly partition?: string;
  readonly counts: BatchCounts;
}

interface PendingOrder {
  readonly index: number;
  readonly change: OrderCreatedChange;
  readonly record: DynamoDBRecord;
}

/**
 * One stream batch, applied exactly once to every generation it belongs to.
 *
 * Records are taken in order. Runs of orders are applied with the domain's ApplyOrderChanges (per shard
 * watermark, one transaction per run of whole orders the store says fits). A poison record ends a run: the run is
 * applied first, then the record is dead-lettered, then the next run starts, so the watermark never
 * passes a record that is neither applied nor dead-lettered. On a failure nothing after it is written,
 * and the first unapplied record and every later one are reported: Lambda resumes from the lowest.
 *
 * Failures come in two classes. Transient ones (DependencyUnavailableError: throttling, 5xx, timeouts,
 * conflicts that outlast the store's retries; and anything unrecognised) are reported for redelivery.
 * Permanent ones (PermanentFailureError: the store refuses the write by a limit that will refuse it
 * again, e.g. an item past 400 KB) switch the run to one order per commit; an order refused on its own
 * is dead-lettered (reason, order id, partition, sequence) and the watermark is moved past it, so the
 * batch moves on and the order is never retried in a loop. Every stored dead letter adds to a metric an
 * alarm watches.
 */
export class ProjectStreamBatch {
  constructor(private readonly deps: ProjectStreamBatchDeps) {}

  async execute(event: ProjectorEvent): Promise<BatchOutcome> {
    const records = event.Records ?? [];
    const counts: BatchCounts = {
      records: records.length,
      inserts: 0,
      modifies: 0,
      removes: 0,
      poison: 0,
      refused: 0,
      deadLettered: 0,
      failed: 0,
      targets: [],
    };
    if (records.length === 0) return { batchItemFailures: [], counts };
    // Without sequence numbers nothing can be reported item by item: the whole batch fails (thrown).
    records.forEach(sequenceOf);

    const { logger } = this.deps;
    const failFrom = (index: number, partition?: string): BatchOutcome => {
      this.deps.deadLetterMetric.emit(counts.deadLettered, partition);
      const batchItemFailures = records.slice(index).map((record) => ({ itemIdentifier: sequenceOf(record) }));
      counts.failed = batchItemFailures.length;
      logger.warn("stream batch partly failed; Lambda will redeliver from the first failed record", {
        partition,
        firstFailedSequence: batchItemFailures[0]?.itemIdentifier,
        ...counts,
      });
      return { batchItemFailures, counts, ...(partition === undefined ? {} : { partition }) };
    };

    let partition: string;
    let targets: ProjectionTarget[];
    try {
      partition = await this.deps.partitions.partitionOf(event);
      targets = await this.deps.plan.targets();
    } catch (error) {
      logger.error("could not prepare the stream batch", { error: describeError(error) });
      return failFrom(0);
    }
    counts.targets = targets.map((target) => ({
      generation: target.generation,
      role: target.role,
      applied: 0,
      duplicates: 0,
      commits: 0,
    }));

    const decoded = records.map((record) => decodeRecord(record, partition));
    for (const record of decoded) this.count(counts, record);

    let run: PendingOrder[] = [];
    for (const [index, record] of decoded.entries()) {
      if (record.kind === "order") run.push({ index, change: record.change, record: records[index]! });
      if (record.kind !== "poison") continue;
      const failedAt = await this.applyRun(partition, targets, run, counts);
      if (failedAt !== undefined) return failFrom(failedAt, partition);
      run = [];
      try {
        if (await this.deadLetter(partition, records[index]!, record)) counts.deadLettered += 1;
      } catch (error) {
        logger.error("could not record a dead letter", {
          partition,
          sequence: record.sequence,
          error: describeError(error),
        });
        return failFrom(index, partition);
      }
    }
    const failedAt = await this.applyRun(partition, targets, run, counts);
    if (failedAt !== undefined) return failFrom(failedAt, partition);

    this.deps.deadLetterMetric.emit(counts.deadLettered, partition);
    logger.info("stream batch projected", {
      partition,
      firstSequence: sequenceOf(records[0]!),
      lastSequence: sequenceOf(records.at(-1)!),
      ...counts,
    });
    return { batchItemFailures: [], partition, counts };
  }

  /** Applies a run of orders to every target; returns the index of the first record left unapplied, if any. */
  private async applyRun(
    partition: string,
    targets: readonly ProjectionTarget[],
    run: readonly PendingOrder[],
    counts: BatchCounts,
  ): Promise<number | undefined> {
    if (run.length === 0) return undefined;
    for (const [t, target] of targets.entries()) {
      const pending = run.filter((p) => receivesLive(target, p.change.order));
      if (pending.length === 0) continue;
      try {
        this.tally(counts.targets[t]!, await this.apply(target, pending));
      } catch (error) {
        if (error instanceof PermanentFailureError) {
          this.deps.logger.warn("the store refused a commit for good; applying the run one order at a time", {
            partition,
            generation: target.generation,
            error: describeError(error),
          });
          const failedAt = await this.applyOneByOne(partition, targets, t, pending, run, counts);
          if (failedAt !== undefined) return failedAt;
          continue;
        }
        this.deps.logger.error("applying stream records failed", {
          partition,
          generation: target.generation,
          error: describeError(error),
        });
        const unapplied = await this.firstUnapplied(partition, targets, run);
        // The write failed in a way that hid its success (a lost response): everything is applied.
        if (unapplied === undefined) continue;
        return unapplied;
      }
    }
    return undefined;
  }

  private apply(target: ProjectionTarget, pending: readonly PendingOrder[]) {
    return new ApplyOrderChanges({
      store: this.deps.stores.storeFor(target.generation),
      timeZone: this.deps.timeZone,
    }).execute(pending.map((p) => p.change));
  }

  private tally(tally: TargetCounts, summary: { applied: number; duplicates: number; commits: number }): void {
    tally.applied += summary.applied;
    tally.duplicates += summary.duplicates;
    tally.commits += summary.commits;
  }

  /**
   * After a permanent failure: each order of the run on its own (orders already applied are dropped by
   * the watermark), so the orders that fit are counted and only an order refused on its own is
   * dead-lettered. Returns the index of the first record left unapplied after a transient failure.
   */
  private async applyOneByOne(
    partition: string,
    targets: readonly ProjectionTarget[],
    t: number,
    pending: readonly PendingOrder[],
    run: readonly PendingOrder[],
    counts: BatchCounts,
  ): Promise<number | undefined> {
    const target = targets[t]!;
    for (const p of pending) {
      try {
        try {
          this.tally(counts.targets[t]!, await this.apply(target, [p]));
        } catch (error) {
          if (!(error instanceof PermanentFailureError)) throw error;
          if (await this.refuse(partition, target, p, error)) counts.deadLettered += 1;
          counts.refused += 1;
        }
      } catch (error) {
        this.deps.logger.error("applying stream records failed", {
          partition,
          generation: target.generation,
          error: describeError(error),
        });
        const unapplied = await this.firstUnapplied(partition, targets, run);
        if (unapplied !== undefined) return unapplied;
      }
    }
    return undefined;
  }

  /**
   * Dead-letters an order the store refused for good, then moves the watermark past it with a commit that
   * adds nothing: in that order, so the watermark never passes an order that is neither counted nor
   * dead-lettered. True if the dead letter is new. (An order is applied whole or not at all.)
   */
  private async refuse(
    partition: string,
    target: ProjectionTarget,
    p: PendingOrder,
    error: PermanentFailureError,
  ): Promise<boolean> {
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
      ...(p.record.eventID === undefined ? {} : { eventId: p.record.eventID }),
      ...(p.record.eventName === undefined ? {} : { eventName: p.record.eventName }),
      ...(p.record.dynamodb?.NewImage === undefined ? {} : { image: JSON.stringify(p.record.dynamodb.NewImage) }),
    });
    const outcome = await store.commit({ partition, from: position, to: position, orders: [] });
    if (outcome === "stale") {
      // Only another writer of this shard and generation moves the watermark: check it passed the order.
      const now = await store.watermark(partition);
      if (now === undefined || now < position)
        throw new Error(`watermark of ${partition} moved while dead-lettering order ${order.id}`);
    }
    this.deps.logger.error("order refused by the store for good: dead-lettered, not counted", {
      partition,
      generation: target.generation,
      sequence,
      orderId: order.id,
      eventId: p.record.eventID,
      reason,
    });
    return stored;
  }

  /**
   * Reads each target's watermark to find the first record not yet applied everywhere (the watermark reached
   * its position); reporting an applied record again would be harmless anyway, since its redelivery is
   * dropped by the watermark.
   */
  private async firstUnapplied(
    partition: string,
    targets: readonly ProjectionTarget[],
    run: readonly PendingOrder[],
  ): Promise<number | undefined> {
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
      this.deps.logger.warn("could not read watermarks after a failure; reporting the whole run", {
        partition,
        error: describeError(error),
      });
      return run[0]!.index;
    }
  }

  private async deadLetter(
    partition: string,
    record: DynamoDBRecord,
    decoded: Extract<DecodedRecord, { kind: "poison" }>,
  ): Promise<boolean> {
    const stored = await this.deps.deadLetters.record({
      partition,
      sequence: decoded.sequence,
      reason: decoded.reason,
      ...(record.eventID === undefined ? {} : { eventId: record.eventID }),
      ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
      ...(decoded.image === undefined ? {} : { image: decoded.image }),
    });
    this.deps.logger.warn("poison stream record dead-lettered and skipped", {
      partition,
      sequence: decoded.sequence,
      eventId: record.eventID,
      reason: decoded.reason,
    });
    return stored;
  }

  private count(counts: BatchCounts, record: DecodedRecord): void {
    if (record.kind === "order") counts.inserts += 1;
    else if (record.kind === "poison") counts.poison += 1;
    else if (record.eventName === "MODIFY") counts.modifies += 1;
    else counts.removes += 1;
  }
}
