import { describe, expect, it } from "vitest";
import { CorrectOrder, type CheckedOrder, newStoredOrder, PlaceOrder, VoidOrder } from "../src/index.js";
import { MapRepository } from "./support/map-repository.js";
import { anOrder } from "./support/orders.js";

const NOW = Date.parse("2026-12-06T15:00:00Z");
const clock = { now: () => NOW };
const TZ = "America/Bogota";

function setUp() {
  const orders = new MapRepository();
  const original = anOrder("o-1", { lines: [["pk1", "Uno", 150, 50]], receivedAt: "2026-12-06T14:00:00.000Z" });
  orders.orders.set("o-1", original);
  orders.creators.set("o-1", "repartidor-106");
  const placeOrder = new PlaceOrder({ orders, clock, timeZone: TZ });
  /** A correction's content as intake checks it (PlaceOrder.check: every rule of a new order). */
  const checked = (orderId: string, quantity: number): CheckedOrder => {
    const result = placeOrder.check({
      orderId,
      courier: { id: "106", name: "Pedro Gómez" },
      lines: [{ productId: "pk1", productName: "Uno", unitPrice: "1.50", quantity }],
      deliveredAt: "2026-12-06 08:00:00",
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  };
  return {
    orders,
    original,
    checked,
    voidOrder: new VoidOrder({ orders, clock }),
    correctOrder: new CorrectOrder({ orders, clock }),
  };
}

describe("VoidOrder", () => {
  it("voids by the signed-in user, now, with the reason trimmed; again changes nothing", async () => {
    const { voidOrder, original } = setUp();
    const first = await voidOrder.execute({ id: "o-1", reason: "  pedido de prueba ", by: "ana" });
    const stored = {
      ...newStoredOrder(original, "repartidor-106"),
      status: "voided",
      revision: 2,
      history: [
        ...newStoredOrder(original, "repartidor-106").history,
        { revision: 2, action: "voided", at: "2026-12-06T15:00:00.000Z", by: "ana", reason: "pedido de prueba" },
      ],
    };
    expect(first).toEqual({ ok: true, value: { stored, changed: true } });
    expect(await voidOrder.execute({ id: "o-1", reason: "otra vez", by: "luis" })).toEqual({
      ok: true,
      value: { stored, changed: false },
    });
  });

  it("refuses a missing or bad reason and a bad id, naming each, without reading", async () => {
    const { voidOrder, orders } = setUp();
    expect(await voidOrder.execute({ id: "-x", reason: "no", by: "ana" })).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        issues: [
          { path: "id", message: "id may contain only letters, digits and . _ : - (starting with a letter or digit)" },
          { path: "reason", message: "reason must be at least 3 characters" },
        ],
      },
    });
    expect(await voidOrder.execute({ id: "o-1", reason: undefined, by: "ana" })).toMatchObject({
      ok: false,
      error: { issues: [{ path: "reason", message: "reason must be a string" }] },
    });
    expect(orders.revisions.size).toBe(0);
  });

  it("says which order it did not find", async () => {
    const { voidOrder } = setUp();
    expect(await voidOrder.execute({ id: "o-9", reason: "duplicado", by: "ana" })).toEqual({
      ok: false,
      error: { kind: "not-found", what: "order", id: "o-9" },
    });
  });
});

describe("VoidOrder with an expected revision", () => {
  it("voids the current revision, and refuses a stale one (voided since included) without writing", async () => {
    const { voidOrder } = setUp();
    expect(await voidOrder.execute({ id: "o-1", reason: "duplicado", by: "ana", expectedRevision: 2 })).toMatchObject({
      ok: false,
      error: { kind: "precondition-failed", expectedRevision: 2, currentRevision: 1 },
    });
    const first = await voidOrder.execute({ id: "o-1", reason: "duplicado", by: "ana", expectedRevision: 1 });
    expect(first).toMatchObject({ ok: true, value: { changed: true, stored: { status: "voided", revision: 2 } } });
    expect(await voidOrder.execute({ id: "o-1", reason: "otra razón", by: "luis", expectedRevision: 1 })).toMatchObject(
      { ok: false, error: { kind: "precondition-failed", expectedRevision: 1, currentRevision: 2 } },
    );
    const read = await voidOrder.execute({ id: "o-1", reason: "otra razón", by: "luis" });
    expect(read).toMatchObject({ ok: true, value: { changed: false, stored: { revision: 2 } } });
    expect(read.ok && read.value.stored.history.map((entry) => entry.by)).toEqual(["repartidor-106", "ana"]);
  });
});

describe("CorrectOrder", () => {
  it("corrects at the next revision, keeping the receipt time", async () => {
    const { correctOrder, checked, original } = setUp();
    const result = await correctOrder.execute({ id: "o-1", reason: "50 por 5", by: "ana", order: checked("o-1", 5) });
    expect(result.ok && result.value.changed).toBe(true);
    expect(result.ok && result.value.stored.revision).toBe(2);
    expect(result.ok && result.value.stored.order.units).toBe(5);
    expect(result.ok && result.value.stored.order.receivedAt).toBe(original.receivedAt);
    expect(result.ok && result.value.stored.history.at(-1)).toEqual({
      revision: 2,
      action: "corrected",
      at: "2026-12-06T15:00:00.000Z",
      by: "ana",
      reason: "50 por 5",
    });
  });

  it("refuses a body naming another order and a bad reason together, before reading", async () => {
    const { correctOrder, checked, orders } = setUp();
    expect(await correctOrder.execute({ id: "o-9", reason: "", by: "ana", order: checked("o-1", 5) })).toEqual({
      ok: false,
      error: {
        kind: "invalid",
        issues: [
          { path: "reason", message: "reason must not be empty" },
          { path: "order.orderId", message: "orderId must be the order's id in the path (o-9), not o-1" },
        ],
      },
    });
    expect(orders.asked).toEqual([]);
  });

  it("answers a stale expected revision with a precondition failure", async () => {
    const { correctOrder, checked } = setUp();
    const stale = await correctOrder.execute({
      id: "o-1",
      reason: "cinco",
      by: "ana",
      order: checked("o-1", 5),
      expectedRevision: 3,
    });
    expect(stale).toMatchObject({ ok: false, error: { kind: "precondition-failed", currentRevision: 1 } });
  });
});
