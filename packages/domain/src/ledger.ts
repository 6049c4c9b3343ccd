import type { Order } from "./order.js";
import { parseTimestamp } from "./time.js";

/**
 * Where an order stands in the ledger: its delivery instant, then its id (`2024-09-11T23:27:09.039464Z#A123`).
 * Instants are fixed-width UTC text, so text order is delivery order; the id makes every position unique, so
 * "every order at or after this position has been given" is exact even when many orders share an instant.
 * Pages run newest first: a page's cursor holds the last position it covered, and the next page starts below.
 */
export type LedgerPosition = string;

export const ledgerPositionOf = (order: Pick<Order, "deliveredAt" | "id">): LedgerPosition =>
  `${order.deliveredAt}#${order.id}`;

/**
 * A position as a cursor may carry: an order's position, or an instant alone (a boundary: everything at or after
 * it was covered, for a page that ended between orders).
 */
export const LEDGER_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z(?:#[A-Za-z0-9][A-Za-z0-9._:-]{0,63})?$/;

/** The first instant of a business day in `timeZone`, as ledger text (`2024-09-11T05:00:00.000000Z`). */
export function dayStartInstant(day: string, timeZone: string): string {
  const parsed = parseTimestamp(`${day} 00:00:00`, timeZone);
  if (!parsed.ok) throw new RangeError(`not a business day: ${day}`);
  return parsed.instant.iso;
}
