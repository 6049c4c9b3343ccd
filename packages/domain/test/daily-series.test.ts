import { describe, expect, it } from "vitest";
import { dayCount, daysBetween, GetDailySeries, isCalendarDay, nextDay, type Totals } from "../src/index.js";

const figures = new Map<string, Totals>([["2024-02-29", { orders: 2, units: 5, revenue: 1050 }]]);
const asked: string[][] = [];
const useCase = new GetDailySeries({
  daily: {
    totalsByDay: async (days) => {
      asked.push([...days]);
      return figures;
    },
  },
  timeZone: "America/Bogota",
});

describe("business days", () => {
  it("knows real dates from impossible ones", () => {
    expect(["2024-02-29", "1970-01-01", "2026-12-31"].every(isCalendarDay)).toBe(true);
    expect(["2023-02-29", "2024-13-01", "2024-1-01", "1969-12-31", "2024-09-11T00:00", ""].some(isCalendarDay)).toBe(
      false,
    );
  });

  it("counts days across months, leap years and DST-free UTC", () => {
    expect(daysBetween("2024-02-27", "2024-03-01")).toEqual(["2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(dayCount("2024-01-01", "2024-12-31")).toBe(366);
    expect(dayCount("2024-09-11", "2024-09-10")).toBe(0);
    expect(nextDay("2024-12-31")).toBe("2025-01-01");
  });
});

describe("GetDailySeries", () => {
  it("answers every day of the range, oldest first, zeros where the store has nothing", async () => {
    const result = await useCase.execute({ from: "2024-02-28", to: "2024-03-01" });
    expect(result).toEqual({
      ok: true,
      value: {
        timeZone: "America/Bogota",
        from: "2024-02-28",
        to: "2024-03-01",
        days: [
          { day: "2024-02-28", orders: 0, units: 0, revenue: 0 },
          { day: "2024-02-29", orders: 2, units: 5, revenue: 1050 },
          { day: "2024-03-01", orders: 0, units: 0, revenue: 0 },
        ],
      },
    });
    expect(asked.at(-1)).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
  });

  it("defaults to to from and takes up to 400 days", async () => {
    const one = await useCase.execute({ from: "2024-02-29" });
    expect(one.ok && one.value.days).toHaveLength(1);
    const most = await useCase.execute({ from: "2023-08-08", to: "2024-09-10" });
    expect(most.ok && most.value.days).toHaveLength(400);
  });

  it.each([
    [{ from: "2024-02-30" }, "from", "from must be a real date written YYYY-MM-DD"],
    [{ from: "2024-09-10", to: "2024-09-09" }, "to", "to must not be before from"],
    [
      { from: "2023-08-08", to: "2024-09-11" },
      "to",
      "the range may hold at most 400 days; from 2023-08-08 to 2024-09-11 is 401",
    ],
  ])("refuses %j naming %s, and reads nothing", async (query, path, message) => {
    const before = asked.length;
    expect(await useCase.execute(query)).toEqual({
      ok: false,
      error: { kind: "invalid", issues: [{ path, message }] },
    });
    expect(asked).toHaveLength(before);
  });
});
