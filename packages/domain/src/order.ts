import type { Cents } from "./money.js";

/** Canonical courier id: the decimal digits of `IdRepartidor` without leading zeros (106 and "106" are one courier). */
export type CourierId = string;
export type OrderId = string;
export type ProductId = string;

/**
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export interface Courier {
  readonly id: CourierId;
  readonly name: string;
}

/** One line of an order: `quantity` units of one product at `unitPrice`. */
export interface OrderLine {
  readonly productId: ProductId;
  readonly productName: string;
  readonly unitPrice: Cents;
  readonly quantity: number;
}

/** A delivered order, immutable once accepted. */
export interface Order {
  readonly id: OrderId;
  readonly courier: Courier;
  readonly lines: readonly OrderLine[];
  /** Sum of unitPrice x quantity over the lines, in cents. */
  readonly total: Cents;
  /** Total units delivered (sum of quantities). */
  readonly units: number;
  /** When it was delivered: ISO 8601 UTC with microseconds, e.g. `2024-09-11T23:27:09.039464Z`. */
  readonly deliveredAt: string;
  /** When the system accepted it (ISO 8601 UTC); not part of what makes two submissions the same order. */
  readonly receivedAt: string;
}

export const orderTotal = (lines: readonly OrderLine[]): Cents =>
  lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);

export const orderUnits = (lines: readonly OrderLine[]): number => lines.reduce((sum, line) => sum + line.quantity, 0);

/**
 * The order reduced to what it means, so that two submissions of the same delivery compare equal:
 * identical lines are merged (two entries of a product equal one entry with `cantidad: 2`) and sorted,
 * and the timestamp is the UTC instant (a naive Bogota time and the same time with `-05:00` agree).
 */
export function canonicalOrderText(order: Order): string {
  const merged = new Map<string, number>();
  for (const line of order.lines) {
    const key = JSON.stringify([line.productId, line.productName, line.unitPrice]);
    merged.set(key, (merged.get(key) ?? 0) + line.quantity);
  }
  const lines = [...merged.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, quantity]) => [...JSON.parse(key), quantity]);
  return JSON.stringify([order.id, order.courier.id, order.courier.name, order.deliveredAt, lines]);
}

/** True when both describe the same delivery (a replay), false when they differ (a conflict). */
export const isSameOrder = (a: Order, b: Order): boolean => canonicalOrderText(a) === canonicalOrderText(b);
