import { createHash } from "node:crypto";
import { canonicalOrderText, ledgerPositionOf, type Order } from "@cargo-express/domain";
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
  /** sha256 of the domain's canonical order text, for operators comparing submissions; not read back. */
  readonly fingerprint: string;
  /** The ledger's keys (order-ledger.ts), written with the order so intake stays one PutItem; not read back. */
  readonly ledger_month: string;
  readonly ledger_at: string;
  /** The order's distinct product ids: what a ledger page filtered by product tests with `contains`. */
  readonly product_ids: readonly string[];
}

/** sha256 (hex) of the order's canonical text: equal for a replay, different for a conflicting order. */
const orderFingerprint = (order: Order): string => createHash("sha256").update(canonicalOrderText(order)).digest("hex");

export function orderToItem(order: Order): OrderItem {
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
    fingerprint: orderFingerprint(order),
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
  })
  .superRefine((item, context) => {
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

/**
 * Reads an Orders item (a GetItem result, a conditional-check failure's old item, or an unmarshalled
 * stream NewImage) back into the domain Order. Throws MalformedOrderItemError naming every bad attribute.
 */
export function orderFromItem(item: Record<string, unknown>): Order {
  const parsed = OrderItemSchema.safeParse(item);
  if (!parsed.success) {
    const id = typeof item.order_id === "string" ? item.order_id : undefined;
    throw new MalformedOrderItemError(
      id,
      parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "(item)"} ${issue.message}`),
    );
  }
  const data = parsed.data;
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
