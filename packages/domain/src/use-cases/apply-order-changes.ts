import type { Order } from "../order.js";
import type { OrderCreatedChange, ProjectionStore } from "../ports.js";
import { compareSequences, encodePosition } from "../position.js";
import { addOrderToDelta, deltaKeyCount, deltaKeys, emptyDayDelta, emptyDelta, mergeDelta, type ProjectionDelta } from "../projections.js";

/** One atomically applicable piece of an order's contribution, at its feed position. */
interface Slice {
  readonly position: string;
  readonly delta: ProjectionDelta;
}

export interface ApplySummary {
  /** Changes received in the batch. */
  readonly received: number;
  /** Orders whose contribution this call wrote. */
  readonly applied: number;
  /** Changes skipped because they (or their order) had already been applied. */
  readonly duplicates: number;
  /** Atomic writes made. */
  readonly commits: number;
}

/**
 * An order's contribution split into slices small enough for one atomic write. Deterministic for a
 * given order and limit, so a retry after a partial failure resumes at the same slice.
 */
export function sliceOrder(order: Order, sequence: string, maxKeys: number, timeZone: string): Slice[] {
  const whole = addOrderToDelta(emptyDelta(), order, timeZone);
  if (deltaKeyCount(whole) <= maxKeys) return [{ position: encodePosition(sequence, 0), delta: whole }];
  // An order has one business day: its products go, each with that day's entry, into the slices after the head.
  const [day, dayDelta] = [...whole.days][0]!;
  const products = [...whole.products].sort(([a], [b]) => (a < b ? -1 : 1));
  const head: ProjectionDelta = {
    products: new Map(),
    couriers: whole.couriers,
    hourly: whole.hourly,
    totals: whole.totals,
    days: new Map([[day, { products: new Map(), couriers: dayDelta.couriers, totals: dayDelta.totals }]]),
  };
  const slices: ProjectionDelta[] = [head];
  const PER_PRODUCT = 2; // the all-time entry and the day's entry
  let room = maxKeys - deltaKeyCount(head);
  if (room < PER_PRODUCT) throw new RangeError(`maxKeysPerCommit ${maxKeys} is too small for one order`);
  for (const [id, stats] of products) {
    if (room < PER_PRODUCT) {
      slices.push(emptyDelta());
      room = maxKeys;
    }
    const slice = slices[slices.length - 1]!;
    slice.products.set(id, stats);
    const sliceDay = slice.days.get(day) ?? emptyDayDelta();
    sliceDay.products.set(id, dayDelta.products.get(id)!);
    slice.days.set(day, sliceDay);
    room -= PER_PRODUCT;
  }
  return slices.map((delta, part) => ({ position: encodePosition(sequence, part), delta }));
}

/** Entries `next` would add to `delta`. */
function newKeys(delta: ProjectionDelta, next: ProjectionDelta): number {
  const have = deltaKeys(delta);
  return [...deltaKeys(next)].filter((key) => !have.has(key)).length;
}

/**
 * The projector. Changes arrive at least once (duplicated, re-delivered, batches retried or split);
 * each order's contribution is applied exactly once by advancing a per-partition watermark in the
 * same atomic write as the counters. Work grows with the distinct keys of a batch, not its records.
 */
export class ApplyOrderChanges {
  constructor(
    private readonly deps: {
      readonly store: ProjectionStore;
      readonly timeZone: string;
      /** Attempts when another writer moved the watermark under us. */
      readonly maxAttempts?: number;
    },
  ) {}

  async execute(changes: readonly OrderCreatedChange[]): Promise<ApplySummary> {
    const byPartition = new Map<string, OrderCreatedChange[]>();
    for (const change of changes) {
      const list = byPartition.get(change.partition) ?? [];
      list.push(change);
      byPartition.set(change.partition, list);
    }
    let applied = 0;
    let commits = 0;
    for (const [partition, list] of byPartition) {
      const result = await this.applyPartition(partition, list);
      applied += result.applied;
      commits += result.commits;
    }
    return { received: changes.length, applied, duplicates: changes.length - applied, commits };
  }

  private async applyPartition(partition: string, changes: OrderCreatedChange[]): Promise<{ applied: number; commits: number }> {
    const { store, timeZone } = this.deps;
    // Same sequence twice is the same record delivered twice; keep one, in sequence order.
    const unique = [...new Map(changes.map((c) => [c.sequence, c])).values()].sort((a, b) => compareSequences(a.sequence, b.sequence));
    const seenOrders = new Set<string>();
    const slices: (Slice & { orderId: string; last: boolean })[] = [];
    for (const change of unique) {
      if (seenOrders.has(change.order.id)) continue;
      seenOrders.add(change.order.id);
      const parts = sliceOrder(change.order, change.sequence, store.maxKeysPerCommit, timeZone);
      parts.forEach((slice, i) => slices.push({ ...slice, orderId: change.order.id, last: i === parts.length - 1 }));
    }

    let applied = 0;
    let commits = 0;
    const maxAttempts = this.deps.maxAttempts ?? 10;
    let staleInARow = 0;
    for (;;) {
      const watermark = await store.watermark(partition);
      const pending = watermark === undefined ? slices : slices.filter((s) => s.position > watermark);
      if (pending.length === 0) return { applied, commits };
      // The longest contiguous run of slices whose merged keys fit one atomic write.
      const delta = emptyDelta();
      let taken = 0;
      for (const slice of pending) {
        if (taken > 0 && deltaKeyCount(delta) + newKeys(delta, slice.delta) > store.maxKeysPerCommit) break;
        mergeDelta(delta, slice.delta);
        taken += 1;
      }
      const chunk = pending.slice(0, taken);
      const outcome = await store.commit({ partition, from: chunk[0]!.position, to: chunk[taken - 1]!.position, delta });
      if (outcome === "committed") {
        commits += 1;
        applied += chunk.filter((s) => s.last).length;
        staleInARow = 0;
      } else if (++staleInARow >= maxAttempts) {
        throw new Error(`projection watermark for partition ${partition} kept moving; giving up after ${maxAttempts} attempts`);
      }
    }
  }
}
