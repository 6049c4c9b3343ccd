import { createHash } from "node:crypto";
import {
  canonicalOrderText,
  createdEntry,
  historySchema,
  type LedgerEntry,
  ledgerPositionOf,
  type Order,
  type OrderHistoryEntry,
  type OrderState,
  type StoredOrder,
  unknownCreatorOf,
} from "@cargo-express/domain";
import * as z from "zod";

/**
 * An order as stored in the Orders table (and as it appears in the table's stream images, once
 * unmarshalled): snake_case attributes, money as integer cents.
 */
export interface OrderItem {
  readonly order_id: string;
  readonly courier_id: string;
  readonly courier_name: string;
  readonly lines: readonly {
    readonly product_id: string;
    readonly product_name: string;
    readonly unit_price_cents: number;
    readonly quantity: number;
  }[];
  readonly total_cents: number;
  readonly units: number;
  readonly delivered_at: string;
  readonly received_at: string;
  /**
   * sha256 of the domain's canonical text of the order as first accepted under its id: a correction keeps it, so a
   * phone retrying its original POST is still told apart from a different order under the same id.
   */
  readonly fingerprint: string;
  /** The signed-in username that placed the order; absent on orders stored before orders kept a history. */
  readonly created_by?: string;
  /** "active" or "voided"; absent means "active" (every order stored before orders could be voided). */
  readonly status?: "active" | "voided";
  /** 1 at intake, one more per correction and for the void; absent means 1. */
  readonly revision?: number;
  /** Every change after intake, oldest first, the "created" entry first; absent until the first change. */
  readonly history?: readonly OrderHistoryEntry[];
  /** The ledger's keys (order-ledger.ts), written with the order so intake stays one PutItem; not read back. */
  readonly ledger_month: string;
  readonly ledger_at: string;
  /** The order's distinct product ids: what a ledger page filtered by product tests with `contains`. */
  readonly product_ids: readonly string[];
}

/** sha256 (hex) of the order's canonical text: equal for a replay, different for a conflicting order. */
export const orderFingerprint = (order: Order): string =>
  createHash("sha256").update(canonicalOrderText(order)).digest("hex");

/** An order as intake stores it: no status, revision or history (their absence reads as a new order's). */
export function orderToItem(order: Order, createdBy?: string): OrderItem {
  return {
    ...contentAttributes(order),
    fingerprint: orderFingerprint(order),
    ...(createdBy === undefined ? {} : { created_by: createdBy }),
  };
}

/**
 * An order after a void or a correction: its current content and ledger keys, its status, revision and whole
 * history, and what never changes (`fingerprint` of the original content, `created_by`).
 */
export function storedOrderToItem(stored: StoredOrder, kept: Pick<OrderItem, "fingerprint" | "created_by">): OrderItem {
  return {
    ...contentAttributes(stored.order),
    fingerprint: kept.fingerprint,
    ...(kept.created_by === undefined ? {} : { created_by: kept.created_by }),
    status: stored.status,
    revision: stored.revision,
    history: stored.history.map((entry) => ({ ...entry })),
  };
}

function contentAttributes(
  order: Order,
): Omit<OrderItem, "fingerprint" | "created_by" | "status" | "revision" | "history"> {
  return {
    order_id: order.id,
    courier_id: order.courier.id,
    courier_name: order.courier.name,
    lines: order.lines.map((line) => ({
      product_id: line.productId,
      product_name: line.productName,
      unit_price_cents: line.unitPrice,
      quantity: line.quantity,
    })),
    total_cents: order.total,
    units: order.units,
    delivered_at: order.deliveredAt,
    received_at: order.receivedAt,
    ...ledgerAttributes(order),
  };
}

/**
 * The attributes the ledger's indexes key on: `ledger_month`, the UTC month of delivery (`2024-09`, the by-month
 * index's partition: a range of 31 business days spans at most 3), and `ledger_at`, the order's ledger position
 * (delivery instant, then id: both indexes' sort key). Independent of the business time zone, so a change of zone
 * never strands an order outside the index.
 */
export function ledgerAttributes(order: Order): Pick<OrderItem, "ledger_month" | "ledger_at" | "product_ids"> {
  return {
    ledger_month: order.deliveredAt.slice(0, 7),
    ledger_at: ledgerPositionOf(order),
    product_ids: [...new Set(order.lines.map((line) => line.productId))],
  };
}

/** Thrown when a stored item is not an order this code wrote: corrupt data or a foreign writer. */
export class MalformedOrderItemError extends Error {
  override readonly name = "MalformedOrderItemError";
  constructor(
    readonly orderId: string | undefined,
    readonly issues: readonly string[],
  ) {
    super(`malformed order item${orderId === undefined ? "" : ` ${orderId}`}: ${issues.join("; ")}`);
  }
}

const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const count = z.number().int().nonnegative();
const cents = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const OrderItemSchema = z
  .object({
    order_id: z.string().min(1),
    courier_id: z.string().min(1),
    courier_name: z.string(),
    lines: z
      .array(
        z.object({
          product_id: z.string().min(1),
          product_name: z.string(),
          unit_price_cents: cents,
          quantity: count.min(1),
        }),
      )
      .min(1),
    total_cents: cents,
    units: count,
    delivered_at: z.string().regex(UTC_INSTANT, { error: "must be an ISO 8601 UTC instant" }),
    received_at: z.string().regex(UTC_INSTANT, { error: "must be an ISO 8601 UTC instant" }),
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: "must be a sha256 in hex" })
      .optional(),
    created_by: z.string().min(1).optional(),
    status: z.enum(["active", "voided"]).optional(),
    revision: z.number().int().min(1).optional(),
    history: historySchema.optional(),
  })
  .superRefine((item, context) => {
    const revision = item.revision ?? 1;
    if (item.history !== undefined && item.history.at(-1)?.revision !== revision)
      context.addIssue({ code: "custom", path: ["history"], message: `does not end at revision ${revision}` });
    if (item.history === undefined && revision !== 1)
      context.addIssue({ code: "custom", path: ["history"], message: `is missing at revision ${revision}` });
    if (item.fingerprint === undefined && revision !== 1)
      context.addIssue({ code: "custom", path: ["fingerprint"], message: `is missing at revision ${revision}` });
    // Totals are stored for readers that do not recompute them; a mismatch means the item was edited.
    const total = item.lines.reduce((sum, line) => sum + line.unit_price_cents * line.quantity, 0);
    if (total !== item.total_cents)
      context.addIssue({
        code: "custom",
        path: ["total_cents"],
        message: `is ${item.total_cents}, lines add up to ${total}`,
      });
    const units = item.lines.reduce((sum, line) => sum + line.quantity, 0);
    if (units !== item.units)
      context.addIssue({ code: "custom", path: ["units"], message: `is ${item.units}, lines add up to ${units}` });
  });

type ParsedItem = z.infer<typeof OrderItemSchema>;

function parseItem(item: Record<string, unknown>): ParsedItem {
  const parsed = OrderItemSchema.safeParse(item);
  if (parsed.success) return parsed.data;
  const id = typeof item.order_id === "string" ? item.order_id : undefined;
  throw new MalformedOrderItemError(
    id,
    parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "(item)"} ${issue.message}`),
  );
}

function orderOf(data: ParsedItem): Order {
  return {
    id: data.order_id,
    courier: { id: data.courier_id, name: data.courier_name },
    lines: data.lines.map((line) => ({
      productId: line.product_id,
      productName: line.product_name,
      unitPrice: line.unit_price_cents,
      quantity: line.quantity,
    })),
    total: data.total_cents,
    units: data.units,
    deliveredAt: data.delivered_at,
    receivedAt: data.received_at,
  };
}

const stateOfItem = (data: ParsedItem): OrderState => ({
  order: orderOf(data),
  status: data.status ?? "active",
  revision: data.revision ?? 1,
});

/**
 * Reads an Orders item (a GetItem result, a conditional-check failure's old item, or an unmarshalled
 * stream NewImage) back into the domain Order, its current content. Throws MalformedOrderItemError naming every
 * bad attribute.
 */
export const orderFromItem = (item: Record<string, unknown>): Order => orderOf(parseItem(item));

/**
 * What an Orders item (or a stream image) contributes to the figures: its current content, status and revision, an
 * absent status read as "active" and an absent revision as 1 (every order stored before orders could change).
 */
export const orderStateFromItem = (item: Record<string, unknown>): OrderState => stateOfItem(parseItem(item));

/** An Orders item as the ledger lists it: the order's current content with its status and revision. */
export function ledgerEntryFromItem(item: Record<string, unknown>): LedgerEntry {
  const { order, status, revision } = stateOfItem(parseItem(item));
  return { ...order, status, revision };
}

/** An Orders item whole: its state, its history (an item never changed has its "created" entry only). */
export function storedOrderFromItem(item: Record<string, unknown>): StoredOrder {
  const data = parseItem(item);
  const state = stateOfItem(data);
  const history = data.history ?? [createdEntry(state.order, data.created_by ?? unknownCreatorOf(state.order))];
  return { ...state, history };
}

/** What a void or a correction keeps of the item: the original content's fingerprint and the order's author. */
export function keptAttributesOf(item: Record<string, unknown>): Pick<OrderItem, "fingerprint" | "created_by"> {
  const data = parseItem(item);
  // Every item intake wrote carries a fingerprint; one that does not was never changed, so its content is the original.
  const fingerprint = data.fingerprint ?? orderFingerprint(orderOf(data));
  return { fingerprint, ...(data.created_by === undefined ? {} : { created_by: data.created_by }) };
}
