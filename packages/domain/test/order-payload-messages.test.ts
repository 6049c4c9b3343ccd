import { describe, expect, it } from "vitest";
import { ORDER_LIMITS, formatIssuePath, utf8ByteLength } from "../src/index.js";
import { parseOrderPayload } from "./support/wire.js";

const RECEIVED = Date.parse("2024-09-11T23:30:00Z");
const line = { IdProducto: "pk1", producto: "Uno", precio: "1.00" };
const sample = {
  pedido_id: "o-1",
  repartidor: { IdRepartidor: 106, Nombre: "Pedro" },
  productos: [line],
  timestamp: "2024-09-11 18:27:09",
};
const issues = (payload: unknown, options = {}) => {
  const result = parseOrderPayload(payload, { receivedAtMs: RECEIVED, ...options });
  if (result.ok) throw new Error("expected a rejection");
  return result.error.map((issue) => [issue.path, issue.message]);
};

describe("the exact words of each refusal", () => {
  it.each([
    [{ IdRepartidor: -1, Nombre: "x" }, "IdRepartidor must not be negative"],
    [{ IdRepartidor: 1.5, Nombre: "x" }, "IdRepartidor must be a number or a string of digits"],
    [{ IdRepartidor: "10a", Nombre: "x" }, "IdRepartidor must be digits only (at most 15)"],
    [{ IdRepartidor: "1".repeat(16), Nombre: "x" }, "IdRepartidor must be digits only (at most 15)"],
    [{ IdRepartidor: true, Nombre: "x" }, "IdRepartidor must be a number or a string of digits"],
  ])("names a bad courier id %o", (repartidor, message) => {
    expect(issues({ ...sample, repartidor })).toEqual([["repartidor.IdRepartidor", message]]);
  });

  it("accepts the largest courier ids", () => {
    const result = parseOrderPayload({ ...sample, repartidor: { IdRepartidor: "9".repeat(15), Nombre: "x" } });
    expect(result.ok && result.value.courier.id).toBe("9".repeat(15));
    const asNumber = parseOrderPayload({ ...sample, repartidor: { IdRepartidor: 0, Nombre: "x" } });
    expect(asNumber.ok && asNumber.value.courier.id).toBe("0");
  });

  it("names a missing courier, a quantity of the wrong type and too many units", () => {
    expect(issues({ ...sample, repartidor: "106" })).toEqual([
      ["repartidor", "repartidor must be an object with IdRepartidor and Nombre"],
    ]);
    expect(issues({ ...sample, productos: [{ ...line, cantidad: "2" }] })).toEqual([
      ["productos[0].cantidad", "cantidad must be a number"],
    ]);
    expect(
      issues({
        ...sample,
        productos: [
          { ...line, cantidad: 600 },
          { ...line, cantidad: 401 },
        ],
      }),
    ).toEqual([["productos", "an order may carry at most 1000 units (this one has 1001)"]]);
    expect(
      issues(
        {
          ...sample,
          productos: [
            { ...line, precio: "60.00", cantidad: 1000 },
            { ...line, precio: "0" },
          ],
        },
        { maxOrderTotalCents: 6_000_000 },
      ),
    ).toEqual([["productos", "an order may carry at most 1000 units (this one has 1001)"]]);
  });

  it("counts units only over well-formed quantities, and totals only over well-formed prices", () => {
    expect(
      issues({
        ...sample,
        productos: [
          { ...line, cantidad: 1000 },
          { ...line, cantidad: 0 },
        ],
      }),
    ).toEqual([["productos[1].cantidad", "cantidad must be at least 1"]]);
    expect(
      issues({
        ...sample,
        productos: [
          { ...line, precio: "10000", cantidad: 20 },
          { ...line, precio: "x" },
        ],
      }),
    ).toEqual([["productos[1].precio", "precio must be a decimal number such as 8.5"]]);
    expect(issues({ ...sample, productos: [{ ...line, precio: "10000", cantidad: 11 }] })).toEqual([
      ["productos", "the order's total must be at most 100000.00 (this one is 110000.00)"],
    ]);
  });

  it("leaves malformed quantities out of the units and the total, and survives null entries", () => {
    expect(
      issues({
        ...sample,
        productos: [
          { ...line, cantidad: 1000 },
          { ...line, cantidad: 1001 },
        ],
      }),
    ).toEqual([["productos[1].cantidad", "cantidad must be at most 1000"]]);
    expect(
      issues({
        ...sample,
        productos: [
          { ...line, cantidad: 999 },
          { ...line, cantidad: 1.5 },
        ],
      }),
    ).toEqual([["productos[1].cantidad", "cantidad must be a whole number"]]);
    expect(
      issues({
        ...sample,
        productos: [
          { ...line, precio: "10000", cantidad: 11 },
          { ...line, precio: "1", cantidad: -1 },
        ],
      }),
    ).toEqual([["productos[1].cantidad", "cantidad must be at least 1"]]);
    expect(issues({ ...sample, productos: [null, line] })).toEqual([
      ["productos[0]", "each entry of productos must be an object"],
    ]);
  });

  it("calls a price beyond any cap too large, and takes a timestamp of exactly 40 characters", () => {
    expect(issues({ ...sample, productos: [{ ...line, precio: "1e20" }] })).toEqual([
      ["productos[0].precio", "precio is too large"],
    ]);
    const padded = "2024-09-11 18:27:09.039464".padEnd(40, " ");
    expect(padded).toHaveLength(40);
    const result = parseOrderPayload({ ...sample, timestamp: padded }, { receivedAtMs: RECEIVED });
    expect(result.ok && result.value.deliveredAt).toBe("2024-09-11T23:27:09.039464Z");
  });

  it("accepts exactly 1000 units and exactly the total cap", () => {
    expect(parseOrderPayload({ ...sample, productos: [{ ...line, cantidad: 999 }, line] }).ok).toBe(true);
    expect(parseOrderPayload({ ...sample, productos: [{ ...line, precio: "10000", cantidad: 10 }] }).ok).toBe(true);
  });

  it("says how much clock difference is allowed, in minutes or seconds", () => {
    const late = { ...sample, timestamp: "2024-09-11T23:40:00Z" };
    expect(issues(late, { maxClockSkewMs: 60_000 })[0]![1]).toContain("by more than the 1 minute allowed");
    expect(issues(late, { maxClockSkewMs: 120_000 })[0]![1]).toContain("by more than the 2 minutes allowed");
    expect(issues(late, { maxClockSkewMs: 90_000 })[0]![1]).toContain("by more than the 90 seconds allowed");
    expect(issues(late, { maxClockSkewMs: 30_000 })[0]![1]).toContain("by more than the 30 seconds allowed");
    expect(issues(late)[0]).toEqual([
      "timestamp",
      "timestamp 2024-09-11T23:40:00.000000Z is after the order was received (2024-09-11T23:30:00.000000Z) by more than the 5 minutes allowed for clock differences; a delivery cannot be in the future (check the phone's clock)",
    ]);
    expect(parseOrderPayload({ ...sample, timestamp: "2024-09-11T23:35:00Z" }, { receivedAtMs: RECEIVED }).ok).toBe(
      true,
    );
  });

  it("words each timestamp problem", () => {
    expect(issues({ ...sample, timestamp: "ayer" })).toEqual([
      ["timestamp", "timestamp must look like 2024-09-11 18:27:09.039464 or 2024-09-11T18:27:09-05:00"],
    ]);
    expect(issues({ ...sample, timestamp: "2024-02-30 10:00:00" })).toEqual([
      ["timestamp", "timestamp is not a real date and time (from 1970)"],
    ]);
    expect(issues({ ...sample, timestamp: "2024-02-10T10:00:00+23:00" })).toEqual([
      ["timestamp", "timestamp has an impossible UTC offset"],
    ]);
    expect(issues({ ...sample, timestamp: 20240911 })).toEqual([["timestamp", "timestamp must be a string"]]);
  });

  it("has the documented limits", () => {
    expect(ORDER_LIMITS).toEqual({
      minLines: 1,
      maxLines: 100,
      maxUnitsPerLine: 1000,
      maxUnitsPerOrder: 1000,
      maxIdLength: 64,
      maxNameLength: 120,
      maxNameBytes: 256,
      maxCourierIdDigits: 15,
      maxUnitPriceCents: 1_000_000,
      maxOrderTotalCents: 10_000_000,
      maxClockSkewMs: 300_000,
      maxDeliveryAgeMs: 604_800_000,
    });
  });
});

describe("helpers", () => {
  it("write issue paths the way a client reads them", () => {
    expect(formatIssuePath(["productos", 1, "precio"])).toBe("productos[1].precio");
    expect(formatIssuePath(["repartidor", "Nombre"])).toBe("repartidor.Nombre");
    expect(formatIssuePath([0])).toBe("[0]");
    expect(formatIssuePath([])).toBe("(body)");
  });

  it("count UTF-8 bytes by code point", () => {
    expect(utf8ByteLength("")).toBe(0);
    expect(utf8ByteLength("a\u007f")).toBe(2);
    expect(utf8ByteLength("\u0080é\u07ff")).toBe(6);
    expect(utf8ByteLength("\u0800€\uffff")).toBe(9);
    expect(utf8ByteLength("😀\u{10ffff}")).toBe(8);
    expect(utf8ByteLength("\u{10000}")).toBe(4);
  });
});
