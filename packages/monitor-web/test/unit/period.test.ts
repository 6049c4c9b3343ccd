import { describe, expect, it } from "vitest";
import { DEFAULT_PERIOD, describePeriod, monitorPath, parsePeriod, periodLabel, PERIODS } from "../../src/period.js";

describe("the period selector", () => {
  it("offers today, the last 7 days, the last 30 days and all time, all time first chosen", () => {
    expect(PERIODS).toEqual(["today", "7d", "30d", "all"]);
    expect(DEFAULT_PERIOD).toBe("all");
  });

  it("asks the monitor for the period by name", () => {
    expect(monitorPath("today")).toBe("/monitor?period=today");
    expect(monitorPath("7d")).toBe("/monitor?period=7d");
    expect(monitorPath("all")).toBe("/monitor?period=all");
  });

  it("falls back to all time for a remembered value it does not know", () => {
    expect(parsePeriod("7d")).toBe("7d");
    expect(parsePeriod("yesterday")).toBe("all");
    expect(parsePeriod(undefined)).toBe("all");
  });

  it("names each period in both languages", () => {
    expect(PERIODS.map((p) => periodLabel(p, "es"))).toEqual(["Hoy", "Últimos 7 días", "30 días", "Todo"]);
    expect(PERIODS.map((p) => periodLabel(p, "en"))).toEqual(["Today", "Last 7 days", "30 days", "All time"]);
  });

  it("describes the hours the API says a period covers, in the business zone", () => {
    const today = { name: "today" as const, from: "2026-11-29T00:00:00-05:00", to: "2026-11-30T00:00:00-05:00" };
    expect(describePeriod(today, "America/Bogota", 15, "es")).toBe("29/11 00h – 30/11 00h (America/Bogota)");
    expect(
      describePeriod({ name: "all", from: null, to: "2026-11-30T00:00:00-05:00" }, "America/Bogota", 24, "en"),
    ).toBe("Since the first order (hours: last 24)");
  });

  it("claims nothing about the range when the API does not report one", () => {
    expect(describePeriod(undefined, "America/Bogota", 24, "es")).toBe("");
  });
});
