import { describe, expect, it } from "vitest";
import {
  DEFAULT_BUSINESS_TIME_ZONE,
  businessDaysEndingAt,
  hourBucket,
  hourBucketsEndingAt,
  hourStartMs,
  instantFromEpochMs,
  offsetMinutesAt,
  parseTimestamp,
} from "../src/index.js";

const BOGOTA = "America/Bogota";

describe("zone offsets", () => {
  it("are minutes east of UTC at an instant, with summer time and half hours", () => {
    expect(DEFAULT_BUSINESS_TIME_ZONE).toBe(BOGOTA);
    expect(offsetMinutesAt(Date.parse("2024-09-11T23:27:09.999Z"), BOGOTA)).toBe(-300);
    expect(offsetMinutesAt(Date.parse("2024-07-01T12:00:00Z"), "Europe/Madrid")).toBe(120);
    expect(offsetMinutesAt(Date.parse("2024-01-01T12:00:00Z"), "Europe/Madrid")).toBe(60);
    expect(offsetMinutesAt(Date.parse("2024-01-01T12:00:00Z"), "Asia/Kolkata")).toBe(330);
    expect(offsetMinutesAt(Date.parse("2024-01-01T12:00:00Z"), "UTC")).toBe(0);
  });

  it("are written into hour labels with sign, hours and minutes", () => {
    const at = Date.parse("2024-01-01T12:45:30.500Z");
    expect(hourBucket(at, "Asia/Kolkata")).toBe("2024-01-01T18:00:00+05:30");
    expect(hourBucket(at, "UTC")).toBe("2024-01-01T12:00:00+00:00");
    expect(hourBucket(at, "America/St_Johns")).toBe("2024-01-01T09:00:00-03:30");
    expect(hourBucket(Date.parse("0999-06-01T00:00:00Z"), "UTC")).toBe("0999-06-01T00:00:00+00:00");
  });
});

describe("instants", () => {
  it("are written in UTC with six fractional digits, before 1970 too", () => {
    expect(instantFromEpochMs(0)).toEqual({ epochMs: 0, iso: "1970-01-01T00:00:00.000000Z" });
    expect(instantFromEpochMs(1.9)).toEqual({ epochMs: 1, iso: "1970-01-01T00:00:00.001000Z" });
    expect(instantFromEpochMs(-1)).toEqual({ epochMs: -1, iso: "1969-12-31T23:59:59.999000Z" });
    expect(instantFromEpochMs(Date.parse("2024-02-03T04:05:06.007Z")).iso).toBe("2024-02-03T04:05:06.007000Z");
  });

  it("start hour buckets at the zone's hour, whatever the minutes, seconds and milliseconds", () => {
    expect(hourStartMs(Date.parse("2024-09-11T23:27:09.039Z"), BOGOTA)).toBe(Date.parse("2024-09-11T23:00:00Z"));
    expect(hourStartMs(Date.parse("2024-01-01T12:45:30.500Z"), "Asia/Kolkata")).toBe(
      Date.parse("2024-01-01T12:30:00Z"),
    );
    expect(hourStartMs(Date.parse("2024-09-11T23:00:00Z"), BOGOTA)).toBe(Date.parse("2024-09-11T23:00:00Z"));
    expect(hourStartMs(Date.parse("1969-12-31T23:59:59.999Z"), "UTC")).toBe(Date.parse("1969-12-31T23:00:00Z"));
  });
});

describe("timestamps, field by field", () => {
  it.each([
    ["2024-09-11 18:27:09,5", "2024-09-11T23:27:09.500000Z", Date.parse("2024-09-11T23:27:09.500Z")],
    ["2024-09-11t18:27:09.000001z", "2024-09-11T18:27:09.000001Z", Date.parse("2024-09-11T18:27:09Z")],
    ["2024-09-11T18:27:09.9999z", "2024-09-11T18:27:09.999900Z", Date.parse("2024-09-11T18:27:09.999Z")],
    ["2024-09-11T18:27:09+05:30", "2024-09-11T12:57:09.000000Z", Date.parse("2024-09-11T12:57:09Z")],
    ["2024-09-11T18:27:09-0330", "2024-09-11T21:57:09.000000Z", Date.parse("2024-09-11T21:57:09Z")],
    ["2024-09-11T18:27:09+14:00", "2024-09-11T04:27:09.000000Z", Date.parse("2024-09-11T04:27:09Z")],
    ["2024-09-11T18:27:09+00:59", "2024-09-11T17:28:09.000000Z", Date.parse("2024-09-11T17:28:09Z")],
    ["  2024-12-31 23:59:59.999999  ", "2025-01-01T04:59:59.999999Z", Date.parse("2025-01-01T04:59:59.999Z")],
    ["1970-01-01 00:00:00Z", "1970-01-01T00:00:00.000000Z", 0],
    ["2024-01-01 00:00:00", "2024-01-01T05:00:00.000000Z", Date.parse("2024-01-01T05:00:00Z")],
  ])("reads %s as %s", (text, iso, epochMs) => {
    expect(parseTimestamp(text, BOGOTA)).toEqual({ ok: true, instant: { epochMs, iso } });
  });

  it.each([
    ["2024-00-10 10:00:00", "calendar"],
    ["2024-09-00 10:00:00", "calendar"],
    ["2024-09-31 10:00:00", "calendar"],
    ["2024-09-11 10:60:00", "calendar"],
    ["2024-09-11 10:00:60", "calendar"],
    ["2024-09-11T10:00:00+05:60", "offset"],
    ["2024-09-11T10:00:00-1500", "offset"],
    ["2024-09-11 10:00:00 Z", "format"],
    ["x2024-09-11 10:00:00", "format"],
    ["2024-09-11 10:00:00x", "format"],
    ["2024-09-11 10", "format"],
  ] as const)("refuses %s (%s)", (text, reason) => {
    expect(parseTimestamp(text, BOGOTA)).toEqual({ ok: false, reason });
  });

  it("reads a naive time in a zone that changes offset, on both sides of the change", () => {
    expect(parseTimestamp("2024-03-31 01:30:00", "Europe/Madrid")).toEqual({
      ok: true,
      instant: { epochMs: Date.parse("2024-03-31T00:30:00Z"), iso: "2024-03-31T00:30:00.000000Z" },
    });
    expect(parseTimestamp("2024-03-31 04:30:00", "Europe/Madrid")).toEqual({
      ok: true,
      instant: { epochMs: Date.parse("2024-03-31T02:30:00Z"), iso: "2024-03-31T02:30:00.000000Z" },
    });
  });
});

describe("windows of hours and days", () => {
  it("list one hour when asked for one", () => {
    expect(hourBucketsEndingAt(Date.parse("2024-09-11T23:59:59Z"), 1, BOGOTA)).toEqual(["2024-09-11T18:00:00-05:00"]);
  });

  it("give today as its hours so far, from midnight to the next midnight", () => {
    expect(businessDaysEndingAt(Date.parse("2024-09-11T07:15:00Z"), 1, BOGOTA)).toEqual({
      days: ["2024-09-11"],
      hours: ["2024-09-11T00:00:00-05:00", "2024-09-11T01:00:00-05:00", "2024-09-11T02:00:00-05:00"],
      from: "2024-09-11T00:00:00-05:00",
      to: "2024-09-12T00:00:00-05:00",
    });
  });

  it("end today at the next midnight in its first hour too", () => {
    expect(businessDaysEndingAt(Date.parse("2024-09-11T05:30:00Z"), 1, BOGOTA)).toEqual({
      days: ["2024-09-11"],
      hours: ["2024-09-11T00:00:00-05:00"],
      from: "2024-09-11T00:00:00-05:00",
      to: "2024-09-12T00:00:00-05:00",
    });
  });

  it("give a day of 23 hours its own 23 buckets (Madrid, spring forward)", () => {
    const days = businessDaysEndingAt(Date.parse("2024-03-31T21:30:00Z"), 1, "Europe/Madrid"); // 23:30 CEST
    expect(days.days).toEqual(["2024-03-31"]);
    expect(days.hours).toHaveLength(23);
    expect(days.hours.slice(1, 3)).toEqual(["2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00"]);
    expect(days.from).toBe("2024-03-31T00:00:00+01:00");
    expect(days.to).toBe("2024-04-01T00:00:00+02:00");
  });

  it("give two days as yesterday's 24 hours and today's so far", () => {
    const days = businessDaysEndingAt(Date.parse("2024-09-11T06:00:00Z"), 2, BOGOTA); // 01:00 on the 11th
    expect(days.days).toEqual(["2024-09-10", "2024-09-11"]);
    expect(days.hours).toHaveLength(26);
    expect(days.hours[0]).toBe("2024-09-10T00:00:00-05:00");
    expect(days.hours.at(-1)).toBe("2024-09-11T01:00:00-05:00");
    expect(days.from).toBe("2024-09-10T00:00:00-05:00");
    expect(days.to).toBe("2024-09-12T00:00:00-05:00");
  });
});
