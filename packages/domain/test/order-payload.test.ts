import { describe, expect, it } from "vitest";
import { ORDER_LIMITS, canonicalOrderText, isSameOrder, type Order } from "../src/index.js";
import { parseOrderPayload } from "./support/wire.js";

const sample = {
  pedido_id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
  repartidor: { IdRepartidor: 106, Nombre: "Pedro Gómez" },
  productos: [
    { IdProducto: "pk0002", producto: "Estuche para gafas", precio: 8.0 },
    { IdProducto: "pk0006", producto: "Adaptador de corriente", precio: 10.0 },
    { IdProducto: "pk0009", producto: "Goma de borrar", precio: 0.5 },
  ],
  timestamp: "2024-09-11 18:27:09.039464",
};

const parse = (payload: unknown): Order => {
  const result = parseOrderPayload(payload);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};
const issues = (payload: unknown) => {
  const result = parseOrderPayload(payload);
  if (result.ok) throw new Error("expected a rejection");
  return result.error;
};

describe("the courier payload", () => {
  it("accepts the brief's sample order unchanged and maps it to domain names", () => {
    expect(parse(sample)).toEqual({
      id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
      courier: { id: "106", name: "Pedro Gómez" },
      lines: [
        { productId: "pk0002", productName: "Estuche para gafas", unitPrice: 800, quantity: 1 },
        { productId: "pk0006", productName: "Adaptador de corriente", unitPrice: 1000, quantity: 1 },
        { productId: "pk0009", productName: "Goma de borrar", unitPrice: 50, quantity: 1 },
      ],
      total: 1850,
      units: 3,
      deliveredAt: "2024-09-11T23:27:09.039464Z",
      receivedAt: "2024-09-11T23:27:09.039464Z",
    });
  });

  it("counts each entry as one unit and lets a product repeat", () => {
    const order = parse({ ...sample, productos: [sample.productos[0], sample.productos[0], sample.productos[2]] });
    expect(order.units).toBe(3);
    expect(order.total).toBe(800 + 800 + 50);
  });

  it("lets cantidad carry several units on one entry", () => {
    const order = parse({ ...sample, productos: [{ ...sample.productos[2], cantidad: 7 }] });
    expect(order.lines).toEqual([{ productId: "pk0009", productName: "Goma de borrar", unitPrice: 50, quantity: 7 }]);
    expect(order.units).toBe(7);
    expect(order.total).toBe(350);
  });

  it("totals prices that drift in floating point exactly", () => {
    const order = parse({
      ...sample,
      productos: [
        { IdProducto: "a", producto: "A", precio: 0.1 },
        { IdProducto: "b", producto: "B", precio: 0.2 },
      ],
    });
    expect(order.total).toBe(30);
  });

  it('treats IdRepartidor 106 and "106" (and "0106") as the same courier', () => {
    const ids = [106, "106", "0106"].map(
      (id) => parse({ ...sample, repartidor: { ...sample.repartidor, IdRepartidor: id } }).courier.id,
    );
    expect(ids).toEqual(["106", "106", "106"]);
  });

  it("reads a naive timestamp in the configured business zone", () => {
    const result = parseOrderPayload(sample, { timeZone: "UTC" });
    expect(result.ok && result.value.deliveredAt).toBe("2024-09-11T18:27:09.039464Z");
  });

  it("records the received time it is given", () => {
    const result = parseOrderPayload(sample, { receivedAtMs: Date.parse("2024-09-11T23:30:00Z") });
    expect(result.ok && result.value.receivedAt).toBe("2024-09-11T23:30:00.000000Z");
  });

  it("trims names and ignores fields it does not know", () => {
    const order = parse({ ...sample, extra: true, repartidor: { IdRepartidor: 106, Nombre: "  Pedro Gómez " } });
    expect(order.courier.name).toBe("Pedro Gómez");
  });

  it("accepts the documented bounds: 100 entries, 1000 units", () => {
    const productos = Array.from({ length: ORDER_LIMITS.maxLines }, (_, i) => ({
      IdProducto: `p${i}`,
      producto: "x",
      precio: 1,
      cantidad: 10,
    }));
    expect(parse({ ...sample, productos }).units).toBe(1000);
  });
});

describe("rejections name every offending field", () => {
  it.each([
    ["a non-object body", "hola", [["(body)", "the order must be a JSON object"]]],
    ["null", null, [["(body)", "the order must be a JSON object"]]],
    ["a missing pedido_id", { ...sample, pedido_id: undefined }, [["pedido_id", "pedido_id must be a string"]]],
    ["an empty pedido_id", { ...sample, pedido_id: "" }, [["pedido_id", "pedido_id must not be empty"]]],
    [
      "a pedido_id with a slash",
      { ...sample, pedido_id: "a/b" },
      [["pedido_id", expect.stringContaining("may contain only")]],
    ],
    [
      "a pedido_id too long",
      { ...sample, pedido_id: "x".repeat(65) },
      [["pedido_id", "pedido_id must be at most 64 characters"]],
    ],
    [
      "a missing repartidor",
      { ...sample, repartidor: undefined },
      [["repartidor", expect.stringContaining("repartidor must be an object")]],
    ],
    [
      "a negative IdRepartidor",
      { ...sample, repartidor: { IdRepartidor: -1, Nombre: "x" } },
      [["repartidor.IdRepartidor", expect.stringContaining("")]],
    ],
    [
      "a fractional IdRepartidor",
      { ...sample, repartidor: { IdRepartidor: 1.5, Nombre: "x" } },
      [["repartidor.IdRepartidor", expect.any(String)]],
    ],
    [
      "a non-digit IdRepartidor",
      { ...sample, repartidor: { IdRepartidor: "10a", Nombre: "x" } },
      [["repartidor.IdRepartidor", expect.any(String)]],
    ],
    [
      "a blank Nombre",
      { ...sample, repartidor: { IdRepartidor: 1, Nombre: "   " } },
      [["repartidor.Nombre", "Nombre must not be empty"]],
    ],
    [
      "a Nombre too long",
      { ...sample, repartidor: { IdRepartidor: 1, Nombre: "x".repeat(121) } },
      [["repartidor.Nombre", "Nombre must be at most 120 characters"]],
    ],
    [
      "a Nombre with control characters",
      { ...sample, repartidor: { IdRepartidor: 1, Nombre: "a\u0000b" } },
      [["repartidor.Nombre", "Nombre must not contain control characters"]],
    ],
    ["no productos", { ...sample, productos: [] }, [["productos", "productos must have at least one entry"]]],
    ["productos not a list", { ...sample, productos: {} }, [["productos", "productos must be a list"]]],
    [
      "101 productos",
      { ...sample, productos: Array.from({ length: 101 }, () => sample.productos[0]) },
      [["productos", "productos must have at most 100 entries"]],
    ],
    [
      "more than 1000 units",
      {
        ...sample,
        productos: [
          { ...sample.productos[0], cantidad: 600 },
          { ...sample.productos[1], cantidad: 401 },
        ],
      },
      [["productos", expect.stringContaining("at most 1000 units")]],
    ],
    [
      "a precio with three decimals",
      { ...sample, productos: [{ ...sample.productos[0], precio: 8.001 }] },
      [["productos[0].precio", "precio must have at most two decimals"]],
    ],
    [
      "a negative precio",
      { ...sample, productos: [{ ...sample.productos[0], precio: -8 }] },
      [["productos[0].precio", "precio must not be negative"]],
    ],
    [
      "a precio above the maximum (10,000.00 since issue 11; was 10,000,000.00)",
      { ...sample, productos: [{ ...sample.productos[0], precio: 10_000.01 }] },
      [["productos[0].precio", "precio must be at most 10000.00"]],
    ],
    [
      "a precio as text that is not a number",
      { ...sample, productos: [{ ...sample.productos[0], precio: "ocho" }] },
      [["productos[0].precio", "precio must be a decimal number such as 8.5"]],
    ],
    [
      "a precio of the wrong type",
      { ...sample, productos: [{ ...sample.productos[0], precio: true }] },
      [["productos[0].precio", "precio must be a number"]],
    ],
    [
      "a cantidad of zero",
      { ...sample, productos: [{ ...sample.productos[0], cantidad: 0 }] },
      [["productos[0].cantidad", "cantidad must be at least 1"]],
    ],
    [
      "a fractional cantidad",
      { ...sample, productos: [{ ...sample.productos[0], cantidad: 1.5 }] },
      [["productos[0].cantidad", "cantidad must be a whole number"]],
    ],
    [
      "a cantidad above 1000",
      { ...sample, productos: [{ ...sample.productos[0], cantidad: 1001 }] },
      [["productos[0].cantidad", "cantidad must be at most 1000"]],
    ],
    [
      "an entry that is not an object",
      { ...sample, productos: [3] },
      [["productos[0]", "each entry of productos must be an object"]],
    ],
    [
      "a missing IdProducto",
      { ...sample, productos: [{ producto: "x", precio: 1 }] },
      [["productos[0].IdProducto", "IdProducto must be a string"]],
    ],
    [
      "a missing producto",
      { ...sample, productos: [{ IdProducto: "x", precio: 1 }] },
      [["productos[0].producto", "producto must be a string"]],
    ],
    ["a missing timestamp", { ...sample, timestamp: undefined }, [["timestamp", "timestamp must be a string"]]],
    [
      "a timestamp in another format",
      { ...sample, timestamp: "11/09/2024" },
      [["timestamp", expect.stringContaining("timestamp must look like")]],
    ],
    [
      "an impossible date",
      { ...sample, timestamp: "2024-02-30 10:00:00" },
      [["timestamp", expect.stringContaining("not a real date")]],
    ],
    [
      "an impossible offset",
      { ...sample, timestamp: "2024-02-10T10:00:00+23:00" },
      [["timestamp", expect.stringContaining("impossible UTC offset")]],
    ],
    [
      "a very long timestamp",
      { ...sample, timestamp: "2".repeat(41) },
      [["timestamp", "timestamp must be at most 40 characters"]],
    ],
  ])("rejects %s", (_, payload, expected) => {
    expect(issues(payload).map((issue) => [issue.path, issue.message])).toEqual(expected);
  });

  it("reports every problem at once", () => {
    const found = issues({
      pedido_id: "",
      repartidor: { IdRepartidor: "x", Nombre: "" },
      productos: [
        { IdProducto: "pk1", producto: "A", precio: 1.234 },
        { IdProducto: "", producto: "B", precio: -1 },
      ],
      timestamp: "ayer",
    });
    expect(found.map((issue) => issue.path).sort()).toEqual(
      [
        "pedido_id",
        "productos[0].precio",
        "productos[1].IdProducto",
        "productos[1].precio",
        "repartidor.IdRepartidor",
        "repartidor.Nombre",
        "timestamp",
      ].sort(),
    );
  });
});

describe("telling a replay from a conflict", () => {
  it("sees the same delivery in a naive time and the same time with its offset", () => {
    expect(isSameOrder(parse(sample), parse({ ...sample, timestamp: "2024-09-11T18:27:09.039464-05:00" }))).toBe(true);
  });

  it("sees two entries of a product and one entry with cantidad 2 as the same order, in any order", () => {
    const twice = parse({ ...sample, productos: [sample.productos[0], sample.productos[1], sample.productos[0]] });
    const cantidad = parse({ ...sample, productos: [sample.productos[1], { ...sample.productos[0], cantidad: 2 }] });
    expect(canonicalOrderText(twice)).toBe(canonicalOrderText(cantidad));
  });

  it("ignores when it was received", () => {
    expect(isSameOrder(parse(sample), { ...parse(sample), receivedAt: "2030-01-01T00:00:00.000000Z" })).toBe(true);
  });

  it.each([
    [
      "another price",
      { ...sample, productos: [{ ...sample.productos[0], precio: 8.01 }, sample.productos[1], sample.productos[2]] },
    ],
    ["another courier", { ...sample, repartidor: { IdRepartidor: 107, Nombre: "Pedro Gómez" } }],
    ["another time", { ...sample, timestamp: "2024-09-11 18:27:09.039465" }],
    ["one product fewer", { ...sample, productos: sample.productos.slice(1) }],
  ])("sees %s as a different order", (_, other) => {
    expect(isSameOrder(parse(sample), parse(other))).toBe(false);
  });
});
