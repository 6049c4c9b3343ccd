import { invalid, type InvalidInput, type OrderConflict } from "../errors.js";
import { isSameOrder, type Order } from "../order.js";
import { parseOrderPayload } from "../order-payload.js";
import type { Clock, OrderRepository } from "../ports.js";
import { err, ok, type Result } from "../result.js";

export interface PlacedOrder {
  /** The order as stored (on a replay, the stored one). */
  readonly order: Order;
  /** False when this exact order had already been placed: the call was a harmless replay. */
  readonly created: boolean;
}

/**
 * Accepts a courier's delivered order. Idempotent on the order id: the same order again returns the
 * stored result; a different order under an existing id is a conflict and changes nothing.
 */
export class PlaceOrder {
  constructor(private readonly deps: { readonly orders: OrderRepository; readonly clock: Clock; readonly timeZone: string }) {}

  async execute(payload: unknown): Promise<Result<PlacedOrder, InvalidInput | OrderConflict>> {
    const parsed = parseOrderPayload(payload, { timeZone: this.deps.timeZone, receivedAtMs: this.deps.clock.now() });
    if (!parsed.ok) return err(invalid(parsed.error));
    const order = parsed.value;
    const outcome = await this.deps.orders.saveIfAbsent(order);
    if (outcome.status === "created") return ok({ order, created: true });
    if (isSameOrder(outcome.existing, order)) return ok({ order: outcome.existing, created: false });
    return err({
      kind: "conflict",
      orderId: order.id,
      message: `order ${order.id} already exists with different content; an order is never overwritten`,
    });
  }
}
