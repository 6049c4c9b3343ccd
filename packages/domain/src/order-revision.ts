import * as z from "zod";
import type { Order, OrderId } from "./order.js";
import { textSchema } from "./order-fields.js";

/**
 * An order's life after intake: supervisors void it (it stops counting, its lines stay on record) or correct it (a
 * new revision replaces lines, courier and delivery time). Every change is one more revision and one more history
 * entry; nothing is ever deleted.
 */

/**
 * "active" counts in every figure; "voided" counts in none (its lines are kept for the record).
 * @public The domain's published API (what the projector reads), even where no package here names it.
 */
export type OrderStatus = "active" | "voided";

export type OrderAction = "created" | "corrected" | "voided";

/** One change of an order: which revision it made, what, when (ISO 8601 UTC), who (a signed-in username), why. */
export interface OrderHistoryEntry {
  readonly revision: number;
  readonly action: OrderAction;
  readonly at: string;
  readonly by: string;
  /** Absent on the "created" entry only. */
  readonly reason?: string;
}

/** What an order contributes to the figures: its current content, whether it counts, and its revision. */
export interface OrderState {
  readonly order: Order;
  readonly status: OrderStatus;
  /** 1 at intake, one more for each correction and for the void. */
  readonly revision: number;
}

/** An order as stored: its state and how it got there, oldest entry first. */
export interface StoredOrder extends OrderState {
  readonly history: readonly OrderHistoryEntry[];
}

export const ORDER_REVISION_LIMITS = {
  /**
   * History entries an order may hold: bounds the stored item (50 reasons of at most 2,000 bytes each stay far below
   * DynamoDB's 400 KB per item, next to the largest order). Corrections stop one short, so a void always fits.
   */
  maxHistoryEntries: 50,
  minReasonLength: 3,
  maxReasonLength: 500,
  /** Four bytes per code point at most: the length rule is the binding one; this keeps the size bound explicit. */
  maxReasonBytes: 2000,
} as const;

/** A reason for a void or a correction: 3-500 characters, the same text rules as a name. */
export const reasonSchema = (what: string) =>
  textSchema(what, {
    minLength: ORDER_REVISION_LIMITS.minReasonLength,
    maxLength: ORDER_REVISION_LIMITS.maxReasonLength,
    maxBytes: ORDER_REVISION_LIMITS.maxReasonBytes,
  });

/** Who changes an order, when, and why: the author of one history entry. */
export interface RevisionAuthor {
  /** The signed-in username. */
  readonly by: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly reason: string;
}

/**
 * Who is recorded as having placed an order stored without its author (every order accepted before orders kept a
 * history): the courier it was reported for, as `courier <id>`, the best the record can say.
 */
export const unknownCreatorOf = (order: Order): string => `courier ${order.courier.id}`;

/** The "created" entry of an order: revision 1, at its receipt. */
export const createdEntry = (order: Order, by: string): OrderHistoryEntry => ({
  revision: 1,
  action: "created",
  at: order.receivedAt,
  by,
});

/** An order as intake stores it: active, revision 1, its "created" entry. */
export const newStoredOrder = (order: Order, by: string): StoredOrder => ({
  order,
  status: "active",
  revision: 1,
  history: [createdEntry(order, by)],
});

/** The part of a stored order the figures follow. */
export const stateOf = (stored: StoredOrder): OrderState => ({
  order: stored.order,
  status: stored.status,
  revision: stored.revision,
});

/** Whether an order counts in the figures. */
export const counts = (state: OrderState): boolean => state.status === "active";

/** The strong entity tag of a revision, for `ETag` / `If-Match` (RFC 9110 §8.8.3). */
export const revisionTag = (id: OrderId, revision: number): string => `"${id}.r${revision}"`;

/** Rules that hold for every history an adapter reads back, whatever wrote it. */
export const historySchema = z
  .array(
    z.object({
      revision: z.number().int().min(1),
      action: z.enum(["created", "corrected", "voided"]),
      at: z.string().min(1),
      by: z.string().min(1),
      reason: z.string().optional(),
    }),
  )
  .min(1)
  .max(ORDER_REVISION_LIMITS.maxHistoryEntries);
