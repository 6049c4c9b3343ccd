import type { Order } from "./order.js";
import type { OrderState, StoredOrder } from "./order-revision.js";

/**
 * One revision of an order as the change feed carries it: what it contributes to the figures, and when it was
 * written. `writtenAt` is what a rebuild splits the feed by (its cutoff): a correction keeps the order's
 * `receivedAt`, so only the time of the revision itself says whether the live projector or the rebuild's scan
 * counts it.
 */
export interface RevisionState extends OrderState {
  /** When this revision was written (ISO 8601 UTC): its history entry's time; `receivedAt` for the first. */
  readonly writtenAt: string;
}

/**
 * A change of one order as the feed delivers it: `after` the revision written, `before` the one it replaced
 * (absent for a new order). `partition` is the ordered unit of the feed (a DynamoDB stream shard: every revision
 * of one order is on the same one, in order); `sequence` a decimal string increasing within a partition
 * (DynamoDB's are 21-40 digits: compared as BigInt / zero-padded, never as Number).
 */
export interface OrderChange {
  readonly partition: string;
  readonly sequence: string;
  readonly before?: RevisionState;
  readonly after: RevisionState;
}

/** The first revision of an order as intake stores it: active, revision 1, written when it was received. */
export const firstRevisionOf = (order: Order): RevisionState => ({
  order,
  status: "active",
  revision: 1,
  writtenAt: order.receivedAt,
});

/**
 * A stored order's current revision with when it was written: the time of the history entry of that revision
 * (the last entry for it), or the receipt time when the history does not name it (orders stored before orders
 * kept a history are revision 1, written when received).
 */
export function revisionStateOf(stored: StoredOrder): RevisionState {
  const entry = stored.history.findLast((e) => e.revision === stored.revision);
  return {
    order: stored.order,
    status: stored.status,
    revision: stored.revision,
    writtenAt: entry?.at ?? stored.order.receivedAt,
  };
}

/** A new order's change at a feed position. */
export const orderCreated = (partition: string, sequence: string, order: Order): OrderChange => ({
  partition,
  sequence,
  after: firstRevisionOf(order),
});
