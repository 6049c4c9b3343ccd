import { describe, expect, it } from "vitest";
import {
  MAX_ORDER_TOTAL_CENTS,
  MAX_UNIT_PRICE_CENTS,
  addCents,
  formatCents,
  formatCentsText,
  multiplyCents,
  parseMoney,
} from "../src/index.js";

describe("parseMoney, digit by digit", () => {
  it.each([
    ["8.50000", 850],
    ["850e-2", 850],
    ["8.5E1", 8500],
    ["1e2", 10000],
    ["1e+2", 10000],
    [" 8.5 ", 850],
    ["0", 0],
    ["0.000", 0],
    ["000.10", 10],
    ["0e99999999999999999999", 0],
    ["12", 1200],
    ["100.00", 10000],
    ["0.01", 1],
    ["10.5", 1050],
    ["0000000000000001.00", 100],
  ] as const)("reads %s as %i cents", (text, cents) => {
    expect(parseMoney(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ["1.001", "too-many-decimals"],
    ["0.0001e1", "too-many-decimals"],
    ["1e-3", "too-many-decimals"],
    ["1e-99999999999999999999", "too-many-decimals"],
    ["1e99999999999999999999", "too-large"],
    ["1e13", "too-large"],
    ["-0", "negative"],
    [" -1", "negative"],
    ["1.", "not-a-number"],
    [".5", "not-a-number"],
    ["1e", "not-a-number"],
    ["0x10", "not-a-number"],
    ["1 000", "not-a-number"],
  ] as const)("refuses %s as %s", (text, reason) => {
    expect(parseMoney(text, Number.MAX_SAFE_INTEGER)).toEqual({ ok: false, reason });
  });

  it("caps at 10,000.00 by default, or at the cap it is given", () => {
    expect(MAX_UNIT_PRICE_CENTS).toBe(1_000_000);
    expect(MAX_ORDER_TOTAL_CENTS).toBe(10_000_000);
    expect(parseMoney("10000.00")).toEqual({ ok: true, cents: 1_000_000 });
    expect(parseMoney("10000.01")).toEqual({ ok: false, reason: "too-large" });
    expect(parseMoney("5.00", 500)).toEqual({ ok: true, cents: 500 });
    expect(parseMoney("5.01", 500)).toEqual({ ok: false, reason: "too-large" });
  });

  it("refuses amounts of more than 15 digits of cents before computing them, and reads 15", () => {
    expect(parseMoney("9999999999999.99", Number.MAX_SAFE_INTEGER)).toEqual({ ok: true, cents: 999_999_999_999_999 });
    expect(parseMoney("10000000000000.00", Number.MAX_SAFE_INTEGER)).toEqual({ ok: false, reason: "too-large" });
    expect(parseMoney("1e12", Number.MAX_SAFE_INTEGER)).toEqual({ ok: true, cents: 100_000_000_000_000 });
  });

  it("reads a number from its shortest text", () => {
    expect(parseMoney(1e-7)).toEqual({ ok: false, reason: "too-many-decimals" });
    expect(parseMoney(0)).toEqual({ ok: true, cents: 0 });
    expect(parseMoney(-0)).toEqual({ ok: true, cents: 0 });
    expect(parseMoney(-0.01)).toEqual({ ok: false, reason: "negative" });
  });
});

describe("formatting and arithmetic", () => {
  it("formats safe amounts with two places and a sign", () => {
    expect(formatCents(0)).toBe("0.00");
    expect(formatCents(100)).toBe("1.00");
    expect(formatCents(-5)).toBe("-0.05");
    expect(formatCents(Number.MAX_SAFE_INTEGER)).toBe("90071992547409.91");
    expect(() => formatCents(Number.NaN)).toThrow(new RangeError("not an integer amount of cents: NaN"));
  });

  it("formats whole amounts beyond 2^53 exactly, never in exponent form", () => {
    expect(formatCents(2 ** 53)).toBe("90071992547409.92");
    expect(formatCents(1e21)).toBe("10000000000000000000.00");
    expect(formatCents(-(2 ** 60))).toBe("-11529215046068469.76");
  });

  it("formats cents given as text or bigint", () => {
    expect(formatCentsText("900719925474099312")).toBe("9007199254740993.12");
    expect(formatCentsText(5n)).toBe("0.05");
    expect(formatCentsText("-5")).toBe("-0.05");
    expect(formatCentsText("0")).toBe("0.00");
    expect(formatCentsText("000123")).toBe("1.23");
    expect(formatCentsText("-100")).toBe("-1.00");
    expect(() => formatCentsText("1.5")).toThrow(new RangeError("not an integer amount of cents: 1.5"));
    expect(() => formatCentsText("12a")).toThrow(RangeError);
    expect(() => formatCentsText("a12")).toThrow(RangeError);
    expect(() => formatCentsText("")).toThrow(RangeError);
  });

  it("adds and multiplies within the exact integer range only", () => {
    expect(addCents(150, 250)).toBe(400);
    expect(addCents(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => addCents(Number.MAX_SAFE_INTEGER, 1)).toThrow(
      new RangeError("money total exceeds the exact integer range"),
    );
    expect(multiplyCents(150, 3)).toBe(450);
    expect(multiplyCents(Number.MAX_SAFE_INTEGER, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => multiplyCents(Number.MAX_SAFE_INTEGER, 2)).toThrow(
      new RangeError("money total exceeds the exact integer range"),
    );
  });
});
