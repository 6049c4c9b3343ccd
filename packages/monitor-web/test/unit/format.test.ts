import { describe, expect, it } from "vitest";
import {
  centsToDecimal,
  formatCount,
  formatMoney,
  hourLabel,
  secondsBetween,
  formatCents,
  formatDay,
  formatInstant,
} from "../../src/format.js";

describe("formatMoney: the API's exact decimal text, rearranged for the reader", () => {
  it.each([
    ["18.50", "$\u00a018,50"],
    ["0.50", "$\u00a00,50"],
    ["1234.00", "$\u00a01.234,00"],
    ["1234567.05", "$\u00a01.234.567,05"],
    ["100000", "$\u00a0100.000,00"],
    ["7.5", "$\u00a07,50"],
    ["-12.30", "-$\u00a012,30"],
  ])("es-CO: %s -> %s", (input, expected) => {
    expect(formatMoney(input, "es")).toBe(expected);
  });

  it.each([
    ["18.50", "$18.50"],
    ["1234567.05", "$1,234,567.05"],
  ])("English: %s -> %s", (input, expected) => {
    expect(formatMoney(input, "en")).toBe(expected);
  });

  it("keeps every digit of amounts beyond a double's exact range", () => {
    // 2^53 + 1 cents cannot be held by a float; the text passes through untouched.
    expect(formatMoney("90071992547409.93", "es")).toBe("$\u00a090.071.992.547.409,93");
  });

  it("shows text that is not a decimal as it came instead of guessing", () => {
    expect(formatMoney("n/a", "es")).toBe("n/a");
    expect(formatMoney("1.234", "es")).toBe("1.234");
  });
});

describe("formatCount", () => {
  it("groups thousands with a dot in Spanish and a comma in English", () => {
    expect(formatCount(0, "es")).toBe("0");
    expect(formatCount(999, "es")).toBe("999");
    expect(formatCount(1234, "es")).toBe("1.234");
    expect(formatCount(12345678, "es")).toBe("12.345.678");
    expect(formatCount(12345678, "en")).toBe("12,345,678");
  });
});

describe("centsToDecimal", () => {
  it("writes integer cents as the API's two-place decimal text", () => {
    expect(centsToDecimal(0)).toBe("0.00");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(centsToDecimal(1850)).toBe("18.50");
    expect(centsToDecimal(-1850)).toBe("-18.50");
  });
});

describe("hourLabel: an hour bucket read in the business time zone, whatever the browser's zone", () => {
  it("takes day and hour from the text, not from a Date in the browser's zone", () => {
    expect(hourLabel("2026-11-29T23:00:00-05:00", "es")).toEqual({ day: "29/11", date: "2026-11-29", hour: "23" });
    expect(hourLabel("2026-11-29T23:00:00-05:00", "en")).toEqual({ day: "11/29", date: "2026-11-29", hour: "23" });
  });
});

describe("secondsBetween", () => {
  it("counts whole seconds and never goes negative when clocks step back", () => {
    expect(secondsBetween(1_000, 4_999)).toBe(3);
    expect(secondsBetween(5_000, 4_000)).toBe(0);
  });
});

describe("formatInstant", () => {
  it("shows an instant as day and time in the zone named beside it, whatever zone the browser is in", () => {
    expect(formatInstant("2026-12-05T14:15:00.000Z", "America/Bogota", "es")).toBe("05/12/2026 09:15");
    expect(formatInstant("2026-12-05T14:15:00.000Z", "America/Bogota", "en")).toBe("12/05/2026 09:15");
    expect(formatInstant("2026-12-06T00:30:00-05:00", "America/Bogota", "es")).toBe("06/12/2026 00:30");
    expect(formatInstant("2026-12-06T04:30:00Z", "UTC", "es")).toBe("06/12/2026 04:30");
  });

  it("shows text that is no instant as it came", () => {
    expect(formatInstant("ayer", "America/Bogota", "es")).toBe("ayer");
  });
});

describe("formatCents and formatDay", () => {
  it("write integer cents as money by their digits, and business days by position", () => {
    expect(formatCents(123456789, "es")).toBe("$\u00a01.234.567,89");
    expect(formatCents(5, "en")).toBe("$0.05");
    expect(formatCents(-1050, "es")).toBe("-$\u00a010,50");
    expect(formatDay("2026-12-06", "es")).toBe("06/12/2026");
    expect(formatDay("2026-12-06", "en", true)).toBe("12/06");
    expect(formatDay("ayer", "es")).toBe("ayer");
  });
});
