import { describe, expect, it } from "vitest";
import { compareSequences, encodePosition, isValidSequence } from "../src/index.js";

describe("feed positions", () => {
  it("accept 1-40 decimal digits as a sequence, nothing else", () => {
    expect(isValidSequence("0")).toBe(true);
    expect(isValidSequence("7".repeat(40))).toBe(true);
    expect(isValidSequence("7".repeat(41))).toBe(false);
    expect(isValidSequence("")).toBe(false);
    expect(isValidSequence("a1")).toBe(false);
    expect(isValidSequence("1a")).toBe(false);
    expect(isValidSequence("1 2")).toBe(false);
    expect(isValidSequence("-1")).toBe(false);
    expect(isValidSequence("1.5")).toBe(false);
  });

  it("encode a sequence as 40 zero-padded digits and a part as 4", () => {
    expect(encodePosition("123")).toBe(`${"0".repeat(37)}123.0000`);
    expect(encodePosition("123", 0)).toBe(encodePosition("123"));
    expect(encodePosition("123", 12)).toBe(`${"0".repeat(37)}123.0012`);
    expect(encodePosition("9".repeat(40), 9999)).toBe(`${"9".repeat(40)}.9999`);
  });

  it("make text order numeric order", () => {
    expect(encodePosition("9") < encodePosition("10")).toBe(true);
    expect(encodePosition("10", 0) < encodePosition("10", 1)).toBe(true);
    expect(encodePosition("10", 9999) < encodePosition("11", 0)).toBe(true);
  });

  it("refuse a sequence that is not 1-40 digits, naming it", () => {
    expect(() => encodePosition("12a")).toThrow(new RangeError("sequence must be 1-40 decimal digits: 12a"));
    expect(() => encodePosition("")).toThrow(RangeError);
    expect(() => encodePosition("1".repeat(41))).toThrow(RangeError);
  });

  it("compare sequences as numbers of any length", () => {
    expect(compareSequences("9", "10")).toBe(-1);
    expect(compareSequences("10", "9")).toBe(1);
    expect(compareSequences("010", "10")).toBe(0);
    // Beyond 2^53 the last digit still counts (DynamoDB sequences are 21-40 digits).
    expect(compareSequences("49650000000000000000000000000000000001", "49650000000000000000000000000000000002")).toBe(
      -1,
    );
    expect(compareSequences("49650000000000000000000000000000000002", "49650000000000000000000000000000000001")).toBe(
      1,
    );
  });
});
