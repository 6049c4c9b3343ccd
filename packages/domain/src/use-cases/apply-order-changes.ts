import type { OrderCreatedChange, ProjectionStore } from "../ports.js";
import { compareSequences, encodePosition } from "../position.js";
import { addOrderToDelta, emptyDelta, type ProjectionDelta } from "../projections.js";

/** One order's contribution at its feed position. */
interface Pending {
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

/** The feed position of an order (one order is always applied whole, in one atomic write). */
export const orderPosition = (sequence: string): string => encodePosition(sequence, 0);

/**
 * The longest prefix of `pending` (at least one order) the store takes in one atomic write. The store's
 * judgement is monotone in the prefix, so a binary search asks it O(log n) times.
 */
function fittingPrefix(store: ProjectionStore, pending: readonly Pending[]): number {
  const fits = (n: number) => store.fitsOneCommit(pending.slice(0, n).map((p) => p.delta));
  if (fits(pending.length)) return pending.length;
  let [low, high] = [1, pending.length - 1]; // the answer is in [low, high]; one order is always tried alone
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The projector. Changes arrive at least once (duplicated, re-delivered, batches retried or split);
 * each order's contribution is applied exactly once by advancing a per-partition watermark in the
 * same atomic write as the counters. The store decides how many orders one atomic write takes
 * (`fitsOneCommit`); an order is never split.
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

  private async applyPartition(
    partition: string,
    changes: OrderCreatedChange[],
  ): Promise<{ applied: number; commits: number }> {
    const { store, timeZone } = this.deps;
    // Same sequence twice is the same record delivered twice; keep one, in sequence order.
    const unique = [...new Map(changes.map((c) => [c.sequence, c])).values()].sort((a, b) =>
      compareSequences(a.sequence, b.sequence),
    );
    const seenOrders = new Set<string>();
    const orders: Pending[] = [];
    for (const change of unique) {
      if (seenOrders.has(change.order.id)) continue;
      seenOrders.add(change.order.id);
      orders.push({
        position: orderPosition(change.sequence),
        delta: addOrderToDelta(emptyDelta(), change.order, timeZone),
      });
    }

    let applied = 0;
    let commits = 0;
    const maxAttempts = this.deps.maxAttempts ?? 10;
    let staleInARow = 0;
    for (;;) {
      const watermark = await store.watermark(partition);
      const pending = watermark === undefined ? orders : orders.filter((o) => o.position > watermark);
      if (pending.length === 0) return { applied, commits };
      const chunk = pending.slice(0, fittingPrefix(store, pending));
      const outcome = await store.commit({
        partition,
        from: chunk[0]!.position,
        to: chunk.at(-1)!.position,
        orders: chunk.map((o) => o.delta),
      });
      if (outcome === "committed") {
        commits += 1;
        applied += chunk.length;
        staleInARow = 0;
      } else if (++staleInARow >= maxAttempts) {
        throw new Error(
          `projection watermark for partition ${partition} kept moving; giving up after ${maxAttempts} attempts`,
        );
      }
    }
  }
}
