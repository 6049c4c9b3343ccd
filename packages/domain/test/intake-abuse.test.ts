import { describe, expect, it } from "vitest";
import {
  ORDER_LIMITS,
  formatCents,
  formatCentsText,
  PlaceOrder,
  fnv1a32,
  NAME_STAMP_LENGTH,
  nameStampOf,
  parseMoney,
  utf8ByteLength,
  type Order,
  type OrderParsingOptions,
} from "../src/index.js";
import { MapRepository } from "./support/map-repository.js";
import { commandFrom, parseOrderPayload } from "./support/wire.js";

// Abuse at intake: numbers read from their exact text, caps, timestamps bounded by receipt, clean names.

const RECEIVED = Date.parse("2024-09-11T23:30:00Z"); // 18:30 in Bogota
const sample = {
  pedido_id: "abuse-1",
  repartidor: { IdRepartidor: 106, Nombre: "Pedro Gómez" },
  productos: [
    { IdProducto: "pk0002", producto: "Estuche para gafas", precio: 8.0 },
    { IdProducto: "pk0009", producto: "Goma de borrar", precio: 0.5 },
  ],
  timestamp: "2024-09-11 18:27:09.039464",
};

const parse = (payload: unknown, options: OrderParsingOptions = {}) =>
  parseOrderPayload(payload, { receivedAtMs: RECEIVED, ...options });
const accepted = (payload: unknown, options: OrderParsingOptions = {}): Order => {
  const result = parse(payload, options);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};
const issuesOf = (payload: unknown, options: OrderParsingOptions = {}) => {
  const result = parse(payload, options);
  if (result.ok) throw new Error("expected a rejection");
  return result.error.map((issue) => [issue.path, issue.message]);
};
const withPrice = (precio: unknown, index = 1) => ({
  ...sample,
  productos: sample.productos.map((entry, i) => (i === index ? { ...entry, precio } : entry)),
});
const withNames = (Nombre: unknown, producto: unknown = "Goma de borrar") => ({
  ...sample,
  repartidor: { ...sample.repartidor, Nombre },
  productos: [{ ...sample.productos[1], producto }],
});

describe("prices read from their exact text", () => {
  it.each(["8.499999999999999999", "1.0000000000000001", "0.001", "8.5e-3", "1.005"])(
    "refuses %s (more than two decimals, even where a float rounds it to two)",
    (text) => {
      expect(parseMoney(text)).toEqual({ ok: false, reason: "too-many-decimals" });
      expect(issuesOf(withPrice(text))).toEqual([["productos[1].precio", "precio must have at most two decimals"]]);
    },
  );

  it.each([
    ["8.50000", 850],
    ["12", 1200],
    ["0.2", 20],
    ["18.5", 1850],
    ["850e-2", 850],
    ["1.2E1", 1200],
    ["0.000", 0],
    ["00012.30", 1230],
  ])("reads %s as %i cents (trailing zeros and exponents are exact)", (text, cents) => {
    expect(parseMoney(text)).toEqual({ ok: true, cents });
    expect(accepted(withPrice(text)).lines[1]!.unitPrice).toBe(cents);
  });

  it("refuses huge exponents without computing them", () => {
    expect(parseMoney("1e999999999999999999999")).toEqual({ ok: false, reason: "too-large" });
    expect(parseMoney("1e-999999999999999999999")).toEqual({ ok: false, reason: "too-many-decimals" });
    expect(parseMoney("123456789012345678")).toEqual({ ok: false, reason: "too-large" });
  });
});

describe("money text beyond 2^53 cents", () => {
  it("writes whole amounts of any size in full, never in exponent form", () => {
    expect(formatCentsText("900719925474099312")).toBe("9007199254740993.12");
    expect(formatCentsText(5n)).toBe("0.05");
    expect(formatCentsText("-120")).toBe("-1.20");
    expect(formatCents(2 ** 53 + 2)).toBe("90071992547409.94");
    expect(formatCents(1e21)).toBe("10000000000000000000.00");
    expect(() => formatCents(0.5)).toThrow(RangeError);
  });
});

describe("caps on prices and order totals", () => {
  it("has defaults that keep every counter far below 2^53 cents for decades at 100x today's volume", () => {
    const ordersPerDay = 40_000;
    const perYear = ordersPerDay * 365 * ORDER_LIMITS.maxOrderTotalCents;
    expect(Number.MAX_SAFE_INTEGER / perYear).toBeGreaterThan(60);
    expect(ORDER_LIMITS.maxUnitPriceCents * ORDER_LIMITS.maxUnitsPerOrder).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it("refuses a unit price above the cap, naming the line", () => {
    expect(issuesOf(withPrice(10_000.01))).toEqual([["productos[1].precio", "precio must be at most 10000.00"]]);
    expect(accepted(withPrice(10_000)).lines[1]!.unitPrice).toBe(1_000_000);
  });

  it("refuses an order whose total is above the cap, with the exact total", () => {
    const big = { ...sample, productos: [{ IdProducto: "pk1", producto: "Caro", precio: "9999.99", cantidad: 11 }] };
    expect(issuesOf(big)).toEqual([
      ["productos", "the order's total must be at most 100000.00 (this one is 109999.89)"],
    ]);
    const atCap = { ...sample, productos: [{ IdProducto: "pk1", producto: "Caro", precio: 10_000, cantidad: 10 }] };
    expect(accepted(atCap).total).toBe(10_000_000);
  });

  it("takes configured caps", () => {
    expect(issuesOf(withPrice("8.01"), { maxUnitPriceCents: 800 })).toEqual([
      ["productos[1].precio", "precio must be at most 8.00"],
    ]);
    expect(issuesOf(sample, { maxOrderTotalCents: 849 })).toEqual([
      ["productos", "the order's total must be at most 8.49 (this one is 8.50)"],
    ]);
    expect(accepted(sample, { maxOrderTotalCents: 850 }).total).toBe(850);
  });
});

describe("delivery time bounded by receipt", () => {
  it("refuses a delivery more than five minutes after receipt, naming timestamp", () => {
    const issues = issuesOf({ ...sample, timestamp: "2024-09-11T23:35:00.001Z" });
    expect(issues.map(([path]) => path)).toEqual(["timestamp"]);
    expect(issues[0]![1]).toMatch(
      /^timestamp 2024-09-11T23:35:00\.001000Z is after the order was received \(2024-09-11T23:30:00\.000000Z\) by more than the 5 minutes allowed/,
    );
    expect(issuesOf({ ...sample, timestamp: "9999-12-31 23:59:59" }).map(([path]) => path)).toEqual(["timestamp"]);
  });

  it("accepts up to the skew, and any past delivery", () => {
    expect(accepted({ ...sample, timestamp: "2024-09-11T23:35:00Z" }).deliveredAt).toBe("2024-09-11T23:35:00.000000Z");
    expect(accepted({ ...sample, timestamp: "2020-01-01 00:00:00" }).receivedAt).toBe("2024-09-11T23:30:00.000000Z");
  });

  it("takes a configured skew", () => {
    expect(issuesOf({ ...sample, timestamp: "2024-09-11T23:30:01Z" }, { maxClockSkewMs: 0 })[0]![1]).toContain(
      "the 0 seconds allowed",
    );
    expect(accepted({ ...sample, timestamp: "2024-09-11T23:30:00Z" }, { maxClockSkewMs: 0 }).id).toBe("abuse-1");
  });

  it("ranks display names by receipt, not by the delivery time a client sends", () => {
    const farFuture = accepted(
      { ...sample, pedido_id: "a", timestamp: "2024-09-11T23:34:00Z" },
      { receivedAtMs: RECEIVED },
    );
    const laterReceived = accepted(
      { ...sample, pedido_id: "b", timestamp: "2024-09-11 18:00:00" },
      { receivedAtMs: RECEIVED + 60_000 },
    );
    // Receipt time in base 36 (9 digits), then the order id's FNV-1a in base 36 (7 digits).
    expect(nameStampOf(farFuture)).toBe(
      `${RECEIVED.toString(36).padStart(9, "0")}${fnv1a32("a").toString(36).padStart(7, "0")}`,
    );
    expect(nameStampOf(farFuture)).toHaveLength(NAME_STAMP_LENGTH);
    expect(nameStampOf(laterReceived) > nameStampOf(farFuture)).toBe(true);
  });

  it("orders two orders received in the same millisecond by their ids' hash, the same way every time", () => {
    const a = accepted({ ...sample, pedido_id: "a" }, { receivedAtMs: RECEIVED });
    const b = accepted({ ...sample, pedido_id: "b" }, { receivedAtMs: RECEIVED });
    expect(nameStampOf(a)).not.toBe(nameStampOf(b));
    expect(nameStampOf(a) < nameStampOf(b)).toBe(fnv1a32("a") < fnv1a32("b"));
    // Text order is time order across the width of the stamp: a millisecond later always sorts after.
    const later = accepted({ ...sample, pedido_id: "a" }, { receivedAtMs: RECEIVED + 1 });
    expect(nameStampOf(later) > nameStampOf(b)).toBe(true);
  });
});

describe("names: NFC, no invisible or malformed characters, bounded in code points and bytes", () => {
  it("normalises names to NFC (a decomposed é is stored composed)", () => {
    const order = accepted(withNames("Pedro Go\u0301mez", "Cafe\u0301"));
    expect(order.courier.name).toBe("Pedro Gómez");
    expect(order.courier.name).toHaveLength(11);
    expect(order.lines[0]!.productName).toBe("Café");
  });

  it.each([
    ["a right-to-left override U+202E", "Pedro\u202eGómez", "invisible format characters"],
    ["a zero-width space U+200B", "Pedro\u200bGómez", "invisible format characters"],
    ["a byte order mark U+FEFF", "\ufeffPedro", "invisible format characters"],
    ["a C1 control U+0085", "Pedro\u0085", "control characters"],
    ["a C0 control", "Pedro\u0007", "control characters"],
    ["DEL", "Pedro\u007f", "control characters"],
    ["an unpaired high surrogate", "Pedro\ud800", "unpaired surrogates"],
    ["an unpaired low surrogate", "\udc00Pedro", "unpaired surrogates"],
  ])("refuses a name holding %s, naming the field", (_, name, reason) => {
    const courier = issuesOf(withNames(name));
    expect(courier).toHaveLength(1);
    expect(courier[0]![0]).toBe("repartidor.Nombre");
    expect(courier[0]![1]).toContain(reason);
    const product = issuesOf(withNames("Pedro", name));
    expect(product).toHaveLength(1);
    expect(product[0]![0]).toBe("productos[0].producto");
    expect(product[0]![1]).toContain(reason);
  });

  it("counts length in code points: 120 emoji (240 UTF-16 units) fit, 121 do not", () => {
    const emoji = "\u{1F69A}"; // a delivery truck, 4 UTF-8 bytes
    expect(accepted(withNames("a".repeat(120))).courier.name).toHaveLength(120);
    expect(issuesOf(withNames("a".repeat(121)))).toEqual([
      ["repartidor.Nombre", "Nombre must be at most 120 characters"],
    ]);
    expect(accepted(withNames(emoji.repeat(64))).courier.name).toBe(emoji.repeat(64)); // 256 bytes
    expect(issuesOf(withNames(emoji.repeat(65)))).toEqual([
      ["repartidor.Nombre", "Nombre must be at most 256 bytes in UTF-8"],
    ]);
    expect(utf8ByteLength("Gómez\u{1F69A}")).toBe(10);
  });

  it("keeps the id rules", () => {
    expect(issuesOf({ ...sample, pedido_id: "a\u200bb" }).map(([path]) => path)).toEqual(["pedido_id"]);
  });
});

describe("PlaceOrder with the intake rules", () => {
  const placeOrder = (options = {}) => {
    const orders = new MapRepository();
    return {
      orders,
      use: new PlaceOrder({ orders, clock: { now: () => RECEIVED }, timeZone: "America/Bogota", options }),
    };
  };

  it("stores nothing for an abusive order and stamps accepted ones with the receipt time", async () => {
    const { orders, use } = placeOrder();
    for (const abuse of [
      withPrice("8.499999999999999999"),
      { ...sample, timestamp: "9999-01-01 00:00:00" },
      withNames("\u202eabc"),
    ]) {
      const result = await use.execute(commandFrom({ ...abuse, pedido_id: "x" } as typeof sample));
      expect(result.ok ? "accepted" : result.error.kind).toBe("invalid");
    }
    expect(orders.orders.size).toBe(0);
    const ok = await use.execute(commandFrom(sample));
    expect(ok.ok && ok.value.order.receivedAt).toBe("2024-09-11T23:30:00.000000Z");
  });

  it("applies its configured caps and skew", async () => {
    const { use } = placeOrder({ maxUnitPriceCents: 100, maxOrderTotalCents: 1000, maxClockSkewMs: 0 });
    const result = await use.execute(commandFrom({ ...sample, timestamp: "2024-09-11T23:30:00.001Z" }));
    expect(result.ok ? [] : result.error.kind === "invalid" ? result.error.issues.map((i) => i.path) : []).toEqual([
      "deliveredAt",
      "lines[0].unitPrice",
    ]);
  });

  it("refuses nonsensical limits at construction", () => {
    expect(() => placeOrder({ maxOrderTotalCents: -1 })).toThrow(RangeError);
    expect(() => placeOrder({ maxClockSkewMs: Number.NaN })).toThrow(RangeError);
  });
});
