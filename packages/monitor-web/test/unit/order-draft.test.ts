import { describe, expect, it } from "vitest";
import type { Catalog } from "../../src/catalog-api.js";
import type { OrderRecord } from "../../src/order-api.js";
import { orderChanges } from "../../src/order-changes.js";
import {
  type CorrectionDraft,
  checkCorrection,
  checkReason,
  draftOf,
  fieldOfProblem,
  wallClock,
  withCourier,
  withLine,
  withNewLine,
  withoutLine,
  withProduct,
} from "../../src/order-draft.js";
import { parseRoute, routeHash } from "../../src/route.js";
import { orderOf } from "./fake-ledger.js";

const ZONE = "America/Bogota";
/** 10:00 in Bogotá on 6 December 2026, half an hour after the order was delivered. */
const NOW = Date.parse("2026-12-06T15:00:00Z");

/** María's order as GET /orders/{id} answers it: two lines, delivered at 09:30:05.123456 in Bogotá. */
const record: OrderRecord = {
  ...orderOf(
    "o-1",
    "2026-12-06T14:30:05.123456Z",
    ["101", "María López"],
    [
      ["pk0001", "Moneda", 100, 2],
      ["pk0008", "Pila de botón", 250, 1],
    ],
  ),
  history: [{ revision: 1, action: "created", at: "2026-12-06T14:31:00.000Z", by: "dispatcher" }],
};

const catalog: Catalog = {
  products: [
    { id: "pk0001", name: "Moneda", referencePrice: "1.00", referencePriceCents: 100, active: true },
    { id: "pk0008", name: "Pila de botón", referencePrice: "2.50", referencePriceCents: 250, active: true },
    { id: "pk0009", name: "Goma de borrar", referencePrice: "0.50", referencePriceCents: 50, active: false },
    { id: "pk0010", name: "Llavero", referencePrice: "3.75", referencePriceCents: 375, active: true },
  ],
  couriers: [
    { id: "101", name: "María López", active: true },
    { id: "102", name: "Carlos García", active: true },
  ],
} as unknown as Catalog;

const draft = (change: (draft: CorrectionDraft) => CorrectionDraft = (d) => d) =>
  change({ ...draftOf(record, ZONE), reason: "Cantidad mal escrita" });

describe("a correction as typed", () => {
  it("opens as the order is, its delivery as the business zone's wall clock", () => {
    expect(wallClock("2026-12-06T14:30:05.123456Z", ZONE)).toBe("2026-12-06T09:30:05");
    expect(wallClock("2026-12-07T04:59:59Z", ZONE)).toBe("2026-12-06T23:59:59");
    expect(draftOf(record, ZONE)).toEqual({
      courierId: "101",
      courierName: "María López",
      deliveredAt: "2026-12-06T09:30:05",
      lines: [
        { productId: "pk0001", productName: "Moneda", price: "1.00", quantity: "2" },
        { productId: "pk0008", productName: "Pila de botón", price: "2.50", quantity: "1" },
      ],
      reason: "",
    });
  });

  it("becomes the couriers' payload: prices as decimal text, the delivery time unchanged to the microsecond", () => {
    const checked = checkCorrection(
      draft((d) => withLine(d, 0, (line) => ({ ...line, quantity: " 5 ", price: "1,5" }))),
      record,
      ZONE,
      NOW,
    );
    expect(checked).toEqual({
      ok: true,
      reason: "Cantidad mal escrita",
      order: {
        pedido_id: "o-1",
        repartidor: { IdRepartidor: "101", Nombre: "María López" },
        productos: [
          { IdProducto: "pk0001", producto: "Moneda", precio: "1.50", cantidad: 5 },
          { IdProducto: "pk0008", producto: "Pila de botón", precio: "2.50", cantidad: 1 },
        ],
        timestamp: "2026-12-06T14:30:05.123456Z",
      },
    });
    // A delivery time changed is sent as typed: the API reads it in the business zone.
    const moved = checkCorrection(
      draft((d) => ({ ...d, deliveredAt: "2026-12-05T18:00" })),
      record,
      ZONE,
      NOW,
    );
    expect(moved.ok && moved.order.timestamp).toBe("2026-12-05T18:00");
  });

  it("takes the fleet's and the catalogue's names, and a product's reference price with it", () => {
    const other = withCourier(draft(), "102", catalog, record);
    expect([other.courierId, other.courierName]).toEqual(["102", "Carlos García"]);
    const product = withProduct(draft(), 1, "pk0010", catalog, record);
    expect(product.lines[1]).toEqual({ productId: "pk0010", productName: "Llavero", price: "3.75", quantity: "1" });
    // One of the order's own products the catalogue does not hold comes back with the order's name and price for it.
    const own = withProduct(product, 1, "pk0008", undefined, record);
    expect(own.lines[1]).toEqual({ productId: "pk0008", productName: "Pila de botón", price: "2.50", quantity: "1" });
    expect(withNewLine(draft(), catalog).lines[2]).toEqual({
      productId: "pk0001",
      productName: "Moneda",
      price: "1.00",
      quantity: "1",
    });
    expect(withoutLine(draft(), 0).lines.map((line) => line.productId)).toEqual(["pk0008"]);
  });

  it("is refused field by field before anything is sent, by the server's rules", () => {
    const refused = (change: (d: CorrectionDraft) => CorrectionDraft) => {
      const checked = checkCorrection(draft(change), record, ZONE, NOW);
      return checked.ok ? {} : Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k, v?.key]));
    };
    expect(refused((d) => ({ ...d, reason: "  ab " }))).toEqual({ reason: "reasonTooShort" });
    expect(refused((d) => ({ ...d, reason: "" }))).toEqual({ reason: "reasonEmpty" });
    expect(refused((d) => ({ ...d, courierId: "" }))).toEqual({ courier: "courierMissing" });
    expect(refused((d) => ({ ...d, deliveredAt: "ayer" }))).toEqual({ deliveredAt: "deliveredAtFormat" });
    // Not later than now in the business zone (10:00:00 is now; a second later is the future).
    expect(refused((d) => ({ ...d, deliveredAt: "2026-12-06T10:00:01" }))).toEqual({
      deliveredAt: "deliveredAtFuture",
    });
    expect(refused((d) => ({ ...d, deliveredAt: "2026-12-06T10:00" }))).toEqual({});
    expect(refused((d) => ({ ...d, reason: "Cantidad\nmal escrita" }))).toEqual({ reason: "reasonLineBreak" });
    expect(refused((d) => withLine(d, 1, (l) => ({ ...l, price: "2,5555", quantity: "0" })))).toEqual({
      "line.1.price": "priceDecimals",
      "line.1.quantity": "quantityWhole",
    });
    // "1.500" is fifteen hundred to a Colombian, 1,50 to the server: asked, never guessed.
    expect(refused((d) => withLine(d, 0, (l) => ({ ...l, price: "1.500" })))).toEqual({
      "line.0.price": "priceGrouping",
    });
    expect(refused((d) => withLine(d, 0, (l) => ({ ...l, quantity: "1.5" })))).toEqual({
      "line.0.quantity": "quantityWhole",
    });
    expect(refused((d) => withLine(d, 0, (l) => ({ ...l, quantity: "1001" })))).toEqual({
      "line.0.quantity": "quantityWhole",
    });
    expect(refused((d) => withLine(d, 0, (l) => ({ ...l, productId: "" })))).toEqual({
      "line.0.product": "lineProductMissing",
    });
    expect(refused((d) => ({ ...d, lines: [] }))).toEqual({ lines: "linesEmpty" });
    // 1,000 units of a line and one more: over the order's units; $ 10.000 × 11: over its total.
    expect(refused((d) => withLine(d, 0, (l) => ({ ...l, quantity: "1000" })))).toEqual({ lines: "unitsTooMany" });
    expect(refused((d) => withLine(d, 0, (l) => ({ ...l, price: "10000", quantity: "11" })))).toEqual({
      lines: "totalTooLarge",
    });
    // Exactly $ 100.000,00 (9.999,75 × 10 and 2,50) is the cap itself: accepted.
    expect(refused((d) => withLine(d, 0, (l) => ({ ...l, price: "9999,75", quantity: "10" })))).toEqual({});
  });

  it("checks a reason by the names' text rules with its own length", () => {
    expect(checkReason("  Pedido  de prueba ")).toEqual({ reason: "Pedido  de prueba" });
    expect(checkReason("ab\u0007c")).toEqual({ key: "reasonControl" });
    expect(checkReason("ab\u200bc")).toEqual({ key: "reasonInvisible" });
    expect(checkReason("x".repeat(500))).toEqual({ reason: "x".repeat(500) });
    expect(checkReason("x".repeat(501))).toEqual({ key: "reasonTooLong", values: { max: 500 } });
    // Code points, not UTF-16 units: 3 emoji are 3 characters.
    expect(checkReason("📦📦📦")).toEqual({ reason: "📦📦📦" });
  });

  it("places each of the API's refusals under the field it names", () => {
    expect(fieldOfProblem("reason")).toBe("reason");
    expect(fieldOfProblem("order.repartidor.Nombre")).toBe("courier");
    expect(fieldOfProblem("order.timestamp")).toBe("deliveredAt");
    expect(fieldOfProblem("order.productos[2].precio")).toBe("line.2.price");
    expect(fieldOfProblem("order.productos[0].cantidad")).toBe("line.0.quantity");
    expect(fieldOfProblem("order.productos[1].IdProducto")).toBe("line.1.product");
    expect(fieldOfProblem("order.productos")).toBe("lines");
    expect(fieldOfProblem("order.pedido_id")).toBeUndefined();
    expect(fieldOfProblem("If-Match")).toBeUndefined();
  });
});

describe("what a correction changes", () => {
  const changesOf = (change: (d: CorrectionDraft) => CorrectionDraft) => {
    const checked = checkCorrection(draft(change), record, ZONE, NOW);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return orderChanges(record, checked.order, ZONE);
  };

  it("is nothing when nothing changed", () => {
    expect(changesOf((d) => withLine(d, 0, (l) => ({ ...l, price: "1,00" })))).toEqual([]);
  });

  it("lists the courier, the time, each line by position, and the units and total that follow, in cents", () => {
    const changes = changesOf((d) =>
      withNewLine(
        withLine(withCourier({ ...d, deliveredAt: "2026-12-06T10:00" }, "102", catalog, record), 0, (l) => ({
          ...l,
          quantity: "5",
        })),
        catalog,
      ),
    );
    expect(changes).toEqual([
      { kind: "courier", before: "María López (101)", after: "Carlos García (102)" },
      { kind: "deliveredAt", before: "2026-12-06T09:30:05", after: "2026-12-06T10:00" },
      {
        kind: "line",
        position: 1,
        before: { productId: "pk0001", productName: "Moneda", quantity: 2, unitCents: 100 },
        after: { productId: "pk0001", productName: "Moneda", quantity: 5, unitCents: 100 },
      },
      {
        kind: "added",
        position: 3,
        after: { productId: "pk0001", productName: "Moneda", quantity: 1, unitCents: 100 },
      },
      { kind: "units", before: 3, after: 7 },
      { kind: "total", beforeCents: 450, afterCents: 850 },
    ]);
    expect(changesOf((d) => withoutLine(d, 1))).toEqual([
      {
        kind: "removed",
        position: 2,
        before: { productId: "pk0008", productName: "Pila de botón", quantity: 1, unitCents: 250 },
      },
      { kind: "units", before: 3, after: 2 },
      { kind: "total", beforeCents: 450, afterCents: 200 },
    ]);
  });
});

describe("an order's address", () => {
  it("carries its id with any character there and back; no id is the orders page", () => {
    for (const id of ["o-1", "a:b.c_d", "pedido con espacios/?#&"]) {
      expect(parseRoute(routeHash({ page: "order", id }))).toEqual({ page: "order", id });
    }
    expect(routeHash({ page: "order", id: "o-1" })).toBe("#/pedido/o-1");
    expect(parseRoute("#/pedido/")).toEqual({ page: "orders", query: {} });
    // Text that is no percent-encoding is kept as typed: the order's page then says it is no order id.
    expect(parseRoute("#/pedido/%E0%A4%A")).toEqual({ page: "order", id: "%E0%A4%A" });
  });
});
