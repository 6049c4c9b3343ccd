import { describe, expect, it } from "vitest";
import { commandFromWire, WIRE_NAMES, WIRE_NOT_AN_OBJECT, wireIssue, wireIssues } from "../src/index.js";

const wire = {
  pedido_id: "o-1",
  repartidor: { IdRepartidor: 106, Nombre: "Pedro" },
  productos: [
    { IdProducto: "pk1", producto: "Uno", precio: "8.50", cantidad: 2 },
    { IdProducto: "pk2", producto: "Dos", precio: 1 },
  ],
  timestamp: "2024-09-11 18:27:09.039464",
};

describe("the couriers' wire vocabulary", () => {
  it("is one table: a wire name per field of the command, none twice", () => {
    const names = Object.values(WIRE_NAMES).flatMap((level) => Object.values(level));
    expect(names).toEqual([
      "pedido_id",
      "repartidor",
      "productos",
      "timestamp",
      "IdRepartidor",
      "Nombre",
      "IdProducto",
      "producto",
      "precio",
      "cantidad",
    ]);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("commandFromWire", () => {
  it("renames every field to the command's names, values untouched", () => {
    expect(commandFromWire(wire)).toEqual({
      orderId: "o-1",
      courier: { id: 106, name: "Pedro" },
      lines: [
        { productId: "pk1", productName: "Uno", unitPrice: "8.50", quantity: 2 },
        { productId: "pk2", productName: "Dos", unitPrice: 1 },
      ],
      deliveredAt: "2024-09-11 18:27:09.039464",
    });
  });

  it("judges nothing: what is not an object passes through, unknown fields (the command's own names too) are left out", () => {
    expect(commandFromWire("hola")).toBe("hola");
    expect(commandFromWire(null)).toBe(null);
    expect(commandFromWire([wire])).toEqual([wire]);
    expect(commandFromWire({ ...wire, repartidor: "106", productos: {} })).toMatchObject({ courier: "106", lines: {} });
    expect(commandFromWire({ orderId: "o-1", extra: true, pedido_id: undefined })).toEqual({ orderId: undefined });
    expect(commandFromWire({ productos: [null, 3, { precio: "x", unitPrice: 1 }] })).toEqual({
      lines: [null, 3, { unitPrice: "x" }],
    });
    expect(Object.getPrototypeOf(commandFromWire(JSON.parse('{"__proto__": {"polluted": true}}')))).toBe(
      Object.prototype,
    );
  });
});

describe("wireIssue", () => {
  it.each([
    [
      "lines[1].unitPrice",
      "unitPrice must have at most two decimals",
      "productos[1].precio",
      "precio must have at most two decimals",
    ],
    [
      "courier",
      "courier must be an object with id and name",
      "repartidor",
      "repartidor must be an object with IdRepartidor and Nombre",
    ],
    [
      "courier.name",
      "name must not contain invisible format characters (such as right-to-left overrides, zero-width spaces or byte order marks)",
      "repartidor.Nombre",
      "Nombre must not contain invisible format characters (such as right-to-left overrides, zero-width spaces or byte order marks)",
    ],
    [
      "courier.id",
      "id must be digits only (at most 15)",
      "repartidor.IdRepartidor",
      "IdRepartidor must be digits only (at most 15)",
    ],
    ["lines[0]", "each entry of lines must be an object", "productos[0]", "each entry of productos must be an object"],
    [
      "lines",
      "the order's total must be at most 100000.00 (this one is 110000.00)",
      "productos",
      "the order's total must be at most 100000.00 (this one is 110000.00)",
    ],
    ["lines[3].quantity", "quantity must be at most 1000", "productos[3].cantidad", "cantidad must be at most 1000"],
    [
      "orderId",
      "orderId may contain only letters, digits and . _ : - (starting with a letter or digit)",
      "pedido_id",
      "pedido_id may contain only letters, digits and . _ : - (starting with a letter or digit)",
    ],
    [
      "deliveredAt",
      "deliveredAt 2024-09-11T23:40:00.000000Z is after the order was received",
      "timestamp",
      "timestamp 2024-09-11T23:40:00.000000Z is after the order was received",
    ],
    ["(body)", "the order must be an object", "(body)", WIRE_NOT_AN_OBJECT],
  ])("names %s as the client sent it", (path, message, wirePath, wireMessage) => {
    expect(wireIssue({ path, message })).toEqual({ path: wirePath, message: wireMessage });
  });

  it("keeps the issues' order", () => {
    expect(
      wireIssues([
        { path: "orderId", message: "orderId must be a string" },
        { path: "deliveredAt", message: "deliveredAt must be a string" },
      ]).map((issue) => issue.path),
    ).toEqual(["pedido_id", "timestamp"]);
  });
});
