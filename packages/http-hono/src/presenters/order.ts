import { formatCents, type Order } from "@cargo-express/domain";
import type { LegacyOrderAccepted, OrderResponse } from "../contract/schemas.js";

export function presentOrder(order: Order): OrderResponse {
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
  };
}

/** The existing client's answer; `oder_id` is its historical misspelling, kept because it reads it. */
export function presentLegacyOrderAccepted(order: Order): LegacyOrderAccepted {
  return { oder_id: order.id, order_id: order.id, timestamp: order.deliveredAt };
}
