/**
 * The ledger's routes as the fake API answers them (unit tests only; the Chromium tests use the real API): GET /orders
 * over orders in memory, filtered and paged as the API documents (newest first, the cursor the index of the next
 * order), and GET /monitor/daily from the same orders, every day of the range, in Bogotá's zone (UTC-5 all year).
 */
import type { DailySeries, Order } from "../../src/ledger-api.js";

type Answer = { status: number; body?: unknown };

const ZONE_OFFSET_MS = -5 * 3_600_000;
const businessDay = (instant: string) => new Date(Date.parse(instant) + ZONE_OFFSET_MS).toISOString().slice(0, 10);
const cents = (value: number) => `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, "0")}`;

/** An order delivered at `deliveredAt` by a courier, with lines of [product id, name, unit cents, quantity]. */
export function orderOf(
  id: string,
  deliveredAt: string,
  courier: [string, string],
  lines: readonly [string, string, number, number][],
): Order {
  const shaped = lines.map(([productId, productName, unitPriceCents, quantity]) => ({
    productId,
    productName,
    unitPrice: cents(unitPriceCents),
    unitPriceCents,
    quantity,
    lineTotal: cents(unitPriceCents * quantity),
    lineTotalCents: unitPriceCents * quantity,
  }));
  const totalCents = shaped.reduce((sum, line) => sum + line.lineTotalCents, 0);
  return {
    id,
    courier: { id: courier[0], name: courier[1] },
    lines: shaped,
    total: cents(totalCents),
    totalCents,
    units: shaped.reduce((sum, line) => sum + line.quantity, 0),
    deliveredAt,
    receivedAt: deliveredAt,
    // As the API lists an order never corrected or voided.
    status: "active",
    revision: 1,
  };
}

export class FakeLedger {
  orders: Order[] = [];
  /** Orders per page of GET /orders (the API's default is 100; tests make it small). */
  pageSize = 100;
  /** Every GET /orders query, as sent. */
  readonly listRequests: URLSearchParams[] = [];
  readonly dailyRequests: URLSearchParams[] = [];
  /** Answered to the next GET /orders instead of a page. */
  refuseNextList: Answer | undefined;

  answer(path: string, query: URLSearchParams): Answer {
    if (path === "/orders") return this.list(query);
    if (path === "/monitor/daily") return this.daily(query);
    return { status: 404, body: { status: 404, detail: "no such route" } };
  }

  private list(query: URLSearchParams): Answer {
    this.listRequests.push(query);
    const refusal = this.refuseNextList;
    this.refuseNextList = undefined;
    if (refusal) return refusal;
    const from = query.get("from") ?? "";
    const to = query.get("to") ?? from;
    const found = this.orders
      .filter((order) => businessDay(order.deliveredAt) >= from && businessDay(order.deliveredAt) <= to)
      .filter((order) => !query.get("courier") || order.courier.id === query.get("courier"))
      .filter((order) => !query.get("product") || order.lines.some((line) => line.productId === query.get("product")))
      .sort((a, b) => b.deliveredAt.localeCompare(a.deliveredAt));
    const start = Number(query.get("cursor") ?? "0");
    const end = start + this.pageSize;
    return {
      status: 200,
      body: { orders: found.slice(start, end), nextCursor: end < found.length ? String(end) : null },
    };
  }

  private daily(query: URLSearchParams): Answer {
    this.dailyRequests.push(query);
    const from = query.get("from") ?? "";
    const to = query.get("to") ?? "";
    const days: DailySeries["days"][number][] = [];
    for (
      let day = from;
      day <= to;
      day = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    ) {
      const those = this.orders.filter((order) => businessDay(order.deliveredAt) === day);
      const revenueCents = those.reduce((sum, order) => sum + order.totalCents, 0);
      days.push({
        day,
        orders: those.length,
        units: those.reduce((sum, order) => sum + order.units, 0),
        revenue: cents(revenueCents),
        revenueCents,
      });
    }
    return { status: 200, body: { timeZone: "America/Bogota", from, to, days } satisfies DailySeries };
  }
}
