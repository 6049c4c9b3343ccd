import type { ValidationIssue } from "./errors.js";
import type { Order } from "./order.js";

const DAY_MS = 86_400_000;

/**
 * A delivery dated further before its receipt than its poster may date one: an expected failure, refused like an
 * invalid field (the HTTP edge answers 400 naming the timestamp), never stored.
 */
export interface DeliveryTooOld {
  readonly kind: "too-old";
  /** The one refused field, `deliveredAt`, its message naming the limit. */
  readonly issues: readonly [ValidationIssue];
  /** The bound the delivery broke, ms. */
  readonly maxAgeMs: number;
}

/** "7 days", "36 hours", "90 minutes", "45 seconds": the largest unit that states the bound exactly. */
export function formatAge(ms: number): string {
  const units = [
    [DAY_MS, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
  ] as const;
  for (const [size, name] of units)
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? "" : "s"}`;
  return `${ms / 1000} seconds`;
}

/**
 * The backdating bound: a delivery dated more than `maxAgeMs` before the order was received is refused (exactly
 * `maxAgeMs` is accepted). Both times are the order's own (the receipt stamped by `PlaceOrder`'s clock), so the
 * rule needs no clock of its own.
 */
export function deliveryTooOld(
  order: Pick<Order, "deliveredAt" | "receivedAt">,
  maxAgeMs: number,
): DeliveryTooOld | undefined {
  const age = Date.parse(order.receivedAt) - Date.parse(order.deliveredAt);
  if (!(age > maxAgeMs)) return undefined;
  const limit = formatAge(maxAgeMs);
  return {
    kind: "too-old",
    maxAgeMs,
    issues: [
      {
        path: "deliveredAt",
        message:
          `deliveredAt ${order.deliveredAt} is more than ${limit} before the order was received (${order.receivedAt}); ` +
          `couriers may report deliveries at most ${limit} old (dispatchers may enter older ones)`,
      },
    ],
  };
}
