import type { OrderChange } from "../order-change.js";
import type { ProjectionStore } from "../ports.js";
import { compareSequences, encodePosition } from "../position.js";
import type { ProjectionDelta } from "../projections.js";
import { changeDeltas } from "../revision-delta.js";

/** What a change does to an order: a new one, a void, a correction (or neither: a rewrite of the same revision). */
export type ChangeKind = "created" | "voided" | "corrected" | "rewritten";

export function changeKindOf(change: OrderChange): ChangeKind {
  const { before, after } = change;
  if (before === undefined) return "created";
  if (after.status === "voided" && before.status !== "voided") return "voided";
  return after.revision > before.revision ? "corrected" : "rewritten";
}

/** One change's deltas (one per courier it moves figures of) at its feed position. */
interface Pending {
  readonly position: string;
  readonly deltas: readonly ProjectionDelta[];
  readonly kind: ChangeKind;
}

export interface ApplySummary {
  /** Changes received in the batch. */
  readonly received: number;
  /** Changes whose delta this call wrote. */
  readonly applied: number;
  /** Of `applied`: voids and corrections (what the corrections-volume metric counts). */
  readonly voided: number;
  readonly corrected: number;
  /** Changes that move no figure (a rewrite of history alone, a correction of nothing counted): nothing written. */
  readonly unchanged: number;
  /** Changes skipped because they had already been applied (a redelivery, a duplicate). */
  readonly duplicates: number;
  /** Atomic writes made. */
  readonly commits: number;
}

/** The feed position of a change (one change is always applied whole, in one atomic write). */
export const orderPosition = (sequence: string): string => encodePosition(sequence, 0);

/**
 * The longest prefix of `pending` (at least one order) the store takes in one atomic write. The store's
 * judgement is monotone in the prefix, so a binary search asks it O(log n) times.
 */
function fittingPrefix(store: ProjectionStore, pending: readonly Pending[]): number {
  const fits = (n: number) => store.fitsOneCommit(pending.slice(0, n).flatMap((p) => p.deltas));
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
 * each change's signed delta (contribution of the new revision minus that of the old one) is applied exactly once
 * by advancing a per-partition watermark in the same atomic write as the counters. Every revision of one order is
 * on the same partition, in order, so an order's deltas add up to its latest revision. The store decides how
 * many changes one atomic write takes (`fitsOneCommit`); a change is never split. A change that moves no figure
 * writes nothing (not even the watermark: applying it again changes nothing either).
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

  async execute(changes: readonly OrderChange[]): Promise<ApplySummary> {
    const byPartition = new Map<string, OrderChange[]>();
    for (const change of changes) {
      const list = byPartition.get(change.partition) ?? [];
      list.push(change);
      byPartition.set(change.partition, list);
    }
    const sum = { applied: 0, voided: 0, corrected: 0, unchanged: 0, commits: 0 };
    for (const [partition, list] of byPartition) {
      const result = await this.applyPartition(partition, list);
      for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += result[key];
    }
    return { received: changes.length, ...sum, duplicates: changes.length - sum.applied - sum.unchanged };
  }

  private async applyPartition(
    partition: string,
    changes: OrderChange[],
  ): Promise<Omit<ApplySummary, "received" | "duplicates">> {
    const { store, timeZone } = this.deps;
    // Same sequence twice is the same record delivered twice; keep one, in sequence order.
    const unique = [...new Map(changes.map((c) => [c.sequence, c])).values()].sort((a, b) =>
      compareSequences(a.sequence, b.sequence),
    );
    const orders: Pending[] = [];
    let unchanged = 0;
    // A second creation of an order in one batch (one can only follow a removal, which is ignored) counts once.
    const created = new Set<string>();
    for (const change of unique) {
      if (change.before === undefined) {
        if (created.has(change.after.order.id)) continue;
        created.add(change.after.order.id);
      }
      const deltas = changeDeltas(change, timeZone);
      if (deltas.length === 0) unchanged += 1;
      else orders.push({ position: orderPosition(change.sequence), deltas, kind: changeKindOf(change) });
    }

    let applied = 0;
    let voided = 0;
    let corrected = 0;
    let commits = 0;
    const maxAttempts = this.deps.maxAttempts ?? 10;
    let staleInARow = 0;
    for (;;) {
      const watermark = await store.watermark(partition);
      const pending = watermark === undefined ? orders : orders.filter((o) => o.position > watermark);
      if (pending.length === 0) return { applied, voided, corrected, unchanged, commits };
      const chunk = pending.slice(0, fittingPrefix(store, pending));
      const outcome = await store.commit({
        partition,
        from: chunk[0]!.position,
        to: chunk.at(-1)!.position,
        orders: chunk.flatMap((o) => o.deltas),
      });
      if (outcome === "committed") {
        commits += 1;
        applied += chunk.length;
        voided += chunk.filter((o) => o.kind === "voided").length;
        corrected += chunk.filter((o) => o.kind === "corrected").length;
        staleInARow = 0;
      } else if (++staleInARow >= maxAttempts) {
        throw new Error(
          `projection watermark for partition ${partition} kept moving; giving up after ${maxAttempts} attempts`,
        );
      }
    }
  }
}
