import { describe, expect, it } from "vitest";
import { deliveryTooOld, formatAge, ORDER_LIMITS, PlaceOrder, type PlaceOrderCommand } from "../src/index.js";
import { MapRepository } from "./support/map-repository.js";

const DAY = 86_400_000;
const SEVEN_DAYS = 7 * DAY;
/** The sample order's delivery, 2024-09-11 18:27:09.039464 in Bogota. */
const DELIVERED = Date.parse("2024-09-11T23:27:09.039Z");

const command: PlaceOrderCommand = {
  orderId: "o-1",
  courier: { id: "106", name: "Pedro" },
  lines: [{ productId: "pk1", productName: "Uno", unitPrice: "1.50", quantity: 2 }],
  deliveredAt: "2024-09-11T18:27:09.039-05:00",
};

/** PlaceOrder receiving at `receivedAtMs` (its clock), over `orders`. */
const placeOrderAt = (receivedAtMs: number, orders = new MapRepository()) => ({
  orders,
  placeOrder: new PlaceOrder({ orders, clock: { now: () => receivedAtMs }, timeZone: "America/Bogota" }),
});

describe("the backdating bound (deliveryTooOld)", () => {
  const at = (ageMs: number) => ({
    deliveredAt: new Date(DELIVERED).toISOString(),
    receivedAt: new Date(DELIVERED + ageMs).toISOString(),
  });

  it("accepts a delivery up to the limit before receipt, exactly the limit included", () => {
    expect(deliveryTooOld(at(SEVEN_DAYS - 1000), SEVEN_DAYS)).toBeUndefined();
    expect(deliveryTooOld(at(SEVEN_DAYS), SEVEN_DAYS)).toBeUndefined();
    expect(deliveryTooOld(at(0), SEVEN_DAYS)).toBeUndefined();
    // A delivery after its receipt (within the clock-skew rule, judged elsewhere) is not old.
    expect(deliveryTooOld(at(-60_000), SEVEN_DAYS)).toBeUndefined();
  });

  it("refuses a delivery one second over the limit, naming the field, both times and the limit", () => {
    expect(deliveryTooOld(at(SEVEN_DAYS + 1000), SEVEN_DAYS)).toEqual({
      kind: "too-old",
      maxAgeMs: SEVEN_DAYS,
      issues: [
        {
          path: "deliveredAt",
          message:
            "deliveredAt 2024-09-11T23:27:09.039Z is more than 7 days before the order was received " +
            "(2024-09-18T23:27:10.039Z); couriers may report deliveries at most 7 days old (dispatchers may enter older ones)",
        },
      ],
    });
  });

  it("states the limit in the largest unit that says it exactly", () => {
    expect([DAY, 2 * DAY, 36 * 3_600_000, 3_600_000, 90 * 60_000, 45_000, 1500].map(formatAge)).toEqual([
      "1 day",
      "2 days",
      "36 hours",
      "1 hour",
      "90 minutes",
      "45 seconds",
      "1.5 seconds",
    ]);
  });

  it("defaults to 7 days", () => {
    expect(ORDER_LIMITS.maxDeliveryAgeMs).toBe(SEVEN_DAYS);
  });
});

describe("PlaceOrder within a poster's bounds", () => {
  it("refuses a courier's order received 7 days and 1 second after its delivery, storing nothing", async () => {
    const { orders, placeOrder } = placeOrderAt(DELIVERED + SEVEN_DAYS + 1000);
    const placed = await placeOrder.execute(command, { maxDeliveryAgeMs: SEVEN_DAYS });
    expect(placed.ok ? "placed" : placed.error.kind).toBe("too-old");
    expect(!placed.ok && placed.error.kind === "too-old" && placed.error.issues[0].path).toBe("deliveredAt");
    expect(orders.orders.size).toBe(0);
  });

  it("places it just under the limit, and without a bound (the back office) at any age", async () => {
    const under = placeOrderAt(DELIVERED + SEVEN_DAYS - 1000);
    expect(await under.placeOrder.execute(command, { maxDeliveryAgeMs: SEVEN_DAYS })).toMatchObject({
      ok: true,
      value: { created: true },
    });
    const backOffice = placeOrderAt(DELIVERED + 400 * DAY);
    expect(await backOffice.placeOrder.execute(command)).toMatchObject({ ok: true, value: { created: true } });
    expect(backOffice.orders.orders.has("o-1")).toBe(true);
  });

  it("takes the limit from the caller", async () => {
    const { placeOrder } = placeOrderAt(DELIVERED + 2 * DAY);
    const refused = await placeOrder.execute(command, { maxDeliveryAgeMs: DAY });
    expect(!refused.ok && refused.error.kind === "too-old" && refused.error.issues[0].message).toContain(
      "couriers may report deliveries at most 1 day old",
    );
    expect((await placeOrder.execute(command, { maxDeliveryAgeMs: 3 * DAY })).ok).toBe(true);
  });

  it("answers a retry of an order it stored earlier as a replay, even once the order is over the limit", async () => {
    const orders = new MapRepository();
    const first = await placeOrderAt(DELIVERED + DAY, orders).placeOrder.execute(command, {
      maxDeliveryAgeMs: SEVEN_DAYS,
    });
    expect(first.ok && first.value.created).toBe(true);
    const stored = orders.orders.get("o-1");
    const retry = await placeOrderAt(DELIVERED + 30 * DAY, orders).placeOrder.execute(command, {
      maxDeliveryAgeMs: SEVEN_DAYS,
    });
    expect(retry).toEqual({
      ok: true,
      value: { order: stored, state: { status: "active", revision: 1 }, created: false },
    });
    // Another order under that id, over the limit, is refused as too old and changes nothing.
    const other = await placeOrderAt(DELIVERED + 30 * DAY, orders).placeOrder.execute(
      { ...command, lines: [{ productId: "pk1", productName: "Uno", unitPrice: "1.50", quantity: 3 }] },
      { maxDeliveryAgeMs: SEVEN_DAYS },
    );
    expect(other.ok ? "placed" : other.error.kind).toBe("too-old");
    expect(orders.orders.get("o-1")).toBe(stored);
  });

  describe("a retry over the limit of an order corrected or voided since", () => {
    const bound = { maxDeliveryAgeMs: SEVEN_DAYS };
    const author = (reason: string) => ({ by: "supervisor-1", at: "2024-09-13T15:00:00.000Z", reason });
    const withQuantity = (quantity: number): PlaceOrderCommand => ({
      ...command,
      lines: [{ productId: "pk1", productName: "Uno", unitPrice: "1.50", quantity }],
    });

    /** o-1 placed a day after its delivery, then corrected to 9 units by a supervisor; the store and the content. */
    async function corrected() {
      const orders = new MapRepository();
      const intake = placeOrderAt(DELIVERED + DAY, orders).placeOrder;
      expect((await intake.execute(command, bound, "repartidor-106")).ok).toBe(true);
      const content = intake.check(withQuantity(9));
      if (!content.ok) throw new Error("the corrected content is valid");
      const outcome = await orders.correct("o-1", content.value, author("cantidad"));
      expect(outcome.ok && outcome.value.stored.revision).toBe(2);
      return { orders, later: placeOrderAt(DELIVERED + 30 * DAY, orders).placeOrder };
    }

    it("answers the original content with the order as it now is, at its current revision, writing nothing", async () => {
      const { orders, later } = await corrected();
      const before = await orders.getStored("o-1");
      const retry = await later.execute(command, bound);
      expect(retry).toEqual({
        ok: true,
        value: { order: before?.order, state: { status: "active", revision: 2 }, created: false },
      });
      expect(retry.ok && retry.value.order.units).toBe(9);
      expect(await orders.getStored("o-1")).toEqual(before);
    });

    it("answers the original content of a voided order with the voided order", async () => {
      const { orders, later } = await corrected();
      expect((await orders.void("o-1", author("duplicado"))).ok).toBe(true);
      const before = await orders.getStored("o-1");
      expect(await later.execute(command, bound)).toEqual({
        ok: true,
        value: { order: before?.order, state: { status: "voided", revision: 3 }, created: false },
      });
      expect(await orders.getStored("o-1")).toEqual(before);
    });

    it("refuses any other content as too old, the corrected content too (it is not what the phone sent)", async () => {
      const { orders, later } = await corrected();
      const before = await orders.getStored("o-1");
      for (const other of [withQuantity(9), withQuantity(4)]) {
        const refused = await later.execute(other, bound);
        expect(refused.ok ? "placed" : refused.error.kind).toBe("too-old");
      }
      expect(await orders.getStored("o-1")).toEqual(before);
      expect(orders.orders.size).toBe(1);
    });
  });

  it("reads the store only for an order over the limit", async () => {
    const { orders, placeOrder } = placeOrderAt(DELIVERED + DAY);
    await placeOrder.execute(command, { maxDeliveryAgeMs: SEVEN_DAYS });
    expect(orders.asked.length).toBe(0);
  });

  it("refuses a bound that is not a whole number of milliseconds from 0", async () => {
    const { placeOrder } = placeOrderAt(DELIVERED + DAY);
    await expect(placeOrder.execute(command, { maxDeliveryAgeMs: Number.NaN })).rejects.toThrow(RangeError);
    await expect(placeOrder.execute(command, { maxDeliveryAgeMs: -1 })).rejects.toThrow(
      "maxDeliveryAgeMs must be a whole number from 0, got -1",
    );
  });
});
