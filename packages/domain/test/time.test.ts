import { describe, expect, it } from "vitest";
import { hourBucket, hourBucketsEndingAt, instantFromEpochMs, isValidTimeZone, parseTimestamp } from "../src/index.js";

const BOGOTA = "America/Bogota";

describe("delivery timestamps", () => {
  it("reads Python's str(datetime.now()) in the business zone (Bogota, UTC-5)", () => {
    expect(parseTimestamp("2024-09-11 18:27:09.039464", BOGOTA)).toEqual({
      ok: true,
      instant: { epochMs: Date.parse("2024-09-11T23:27:09.039Z"), iso: "2024-09-11T23:27:09.039464Z" },
    });
  });

  it("reads ISO 8601 with an offset or Z as that instant, whatever the business zone", () => {
    const withOffset = parseTimestamp("2024-09-11T18:27:09.039464-05:00", "Europe/Madrid");
    const withZ = parseTimestamp("2024-09-11T23:27:09.039464Z", BOGOTA);
    expect(withOffset).toEqual(withZ);
    expect(parseTimestamp("2024-09-11T23:27:09+0000", BOGOTA)).toMatchObject({
      ok: true,
      instant: { iso: "2024-09-11T23:27:09.000000Z" },
    });
  });

  it("reads a naive time in another configured zone, including daylight saving time", () => {
    // Madrid is UTC+2 in September (summer time) and UTC+1 in January.
    expect(parseTimestamp("2024-09-11 18:27:09", "Europe/Madrid")).toMatchObject({
      ok: true,
      instant: { iso: "2024-09-11T16:27:09.000000Z" },
    });
    expect(parseTimestamp("2024-01-11 18:27:09", "Europe/Madrid")).toMatchObject({
      ok: true,
      instant: { iso: "2024-01-11T17:27:09.000000Z" },
    });
  });

  it("accepts minutes-only times and a T separator", () => {
    expect(parseTimestamp("2024-09-11T18:27", BOGOTA)).toMatchObject({
      ok: true,
      instant: { iso: "2024-09-11T23:27:00.000000Z" },
    });
  });

  it.each([
    ["11/09/2024 18:27", "format"],
    ["2024-09-11", "format"],
    ["2024-09-11 18:27:09.1234567", "format"],
    ["yesterday", "format"],
    ["2024-02-30 10:00:00", "calendar"],
    ["2024-13-01 10:00:00", "calendar"],
    ["2024-09-11 24:00:00", "calendar"],
    ["1969-12-31 23:59:59", "calendar"],
    ["2024-09-11T10:00:00+15:00", "offset"],
  ] as const)("rejects %s (%s)", (text, reason) => {
    expect(parseTimestamp(text, BOGOTA)).toEqual({ ok: false, reason });
  });

  it("knows a leap day", () => {
    expect(parseTimestamp("2024-02-29 10:00:00", BOGOTA).ok).toBe(true);
    expect(parseTimestamp("2023-02-29 10:00:00", BOGOTA).ok).toBe(false);
  });

  it("validates time zone names", () => {
    expect(isValidTimeZone(BOGOTA)).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("hour buckets in the business zone", () => {
  it("labels an instant with its Bogota hour and offset", () => {
    expect(hourBucket(Date.parse("2024-09-11T23:27:09Z"), BOGOTA)).toBe("2024-09-11T18:00:00-05:00");
  });

  it("puts a delivery at 23:59 and one at 00:01 Bogota time in different days' buckets across midnight", () => {
    const beforeMidnight = parseTimestamp("2024-09-11 23:59:59.999999", BOGOTA);
    const afterMidnight = parseTimestamp("2024-09-12 00:00:00.000001", BOGOTA);
    if (!beforeMidnight.ok || !afterMidnight.ok) throw new Error("unparsed");
    expect(hourBucket(beforeMidnight.instant.epochMs, BOGOTA)).toBe("2024-09-11T23:00:00-05:00");
    expect(hourBucket(afterMidnight.instant.epochMs, BOGOTA)).toBe("2024-09-12T00:00:00-05:00");
    // In UTC both are on 2024-09-12: the bucket follows the business day, not UTC's.
    expect(beforeMidnight.instant.iso.startsWith("2024-09-12")).toBe(true);
  });

  it("lists a window of hours ending with the current one, across midnight", () => {
    expect(hourBucketsEndingAt(Date.parse("2024-09-12T06:30:00Z"), 3, BOGOTA)).toEqual([
      "2024-09-11T23:00:00-05:00",
      "2024-09-12T00:00:00-05:00",
      "2024-09-12T01:00:00-05:00",
    ]);
  });

  it("never repeats or skips an hour when daylight saving time ends", () => {
    // Madrid leaves summer time at 03:00 CEST on 2024-10-27: 02:00-02:59 happens twice, with different offsets.
    // 02:30Z is 03:30 CET, four hours back is 00:30Z = 02:30 CEST.
    const hours = hourBucketsEndingAt(Date.parse("2024-10-27T02:30:00Z"), 4, "Europe/Madrid");
    expect(hours).toEqual([
      "2024-10-27T01:00:00+02:00",
      "2024-10-27T02:00:00+02:00",
      "2024-10-27T02:00:00+01:00",
      "2024-10-27T03:00:00+01:00",
    ]);
  });

  it("writes instants in UTC with microseconds", () => {
    expect(instantFromEpochMs(Date.parse("2024-09-11T23:27:09.039Z")).iso).toBe("2024-09-11T23:27:09.039000Z");
  });
});
