import { invalid, type InvalidInput, type OrderConflict, type ValidationIssue } from "../errors.js";
import { formatCents, type Cents } from "../money.js";
import { isSameOrder, type Order } from "../order.js";
import {
  ORDER_FIELD_NAMES,
  ORDER_LIMITS,
  parseOrderInput,
  type OrderFieldNames,
  type PlaceOrderCommand,
} from "../order-input.js";
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

  /**
   * Checks an order received in another vocabulary (an adapter's wire names, `names`) against every rule
   * `execute` applies, now, with this use case's time zone and limits, and returns it as a command; a refusal
   * names the fields as the input did. `execute` checks the command again (it trusts no caller).
   */
  check(input: unknown, names: OrderFieldNames = ORDER_FIELD_NAMES): Result<PlaceOrderCommand, ValidationIssue[]> {
    const parsed = this.parse(input, names);
    if (!parsed.ok) return parsed;
    const order = parsed.value;
    return ok({
      orderId: order.id,
      courier: { id: order.courier.id, name: order.courier.name },
      lines: order.lines.map((line) => ({
        productId: line.productId,
        productName: line.productName,
        unitPrice: formatCents(line.unitPrice),
        quantity: line.quantity,
      })),
      deliveredAt: (input as Record<string, string>)[names.deliveredAt]!,
    });
  }

  async execute(command: PlaceOrderCommand): Promise<Result<PlacedOrder, InvalidInput | OrderConflict>> {
    const parsed = this.parse(command, ORDER_FIELD_NAMES);
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

  private parse(input: unknown, names: OrderFieldNames) {
    return parseOrderInput(input, {
      names,
      timeZone: this.deps.timeZone,
      receivedAtMs: this.deps.clock.now(),
      ...this.limits,
    });
  }
}
