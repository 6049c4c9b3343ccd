import { correctRevision, newStoredOrder, voidRevision } from "@cargo-express/domain";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { MalformedOrderItemError, orderStateFromItem, orderToItem, storedOrderFromItem } from "../src/index.js";
import { keptAttributesOf, orderFingerprint, storedOrderToItem } from "../src/order-item.js";

const order = orderFrom(OrderMother.sample());
const corrected = orderFrom({
  ...OrderMother.sample(),
  pedido_id: order.id,
  productos: OrderMother.sample().productos.slice(1),
});
const author = { by: "ana", at: "2026-12-06T15:00:00.000Z", reason: "producto equivocado" };

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe("an Orders item's status, revision and history", () => {
  it("are absent on an item intake wrote, read as active, revision 1 and a created entry by its author", () => {
    const item = orderToItem(order, "repartidor-106");
    expect(item).not.toHaveProperty("status");
    expect(item).not.toHaveProperty("revision");
    expect(item).not.toHaveProperty("history");
    expect(orderStateFromItem({ ...item })).toEqual({ order, status: "active", revision: 1 });
    expect(storedOrderFromItem({ ...item })).toEqual(newStoredOrder(order, "repartidor-106"));
  });

  it("of an order stored before orders kept a history name its courier as author", () => {
    const legacy = { ...orderToItem(order) };
    expect(legacy).not.toHaveProperty("created_by");
    expect(storedOrderFromItem(legacy).history).toEqual([
      { revision: 1, action: "created", at: order.receivedAt, by: "courier 106" },
    ]);
  });

  it("round-trip through a void and a correction, keeping the original fingerprint and author", () => {
    const first = storedOrderFromItem({ ...orderToItem(order, "repartidor-106") });
    const second = unwrap(correctRevision(first, corrected, author)).stored;
    const kept = keptAttributesOf({ ...orderToItem(order, "repartidor-106") });
    const item = storedOrderToItem(second, kept);
    expect(item).toMatchObject({
      fingerprint: orderFingerprint(order),
      created_by: "repartidor-106",
      status: "active",
      revision: 2,
      lines: corrected.lines.map((line) => ({ product_id: line.productId })),
      product_ids: [...new Set(corrected.lines.map((line) => line.productId))],
      received_at: order.receivedAt,
    });
    expect(storedOrderFromItem({ ...item })).toEqual(second);
    expect(keptAttributesOf({ ...item })).toEqual(kept);
    const third = unwrap(voidRevision(second, author)).stored;
    const voided = { ...storedOrderToItem(third, kept) };
    expect(orderStateFromItem(voided)).toEqual({ order: second.order, status: "voided", revision: 3 });
    expect(storedOrderFromItem(voided).history.map((entry) => entry.action)).toEqual([
      "created",
      "corrected",
      "voided",
    ]);
  });

  it("of a legacy item without a fingerprint (never changed) keep the fingerprint of its content", () => {
    const { fingerprint: _dropped, ...item } = orderToItem(order);
    expect(keptAttributesOf(item)).toEqual({ fingerprint: orderFingerprint(order) });
  });

  it("refuse an item whose revision and history disagree, or a changed item without its fingerprint", () => {
    const item = { ...orderToItem(order), revision: 3 };
    expect(() => orderStateFromItem(item)).toThrow(MalformedOrderItemError);
    expect(() => orderStateFromItem(item)).toThrow(/history is missing at revision 3/);
    const changed = storedOrderToItem(unwrap(voidRevision(newStoredOrder(order, "x"), author)).stored, {
      fingerprint: orderFingerprint(order),
    });
    expect(() => orderStateFromItem({ ...changed, revision: 4 })).toThrow(/history does not end at revision 4/);
    const { fingerprint: _dropped, ...unfingerprinted } = changed;
    expect(() => orderStateFromItem(unfingerprinted)).toThrow(/fingerprint is missing at revision 2/);
    expect(() => orderStateFromItem({ ...changed, status: "deleted" })).toThrow(/status/);
  });
});
