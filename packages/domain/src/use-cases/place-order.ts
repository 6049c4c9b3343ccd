import { type DeliveryTooOld, deliveryTooOld } from "../delivery-age.js";
import { invalid, type InvalidInput, type OrderConflict, type ValidationIssue } from "../errors.js";
import type { Cents } from "../money.js";
import type { Order } from "../order.js";
import { ORDER_LIMITS } from "../order-limits.js";
import { readOrder, type OrderRuleSettings } from "../order-rules.js";
import type { PlaceOrderCommand } from "../place-order-command.js";
import type { OrderState, StoredOrder } from "../order-revision.js";
import type { Clock, OrderRepository } from "../ports.js";
import { err, ok, type Result } from "../result.js";

export interface PlacedOrder {
  /** The order as stored (on a replay, its current revision: corrected or voided since, if it was). */
  readonly order: Order;
  /** Its status and revision (a new order: active, 1). */
  readonly state: Pick<OrderState, "status" | "revision">;
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

/** What one poster may place, decided by the caller who knows the poster's role. */
export interface PlacementBounds {
  /**
   * Refuse a delivery dated more than this before its receipt, ms (couriers: ORDER_LIMITS.maxDeliveryAgeMs unless
   * configured). Absent: no bound (the back office enters old deliveries).
   */
  readonly maxDeliveryAgeMs?: number;
}

declare const checkedBy: unique symbol;

/**
 * An order `PlaceOrder.check` accepted, received at the time it was checked: only `check` makes one, and only the
 * `PlaceOrder` that checked it places it without reading it again.
 */
export type CheckedOrder = Order & { readonly [checkedBy]: PlaceOrder };

/**
 * Accepts a courier's delivered order. Idempotent on the order id: the same order again returns the
 * stored result; a different order under an existing id is a conflict and changes nothing.
 */
export class PlaceOrder {
  private readonly settings: OrderRuleSettings;
  /** The orders this use case checked (frozen, so nothing changed them since): `execute` reads them no more. */
  private readonly checked = new WeakSet<object>();

  constructor(
    private readonly deps: {
      readonly orders: OrderRepository;
      readonly clock: Clock;
      readonly timeZone: string;
      readonly options?: PlaceOrderOptions;
    },
  ) {
    const options = deps.options ?? {};
    const limits = {
      maxUnitPriceCents: options.maxUnitPriceCents ?? ORDER_LIMITS.maxUnitPriceCents,
      maxOrderTotalCents: options.maxOrderTotalCents ?? ORDER_LIMITS.maxOrderTotalCents,
      maxClockSkewMs: options.maxClockSkewMs ?? ORDER_LIMITS.maxClockSkewMs,
    };
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isSafeInteger(value) || value < 0)
        throw new RangeError(`PlaceOrder option ${name} must be a whole number from 0, got ${value}`);
    }
    this.settings = { timeZone: deps.timeZone, ...limits };
  }

  /**
   * Applies every rule `execute` applies (this use case's time zone, limits and clock) to an untrusted input, once:
   * the order it stands for, received now, which `execute` then places without reading it again; or every offending
   * field. An adapter with its own vocabulary renames its fields to the command's before, and the issues' fields
   * back after.
   */
  check(input: unknown): Result<CheckedOrder, ValidationIssue[]> {
    const read = readOrder(input, this.settings, this.deps.clock.now());
    if (!read.ok) return read;
    const order = deepFreeze(read.value);
    this.checked.add(order);
    return ok(order as CheckedOrder);
  }

  private isChecked(input: PlaceOrderCommand | CheckedOrder): input is CheckedOrder {
    return this.checked.has(input);
  }

  /**
   * Places a command (checked here first: this use case trusts no caller) or an order this use case checked, within
   * the poster's `bounds`; `placedBy` is who places it (a signed-in username), recorded in its history. The same
   * content as first placed under the id is a replay, answered with the order as it is now (corrected or voided since,
   * if it was: a retry never brings an old revision back); any other content is a conflict. An order over the
   * backdating bound is refused, unless it is such a replay (a phone retrying after days gets the order as it is now,
   * as it would have within the bound); other content under a stored id is refused as too old (it could not be placed
   * anyway), not as a conflict.
   */
  async execute(
    command: PlaceOrderCommand | CheckedOrder,
    bounds: PlacementBounds = {},
    placedBy?: string,
  ): Promise<Result<PlacedOrder, InvalidInput | OrderConflict | DeliveryTooOld>> {
    const { maxDeliveryAgeMs } = bounds;
    if (maxDeliveryAgeMs !== undefined && (!Number.isSafeInteger(maxDeliveryAgeMs) || maxDeliveryAgeMs < 0))
      throw new RangeError(`maxDeliveryAgeMs must be a whole number from 0, got ${maxDeliveryAgeMs}`);
    const checked = this.isChecked(command) ? ok(command) : this.check(command);
    if (!checked.ok) return err(invalid(checked.error));
    const order: Order = checked.value;
    const tooOld = maxDeliveryAgeMs === undefined ? undefined : deliveryTooOld(order, maxDeliveryAgeMs);
    if (tooOld) {
      // Read only on this rare path, and never written: the repository compares with the content first accepted
      // under the id (as `saveIfAbsent` does), so a retry of an order corrected or voided since is still a replay.
      const found = await this.deps.orders.findExisting(order);
      return found?.sameAsOriginal ? ok(replayOf(found.existing)) : err(tooOld);
    }
    const outcome = await this.deps.orders.saveIfAbsent(order, placedBy);
    if (outcome.status === "created") return ok({ order, state: { status: "active", revision: 1 }, created: true });
    if (outcome.sameAsOriginal) return ok(replayOf(outcome.existing));
    return err({
      kind: "conflict",
      orderId: order.id,
      message: `order ${order.id} already exists with different content; an order is never overwritten`,
    });
  }
}

/** The answer to a replay: the order as it is now, with its status and revision. */
const replayOf = (existing: StoredOrder): PlacedOrder => ({
  order: existing.order,
  state: { status: existing.status, revision: existing.revision },
  created: false,
});

function deepFreeze(order: Order): Order {
  for (const line of order.lines) Object.freeze(line);
  Object.freeze(order.lines);
  Object.freeze(order.courier);
  return Object.freeze(order);
}
