import { describe, expect, it } from "vitest";
import { MAX_UNIT_PRICE_CENTS, addCents, formatCents, parseMoney } from "../src/index.js";

describe("Money", () => {
  it("reads prices as exact cents without float arithmetic", () => {
    expect(parseMoney(0.1)).toEqual({ ok: true, cents: 10 });
    expect(parseMoney(0.2)).toEqual({ ok: true, cents: 20 });
    expect(parseMoney(8.0)).toEqual({ ok: true, cents: 800 });
    expect(parseMoney(2.5)).toEqual({ ok: true, cents: 250 });
    expect(parseMoney(19.99)).toEqual({ ok: true, cents: 1999 });
    expect(parseMoney("0.07")).toEqual({ ok: true, cents: 7 });
    expect(parseMoney(0)).toEqual({ ok: true, cents: 0 });
  });

  it("sums 0.1 + 0.2 to exactly 0.30, where floats give 0.30000000000000004", () => {
    const a = parseMoney(0.1);
    const b = parseMoney(0.2);
    if (!a.ok || !b.ok) throw new Error("unparsed");
    expect(formatCents(addCents(a.cents, b.cents))).toBe("0.30");
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it("sums ten 0.70 prices to exactly 7.00 (the old system showed 0.7000000000000001-style totals)", () => {
    let total = 0;
    for (let i = 0; i < 10; i += 1) total = addCents(total, (parseMoney(0.7) as { cents: number }).cents);
    expect(formatCents(total)).toBe("7.00");
  });

  it.each([
    [-1, "negative"],
    ["-0.5", "negative"],
    [Number.NaN, "not-a-number"],
    [Number.POSITIVE_INFINITY, "not-finite"],
    [Number.NEGATIVE_INFINITY, "not-finite"],
    [0.001, "too-many-decimals"],
    [1.005, "too-many-decimals"],
    [1e-7, "too-many-decimals"],
    [1e21, "too-large"],
    [MAX_UNIT_PRICE_CENTS / 100 + 0.01, "too-large"],
    ["12,50", "not-a-number"],
    ["", "not-a-number"],
    ["abc", "not-a-number"],
  ] as const)("rejects %s as %s", (input, reason) => {
    expect(parseMoney(input)).toEqual({ ok: false, reason });
  });

  it("accepts the documented maximum", () => {
    expect(parseMoney(MAX_UNIT_PRICE_CENTS / 100)).toEqual({ ok: true, cents: MAX_UNIT_PRICE_CENTS });
  });

  it("formats cents with two places", () => {
    expect(formatCents(5)).toBe("0.05");
    expect(formatCents(1850)).toBe("18.50");
    expect(formatCents(-120)).toBe("-1.20");
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it("refuses sums beyond the exact integer range", () => {
    expect(() => addCents(Number.MAX_SAFE_INTEGER, 1)).toThrow(RangeError);
  });
});
