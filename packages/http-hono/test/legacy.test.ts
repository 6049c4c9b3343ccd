import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LegacyOrderAcceptedSchema, MonitorReportResponseSchema } from "../src/index.js";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

const LEGACY_POST = "/order/registrar_pedido_entregado";

describe("POST /order/registrar_pedido_entregado (the existing client's route)", () => {
  const post = (app: ReturnType<typeof buildApp>["app"], body: unknown, token = ids.courier) =>
    app.request(LEGACY_POST, {
      method: "POST",
      headers: jsonHeaders(token),
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("answers the brief's sample order with 200 { oder_id, order_id, timestamp }", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const response = await post(app, OrderMother.sample());

    expect(response.status).toBe(200);
    expect(LegacyOrderAcceptedSchema.strict().parse(await response.json())).toEqual({
      oder_id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
      order_id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
      timestamp: "2024-09-11T23:27:09.039464Z",
    });
    expect(repository.all().map((order) => order.total)).toEqual([1850]);
  });

  it("answers a replay with the same 200 body and stores the order once", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random();
    const first = await (await post(app, order)).json();
    const again = await post(app, order);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(repository.all()).toHaveLength(1);
  });

  it("shares idempotency with POST /orders: the same order on either route is one order", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random();
    expect(
      (await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: JSON.stringify(order) }))
        .status,
    ).toBe(201);
    expect((await post(app, order)).status).toBe(200);
    expect(repository.all()).toHaveLength(1);
  });

  it("refuses a different order under an existing id with 409", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random();
    await post(app, order);
    await expectProblem(await post(app, { ...order, timestamp: "2024-09-12 08:00:00" }), 409, "conflict");
  });

  it("answers invalid input, malformed JSON, a wrong media type and a large body like POST /orders", async () => {
    const { app } = buildApp({ verifier: ids.verifier, bodyLimitBytes: 2048 });
    const invalid = await expectProblem(
      await post(app, { ...OrderMother.sample(), productos: [] }),
      400,
      "invalid-input",
    );
    expect(invalid.errors!.map((issue) => issue.path)).toContain("productos");
    await expectProblem(await post(app, "{nope"), 400, "malformed-json");
    await expectProblem(
      await app.request(LEGACY_POST, {
        method: "POST",
        headers: { ...bearer(ids.courier), "content-type": "text/plain" },
        body: "{}",
      }),
      415,
      "unsupported-media-type",
    );
    await expectProblem(await post(app, { padding: "x".repeat(4096) }), 413, "payload-too-large");
  });

  it("requires sign-in (401) and the couriers group (403); GET is 405", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await expectProblem(await app.request(LEGACY_POST, { method: "POST", body: "{}" }), 401, "unauthenticated");
    await expectProblem(await post(app, OrderMother.random(), ids.supervisor), 403, "forbidden");
    const get = await app.request(LEGACY_POST, { headers: bearer(ids.both) });
    await expectProblem(get, 405, "method-not-allowed");
    expect(get.headers.get("allow")).toBe("POST");
  });
});

describe("GET /monitor/status (the existing client's route)", () => {
  it('answers 404 with "error": "No orders registered" before any order', async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const body = await expectProblem(
      await app.request("/monitor/status", { headers: bearer(ids.supervisor) }),
      404,
      "not-found",
    );
    expect(body.error).toBe("No orders registered");
  });

  it("answers 200 with the report once orders are recorded", async () => {
    const { app, project } = buildApp({ verifier: ids.verifier });
    await app.request(LEGACY_POST, {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify(OrderMother.sample()),
    });
    await project();

    const response = await app.request("/monitor/status", { headers: bearer(ids.supervisor) });
    expect(response.status).toBe(200);
    const report = MonitorReportResponseSchema.parse(await response.json());
    expect(report.totals).toEqual({ orders: 1, units: 3, revenue: "18.50", revenueCents: 1850 });
  });

  it("requires sign-in (401) and the supervisors group (403); POST is 405", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await expectProblem(await app.request("/monitor/status"), 401, "unauthenticated");
    await expectProblem(await app.request("/monitor/status", { headers: bearer(ids.courier) }), 403, "forbidden");
    const response = await app.request("/monitor/status", {
      method: "POST",
      headers: jsonHeaders(ids.both),
      body: "{}",
    });
    await expectProblem(response, 405, "method-not-allowed");
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
