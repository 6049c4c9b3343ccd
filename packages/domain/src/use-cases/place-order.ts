import { invalid, type InvalidInput, type OrderConflict } from "../errors.js";
import type { Cents } from "../money.js";
import { isSameOrder, type Order } from "../order.js";
import { ORDER_LIMITS, parseOrderPayload } from "../order-payload.js";
import type { Clock, OrderRepository } from "../ports.js";
import { err, ok, type Result } from "../result.js";

export interface PlacedOrder {
  /** The order as stored (on a replay, the stored one). */
  readonly order: Order;
  /** False when this exact order had already been placed: the call was a harmless replay. */
  readonly created: boolean;
}

/** Intake limits; each defaults to ORDER_LIMITS (the arithmetic behind them is in the package README). */
export interface PlaceOrderOptions {
  /** Highest unit price in cents. Default 1,000,000 (10,000.00). */
  readonly maxUnitPriceCents?: Cents;
  /** Highest order total in cents. Default 10,000,000 (100,000.00). */
  readonly maxOrderTotalCents?: Cents;
  /** How far after receipt a delivery timestamp may be, ms. Default 300,000 (5 minutes). */
  readonly maxClockSkewMs?: number;
}

/**
 * Accepts a courier's delivered order. Idempotent on the order id: the same order again returns the
 * stored result; a different order under an existing id is a conflict and changes nothing.
 */
export class PlaceOrder {
  private readonly limits: Required<PlaceOrderOptions>;

  constructor(
    private readonly deps: {
      readonly orders: OrderRepository;
      readonly clock: Clock;
      readonly timeZone: string;
      readonly options?: PlaceOrderOptions;
    },
  ) {
    const options = deps.options ?? {};
    this.limits = {
      maxUnitPriceCents: options.maxUnitPriceCents ?? ORDER_LIMITS.maxUnitPriceCents,
      maxOrderTotalCents: options.maxOrderTotalCents ?? ORDER_LIMITS.maxOrderTotalCents,
      maxClockSkewMs: options.maxClockSkewMs ?? ORDER_LIMITS.maxClockSkewMs,
    };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isSafeInteger(value) || value < 0)
        throw new RangeError(`PlaceOrder option ${name} must be a whole number from 0, got ${value}`);
    }
  }

  async execute(payload: unknown): Promise<Result<PlacedOrder, InvalidInput | OrderConflict>> {
    const parsed = parseOrderPayload(payload, {
      timeZone: this.deps.timeZone,
      receivedAtMs: this.deps.clock.now(),
      ...this.limits,
    });
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
