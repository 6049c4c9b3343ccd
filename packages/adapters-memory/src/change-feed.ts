import type { Order, OrderChangeBatchHandler, OrderChangeFeed, OrderCreatedChange } from "@cargo-express/domain";
import type { InMemoryOrderRepository } from "./order-repository.js";

export interface InMemoryChangeFeedOptions {
  /** Partitions (like stream shards); an order's partition comes from a hash of its id. Default 4. */
  readonly partitions?: number;
  /** Most changes per delivered batch. Default 100. */
  readonly batchSize?: number;
  /** Faults for tests: each returns true when the fault should happen. */
  readonly faults?: {
    /** Deliver this change twice within its batch. */
    readonly duplicate?: (change: OrderCreatedChange) => boolean;
    /** Deliver this batch again after it succeeded (as Lambda does after a timeout it could not see). */
    readonly redeliver?: (batch: readonly OrderCreatedChange[]) => boolean;
    /** Shuffle the interleaving of partitions (order within a partition is kept, as DynamoDB Streams keeps it). */
    readonly reorder?: boolean;
    /** Source of randomness for `reorder` (default Math.random). */
    readonly random?: () => number;
  };
}

/** Same string hash on every platform, used to spread orders over partitions. */
function partitionOf(orderId: string, partitions: number): number {
  let hash = 2166136261;
  for (let i = 0; i < orderId.length; i += 1) hash = Math.imul(hash ^ orderId.charCodeAt(i), 16777619);
  return (hash >>> 0) % partitions;
}

/**
 * An in-process change feed over the in-memory repository: every created order becomes a change with
 * a 21-digit sequence number, delivered at least once. A handler that throws gets the batch again.
 * Tests can make it duplicate, reorder across partitions and re-deliver batches.
 */
export class InMemoryOrderChangeFeed implements OrderChangeFeed {
  private readonly pending: OrderCreatedChange[][];
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
    repository.onOrderCreated((order) => this.publish(order));
  }

  private publish(order: Order): void {
    this.sequence += 1n;
    const partition = partitionOf(order.id, this.partitions);
    this.pending[partition]!.push({ partition: `partition-${partition}`, sequence: String(this.sequence), order });
    this.wake?.();
  }

  /** Changes not yet acknowledged. */
  get backlog(): number {
    return this.pending.reduce((sum, list) => sum + list.length, 0);
  }

  /** Delivers one batch per partition with pending changes; true if anything was delivered. */
  async deliverOnce(handler: OrderChangeBatchHandler): Promise<boolean> {
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
  async drain(handler: OrderChangeBatchHandler): Promise<void> {
    while (await this.deliverOnce(handler));
  }

  subscribe(handler: OrderChangeBatchHandler, onError: (error: unknown) => void = () => {}): { stop(): Promise<void> } {
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
