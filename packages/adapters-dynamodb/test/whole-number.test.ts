import { describe, expect, it } from "vitest";
import { type WholeNumberRules, wholeNumber } from "../src/whole-number.js";

const STRICT: WholeNumberRules = {
  describe: (item) => `item ${String(item.id)}`,
  absent: "invalid",
  beyondSafeInteger: "invalid",
  negative: "invalid",
};
const LENIENT: WholeNumberRules = {
  describe: (item) => `item ${String(item.id)}`,
  absent: "zero",
  beyondSafeInteger: "nearest-double",
  negative: "allowed",
};
const huge = 2n ** 60n;

describe("wholeNumber", () => {
  it("reads a safe integer under any rules", () => {
    expect(wholeNumber({ n: 42 }, "n", STRICT)).toBe(42);
    expect(wholeNumber({ n: 0 }, "n", LENIENT)).toBe(0);
  });

  it("an absent attribute is an error naming item and attribute, or 0 when the rules say so", () => {
    expect(() => wholeNumber({ id: 7 }, "n", STRICT)).toThrow("item 7 is missing whole-number attribute n");
    expect(wholeNumber({ id: 7 }, "n", LENIENT)).toBe(0);
  });

  it("a bigint beyond 2^53 becomes the nearest double only when the rules allow it", () => {
    expect(wholeNumber({ n: huge }, "n", LENIENT)).toBe(Number(huge));
    expect(() => wholeNumber({ id: 1, n: huge }, "n", STRICT)).toThrow(
      `item 1 has an invalid n (expected a whole number from 0): ${huge}`,
    );
    expect(() => wholeNumber({ id: 1, n: 5n }, "n", LENIENT)).toThrow("item 1 has an invalid n");
  });

  it("negative values are refused only when the rules say so", () => {
    expect(wholeNumber({ n: -3 }, "n", LENIENT)).toBe(-3);
    expect(() => wholeNumber({ id: 2, n: -3 }, "n", STRICT)).toThrow("item 2 has an invalid n");
  });

  it("refuses fractions, unsafe doubles and non-numbers under any rules", () => {
    for (const value of [1.5, 2 ** 60, "12", null, Number.NaN]) {
      expect(() => wholeNumber({ id: 3, n: value }, "n", LENIENT)).toThrow("item 3 has an invalid n");
    }
  });
});
