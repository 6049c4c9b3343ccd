import { type OrderChange, type OrderChangeFeed, revisionStateOf, type StoredOrder } from "@cargo-express/domain";
import type { InMemoryOrderRepository } from "./order-repository.js";

export interface InMemoryChangeFeedOptions {
  /** Partitions (like stream shards); an order's partition comes from a hash of its id. Default 4. */
  readonly partitions?: number;
  /** Most changes per delivered batch. Default 100. */
  readonly batchSize?: number;
  /** Faults for tests: each returns true when the fault should happen. */
  readonly faults?: {
    /** Deliver this change twice within its batch. */
    readonly duplicate?: (change: StoredOrderChange) => boolean;
    /** Deliver this batch again after it succeeded (as Lambda does after a timeout it could not see). */
    readonly redeliver?: (batch: readonly StoredOrderChange[]) => boolean;
    /** Shuffle the interleaving of partitions (order within a partition is kept, as DynamoDB Streams keeps it). */
    readonly reorder?: boolean;
    /** Source of randomness for `reorder` (default Math.random). */
    readonly random?: () => number;
  };
}

/**
 * A change as this feed delivers it: the domain's change and the stored orders it was made from (what a table's
 * stream images would hold: the local stand-in for Lambda's event source mapping turns them into stream records).
 */
export interface StoredOrderChange extends OrderChange {
  readonly stored: { readonly before?: StoredOrder; readonly after: StoredOrder };
}

/** A handler of this feed's batches: any OrderChangeBatchHandler is one. */
export type StoredChangeBatchHandler = (batch: readonly StoredOrderChange[]) => Promise<void>;

/** Same string hash on every platform, used to spread orders over partitions. */
function partitionOf(orderId: string, partitions: number): number {
  let hash = 2166136261;
  for (let i = 0; i < orderId.length; i += 1) hash = Math.imul(hash ^ orderId.charCodeAt(i), 16777619);
  return (hash >>> 0) % partitions;
}

/**
 * An in-process change feed over the in-memory repository: every stored change of an order (its creation, a void,
 * a correction) becomes a change with the revision before and after it and a 21-digit sequence number, delivered
 * at least once, every change of one order on one partition in the order it was stored (as a DynamoDB stream keeps
 * an item's records on one shard). A handler that throws gets the batch again. Tests can make it duplicate,
 * reorder across partitions and re-deliver batches.
 */
export class InMemoryOrderChangeFeed implements OrderChangeFeed {
  private readonly pending: StoredOrderChange[][];
  private sequence = 10n ** 20n;
  private readonly partitions: number;
  private readonly batchSize: number;
  private wake: (() => void) | undefined;

  constructor(
    repository: InMemoryOrderRepository,
    private readonly options: InMemoryChangeFeedOptions = {},
  ) {
    this.partitions = options.partitions ?? 4;
    this.batchSize = options.batchSize ?? 100;
    this.pending = Array.from({ length: this.partitions }, () => []);
    repository.onOrderChanged((before, after) => this.publish(before, after));
  }

  /** The hook the repository calls after each change it stored (`before` absent for a new order). */
  private publish(before: StoredOrder | undefined, after: StoredOrder): void {
    this.sequence += 1n;
    const partition = partitionOf(after.order.id, this.partitions);
    this.pending[partition]!.push({
      partition: `partition-${partition}`,
      sequence: String(this.sequence),
      ...(before === undefined ? {} : { before: revisionStateOf(before) }),
      after: revisionStateOf(after),
      stored: { ...(before === undefined ? {} : { before }), after },
    });
    this.wake?.();
  }

  /** Changes not yet acknowledged. */
  get backlog(): number {
    return this.pending.reduce((sum, list) => sum + list.length, 0);
  }

  /** Delivers one batch per partition with pending changes; true if anything was delivered. */
  async deliverOnce(handler: StoredChangeBatchHandler): Promise<boolean> {
    const faults = this.options.faults ?? {};
    const random = faults.random ?? Math.random;
    const order = [...this.pending.keys()].filter((p) => this.pending[p]!.length > 0);
    if (faults.reorder) order.sort(() => random() - 0.5);
    for (const p of order) {
      const queue = this.pending[p]!;
      const taken = queue.slice(0, this.batchSize);
      const batch = taken.flatMap((change) => (faults.duplicate?.(change) ? [change, change] : [change]));
      await handler(batch); // throws: the batch stays pending and is delivered again next time
      // Acknowledges what was delivered only: changes published while the handler ran stay pending.
      queue.splice(0, taken.length);
      if (faults.redeliver?.(batch)) await handler(batch);
    }
    return order.length > 0;
  }

  /** Delivers until nothing is pending (a failing handler makes this throw after leaving the batch pending). */
  async drain(handler: StoredChangeBatchHandler): Promise<void> {
    while (await this.deliverOnce(handler));
  }

  subscribe(
    handler: StoredChangeBatchHandler,
    onError: (error: unknown) => void = () => {},
  ): { stop(): Promise<void> } {
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          if (await this.deliverOnce(handler)) continue;
        } catch (error) {
          onError(error);
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        // Checked and armed in one synchronous step, so a change published meanwhile is never missed.
        if (this.backlog === 0 && running) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
        }
        this.wake = undefined;
      }
    })();
    return {
      stop: async () => {
        running = false;
        this.wake?.();
        await loop;
      },
    };
  }
}
