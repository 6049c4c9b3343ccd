import { formatCents, type Order, type OrderState, type StoredOrder } from "@cargo-express/domain";
import type { OrderRecordResponse } from "../contract/order-revision-schemas.js";
import type { LegacyOrderAccepted, OrderResponse } from "../contract/schemas.js";

/** An order's current revision with its status and revision number (a ledger entry is one). */
export function presentOrder(order: Order, state: Pick<OrderState, "status" | "revision">): OrderResponse {
  return {
    id: order.id,
    courier: { id: order.courier.id, name: order.courier.name },
    lines: order.lines.map((line) => {
      const lineTotal = line.unitPrice * line.quantity;
      return {
        productId: line.productId,
        productName: line.productName,
        unitPrice: formatCents(line.unitPrice),
        unitPriceCents: line.unitPrice,
        quantity: line.quantity,
        lineTotal: formatCents(lineTotal),
        lineTotalCents: lineTotal,
      };
    }),
    total: formatCents(order.total),
    totalCents: order.total,
    units: order.units,
    deliveredAt: order.deliveredAt,
    receivedAt: order.receivedAt,
    status: state.status,
    revision: state.revision,
  };
}

/** An order with its history: what GET /orders/{id}, a void and a correction answer. */
export function presentOrderRecord(stored: StoredOrder): OrderRecordResponse {
  return {
    ...presentOrder(stored.order, stored),
    history: stored.history.map((entry) => ({
      revision: entry.revision,
      action: entry.action,
      at: entry.at,
      by: entry.by,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    })),
  };
}

/** The existing client's answer; `oder_id` is its historical misspelling, kept because it reads it. */
export function presentLegacyOrderAccepted(order: Order): LegacyOrderAccepted {
  return { oder_id: order.id, order_id: order.id, timestamp: order.deliveredAt };
}
