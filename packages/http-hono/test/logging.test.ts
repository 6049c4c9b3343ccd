import { OrderMother } from "@cargo-express/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { capturingLogger } from "./support/logs.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

let logs: ReturnType<typeof capturingLogger>;
afterEach(() => logs.restore());

describe("access log", () => {
  it("writes one JSON entry per request: request id, method, route pattern, status, latency", async () => {
    logs = capturingLogger();
    const { app } = buildApp({ verifier: ids.verifier, logger: logs.logger });
    const order = OrderMother.random();
    await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: JSON.stringify(order) });
    const response = await app.request(`/orders/${order.pedido_id}`, { headers: bearer(ids.supervisor) });
    await app.request("/nowhere");
    await app.request("/health", { method: "POST" });

    const requests = logs.entries().filter((entry) => entry.message === "request");
    expect(requests.map((entry) => [entry.method, entry.route, entry.status])).toEqual([
      ["POST", "/orders", 201],
      ["GET", "/orders/:id", 200],
      ["GET", "(no route)", 404],
      // The 405 is Hono's method-not-allowed middleware turning the 404 into the answer: no route served it.
      ["POST", "(no route)", 405],
    ]);
    expect(requests[1]!.requestId).toBe(response.headers.get("x-request-id"));
    expect(new Set(requests.map((entry) => entry.requestId)).size).toBe(4);
    for (const entry of requests) {
      expect(entry).toMatchObject({ level: "INFO", service: "cargo-express-api" });
      expect(typeof entry.latencyMs).toBe("number");
    }
  });

  it("never logs tokens, names or order contents, even when the request fails", async () => {
    logs = capturingLogger();
    const { app } = buildApp({ verifier: ids.verifier, logger: logs.logger });
    const order = { ...OrderMother.random(), repartidor: { IdRepartidor: 107, Nombre: "Elena Rodríguez" } };
    await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: JSON.stringify(order) });
    await app.request("/orders", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify({ ...order, timestamp: "2020-01-01 00:00:00" }),
    });
    await app.request("/monitor", { headers: bearer(`${ids.supervisor}x`) });
    await app.request(`/orders/${order.pedido_id}?name=Elena`, { headers: bearer(ids.supervisor) });

    const raw = logs.raw();
    expect(logs.entries().length).toBeGreaterThanOrEqual(4);
    for (const secret of [
      ids.courier,
      ids.supervisor,
      ids.courier.split(".")[1]!,
      "Elena",
      "Rodr",
      order.pedido_id,
      "Bearer",
    ]) {
      expect(raw).not.toContain(secret);
    }
  });
});
