import { describe, expect, it } from "vitest";
import type { ApiClient } from "../../src/api-call.js";
import { addDays, dayIn, daysAroundUtc, daysInRange, isDay, periodDays } from "../../src/business-days.js";
import { ordersQuery } from "../../src/ledger-api.js";
import { fetchRecentDays } from "../../src/recent-days.js";

describe("business days", () => {
  it("count and move across months, years and a leap day, whatever the browser's zone", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-12-06", -29)).toBe("2026-11-07");
    expect(daysInRange("2026-12-06", "2026-12-06")).toBe(1);
    expect(daysInRange("2026-11-07", "2026-12-06")).toBe(30);
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2026-12-6")).toBe(false);
  });

  it("tell the day it is in the business zone", () => {
    const now = Date.parse("2026-12-06T03:30:00Z");
    expect(dayIn(now, "America/Bogota")).toBe("2026-12-05");
    expect(dayIn(now, "Asia/Tokyo")).toBe("2026-12-06");
    expect(dayIn(now, "Pacific/Kiritimati")).toBe("2026-12-06");
    expect(daysAroundUtc(now)).toEqual({ from: "2026-12-05", to: "2026-12-07" });
  });

  it("turn a monitor period into the days of its orders; all time is the last 31", () => {
    expect(periodDays({ from: "2026-11-29T00:00:00-05:00", to: "2026-11-30T00:00:00-05:00" })).toEqual({
      from: "2026-11-29",
      to: "2026-11-29",
    });
    expect(periodDays({ from: "2026-11-23T00:00:00-05:00", to: "2026-11-30T00:00:00-05:00" })).toEqual({
      from: "2026-11-23",
      to: "2026-11-29",
    });
    expect(periodDays({ from: null, to: "2026-11-30T00:00:00-05:00" })).toEqual({
      from: "2026-10-30",
      to: "2026-11-29",
    });
  });
});

describe("the ledger's requests", () => {
  it("send only the filters that are set, then the cursor", () => {
    expect(ordersQuery({ from: "2026-12-01", to: "2026-12-06" })).toBe("from=2026-12-01&to=2026-12-06");
    expect(ordersQuery({ from: "2026-12-01", to: "2026-12-01", courier: "101", product: "pk 1&2" }, "abc+/=")).toBe(
      "from=2026-12-01&to=2026-12-01&courier=101&product=pk+1%262&cursor=abc%2B%2F%3D",
    );
  });

  it("keep the last days up to the business zone's today, which the answer's zone tells", async () => {
    const asked: string[] = [];
    const api = (timeZone: string): ApiClient => ({
      apiBaseUrl: "",
      fetch: async (input) => {
        const url = new URL(String(input), "http://page.test");
        asked.push(url.search);
        const days = [];
        for (let day = url.searchParams.get("from")!; day <= url.searchParams.get("to")!; day = addDays(day, 1))
          days.push({ day, orders: 1, units: 1, revenue: "1.00", revenueCents: 100 });
        return new Response(JSON.stringify({ timeZone, from: "", to: "", days }), { status: 200 });
      },
    });
    const now = Date.parse("2026-12-06T03:30:00Z");
    const bogota = await fetchRecentDays(api("America/Bogota"), "token", now, 30);
    expect(asked).toEqual(["?from=2026-11-06&to=2026-12-07"]);
    expect(bogota.kind === "ok" && [bogota.value.from, bogota.value.to, bogota.value.days.length]).toEqual([
      "2026-11-06",
      "2026-12-05",
      30,
    ]);
    const kiritimati = await fetchRecentDays(api("Pacific/Kiritimati"), "token", now, 1);
    expect(kiritimati.kind === "ok" && kiritimati.value.days.map((day) => day.day)).toEqual(["2026-12-06"]);
  });
});
