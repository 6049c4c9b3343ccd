import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MonitorReportResponseSchema } from "../src/index.js";
import { bearer, buildApp, jsonHeaders, NOW } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

async function appWithOrders() {
  const harness = buildApp({ verifier: ids.verifier });
  const orders = [
    OrderMother.withProducts([
      { IdProducto: "pk0004", producto: "Pendrive", precio: 12 },
      { IdProducto: "pk0004", producto: "Pendrive", precio: 12 },
    ]),
    OrderMother.withProducts([{ IdProducto: "pk0010", producto: "Clip sujetapapeles", precio: 0.2 }]),
    {
      ...OrderMother.random({ at: NOW - 30 * 60_000 }),
      repartidor: { IdRepartidor: 101, Nombre: "María López" },
      productos: [{ IdProducto: "pk0009", producto: "Goma de borrar", precio: 0.5, cantidad: 3 }],
    },
  ];
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

describe("GET /monitor", () => {
  it("reports products by units, couriers by money, deliveries per hour and exact totals", async () => {
    const { app } = await appWithOrders();
    const response = await app.request("/monitor", { headers: bearer(ids.supervisor) });

    expect(response.status).toBe(200);
    const report = MonitorReportResponseSchema.parse(await response.json());
    expect(report.products.map((p) => [p.productId, p.units, p.revenue])).toEqual([
      ["pk0009", 3, "1.50"],
      ["pk0004", 2, "24.00"],
      ["pk0010", 1, "0.20"],
    ]);
    expect(report.couriers.map((c) => [c.courierId, c.revenue, c.revenueCents, c.ordersDelivered])).toEqual([
      ["106", "24.20", 2420, 2],
      ["101", "1.50", 150, 1],
    ]);
    expect(report.totals).toEqual({ orders: 3, units: 6, revenue: "25.70", revenueCents: 2570 });
    expect(report.hourly.hours).toHaveLength(24);
    expect(report.hourly.couriers.find((row) => row.courierId === "101")!.total).toBe(1);
    expect(report.timeZone).toBe("America/Bogota");
  });

  it("takes a validated window: ?hours=3", async () => {
    const { app } = await appWithOrders();
    const report = MonitorReportResponseSchema.parse(
      await (await app.request("/monitor?hours=3&top=1", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(report.hourly.hours).toHaveLength(3);
    expect(report.products).toHaveLength(1);
  });

  it("lists every invalid query parameter in one 400", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const body = await expectProblem(
      await app.request("/monitor?hours=0&top=lots", { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(body.errors!.map((issue) => issue.path).sort()).toEqual(["hours", "top"]);
  });

  it("refuses unknown and repeated parameters with 400", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const unknown = await expectProblem(
      await app.request("/monitor?colour=red", { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(unknown.errors![0]!.path).toBe("colour");
    const repeated = await expectProblem(
      await app.request("/monitor?hours=1&hours=2", { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(repeated.errors![0]!.path).toBe("hours");
  });

  it("reports a period: ?period=today and ?period=7d cover their own business days and hours", async () => {
    const { app } = await appWithOrders();
    const today = MonitorReportResponseSchema.parse(
      await (await app.request("/monitor?period=today", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(today.period.name).toBe("today");
    expect(today.period.from).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00-05:00$/);
    expect(today.hourly.hours[0]).toBe(today.period.from);
    const all = MonitorReportResponseSchema.parse(
      await (await app.request("/monitor", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(all.period).toEqual({ name: "all", from: null, to: today.period.to });
    const week = MonitorReportResponseSchema.parse(
      await (await app.request("/monitor?period=7d", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(week.hourly.hours).toHaveLength(6 * 24 + today.hourly.hours.length);
    // Every order of the sample was delivered within the last 7 days, on one or two business days.
    expect(week.totals).toEqual(all.totals);
    const todays = today.totals.orders;
    expect(todays).toBeGreaterThan(0);
    expect(todays).toBeLessThanOrEqual(all.totals.orders);
  });

  it("refuses an unknown period and an hourly window beside a period of days with 400 problems naming the parameter", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const unknown = await expectProblem(
      await app.request("/monitor?period=week", { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(unknown.errors).toEqual([{ path: "period", message: "period must be one of today, 7d, all" }]);
    const both = await expectProblem(
      await app.request("/monitor?period=today&hours=3", { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(both.errors).toEqual([
      { path: "hours", message: "hours applies only to period=all; period=today covers its own hours" },
    ]);
  });

  it("answers a poll with 304 and no body while the report is unchanged, and 200 with a new ETag once it changes", async () => {
    const harness = await appWithOrders();
    const { app } = harness;
    const first = await app.request("/monitor?period=today", { headers: bearer(ids.supervisor) });
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const again = await app.request("/monitor?period=today", {
      headers: { ...bearer(ids.supervisor), "if-none-match": etag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    // Another period is another report.
    const other = await app.request("/monitor?period=all", {
      headers: { ...bearer(ids.supervisor), "if-none-match": etag! },
    });
    expect(other.status).toBe(200);

    const order = {
      ...OrderMother.random({ at: NOW - 60_000 }),
      repartidor: { IdRepartidor: 101, Nombre: "María López" },
    };
    expect(
      (await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: JSON.stringify(order) }))
        .status,
    ).toBe(201);
    await harness.project();
    const changed = await app.request("/monitor?period=today", {
      headers: { ...bearer(ids.supervisor), "if-none-match": etag! },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    // Sign-in is still checked first: a conditional request without a token is 401, not 304.
    await expectProblem(
      await app.request("/monitor?period=today", { headers: { "if-none-match": etag! } }),
      401,
      "unauthenticated",
    );
  });

  it("answers an empty system with 200 and zero totals (unlike the legacy route)", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const report = MonitorReportResponseSchema.parse(
      await (await app.request("/monitor", { headers: bearer(ids.supervisor) })).json(),
    );
    expect(report.totals).toEqual({ orders: 0, units: 0, revenue: "0.00", revenueCents: 0 });
  });

  it("requires sign-in (401) and the supervisors group (403); POST is 405", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await expectProblem(await app.request("/monitor"), 401, "unauthenticated");
    await expectProblem(await app.request("/monitor", { headers: bearer(ids.courier) }), 403, "forbidden");
    const response = await app.request("/monitor", { method: "POST", headers: jsonHeaders(ids.both), body: "{}" });
    await expectProblem(response, 405, "method-not-allowed");
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
