import { FixedClock } from "@cargo-express/adapters-memory";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DailySeriesResponseSchema } from "../src/contract/daily-schemas.js";
import { MonitorReportResponseSchema } from "../src/index.js";
import { bearer, buildApp, jsonHeaders, NOW } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

/** Three orders on 2024-09-11 (Bogota), one on 2024-09-09; the monitor's "today" is 2024-09-11. */
async function appWithOrders() {
  // Received at the monitor's NOW, so the delivery times are hours to days before their receipt.
  const harness = buildApp({ verifier: ids.verifier, receiptClock: new FixedClock(NOW) });
  const orders = [
    { ...OrderMother.withProducts([{ IdProducto: "pk0004", producto: "Pendrive", precio: 12, cantidad: 2 }]) },
    { ...OrderMother.withProducts([{ IdProducto: "pk0010", producto: "Clip", precio: 0.1, cantidad: 3 }]) },
    { ...OrderMother.random({ at: NOW - 60 * 60_000 }) },
    {
      ...OrderMother.withProducts([{ IdProducto: "pk0009", producto: "Goma", precio: 0.2 }]),
      timestamp: "2024-09-09T10:00:00-05:00",
    },
  ].map((order, i) => (i < 2 ? { ...order, timestamp: "2024-09-11T08:15:00-05:00" } : order));
  for (const order of orders) {
    const response = await harness.app.request("/orders", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify(order),
    });
    expect(response.status).toBe(201);
  }
  await harness.project();
  return harness;
}

describe("GET /monitor/daily", () => {
  it("answers every day of the range, zeros included, adding up to the monitor's figures to the cent", async () => {
    const { app } = await appWithOrders();
    const response = await app.request("/monitor/daily?from=2024-09-08&to=2024-09-11", {
      headers: bearer(ids.supervisor),
    });
    expect(response.status).toBe(200);
    const series = DailySeriesResponseSchema.parse(await response.json());
    expect(series.days.map((d) => d.day)).toEqual(["2024-09-08", "2024-09-09", "2024-09-10", "2024-09-11"]);
    expect(series.days[0]).toEqual({ day: "2024-09-08", orders: 0, units: 0, revenue: "0.00", revenueCents: 0 });
    expect(series.days[1]).toEqual({ day: "2024-09-09", orders: 1, units: 1, revenue: "0.20", revenueCents: 20 });
    expect(series.timeZone).toBe("America/Bogota");
    const today = MonitorReportResponseSchema.parse(
      await (await app.request("/monitor?period=today", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(series.days[3]).toEqual({ day: "2024-09-11", ...today.totals });
    const all = MonitorReportResponseSchema.parse(
      await (await app.request("/monitor", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(series.days.reduce((sum, d) => sum + d.revenueCents, 0)).toBe(all.totals.revenueCents);
    expect(series.days.reduce((sum, d) => sum + d.orders, 0)).toBe(all.totals.orders);
  });

  it("takes one day when to is left out, and up to 400 days", async () => {
    const { app } = await appWithOrders();
    const one = DailySeriesResponseSchema.parse(
      await (await app.request("/monitor/daily?from=2024-09-09", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(one.days).toEqual([{ day: "2024-09-09", orders: 1, units: 1, revenue: "0.20", revenueCents: 20 }]);
    const year = DailySeriesResponseSchema.parse(
      await (
        await app.request("/monitor/daily?from=2023-08-08&to=2024-09-10", { headers: bearer(ids.supervisor) })
      ).json(),
    );
    expect(year.days).toHaveLength(400);
  });

  it.each([
    ["from=2024-02-30", "from"],
    ["from=2024-09-01&to=2024-13-01", "to"],
    ["from=11-09-2024", "from"],
    ["to=2024-09-01", "from"],
    ["from=2024-09-10&to=2024-09-09", "to"],
    ["from=2023-08-08&to=2024-09-11", "to"],
    ["from=2024-09-10&extra=1", "extra"],
  ])("refuses %s with a 400 naming %s", async (query, field) => {
    const { app } = buildApp({ verifier: ids.verifier });
    const body = await expectProblem(
      await app.request(`/monitor/daily?${query}`, { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(body.errors!.map((issue) => issue.path)).toEqual([field]);
  });

  it("is for supervisors only: 401 without a token, 403 for couriers and dispatchers", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const path = "/monitor/daily?from=2024-09-10";
    await expectProblem(await app.request(path), 401, "unauthenticated");
    await expectProblem(await app.request(path, { headers: bearer(ids.courier) }), 403, "forbidden");
    await expectProblem(await app.request(path, { headers: bearer(ids.dispatcher) }), 403, "forbidden");
  });
});
