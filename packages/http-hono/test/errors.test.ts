import { DependencyUnavailableError, type MonitorQueries, type OrderRepository } from "@cargo-express/domain";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { capturingLogger } from "./support/logs.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

let logs: ReturnType<typeof capturingLogger> | undefined;
afterEach(() => logs?.restore());

/** The real in-memory repository, with its writes (or reads) failing the way an adapter reports an outage. */
const unavailable = (repository: OrderRepository, which: "saveIfAbsent" | "getById"): OrderRepository => {
  const down = (message: string, seconds?: number) => async () =>
    Promise.reject(new DependencyUnavailableError(message, seconds));
  const reads = which === "getById";
  return {
    saveIfAbsent: reads ? (order) => repository.saveIfAbsent(order) : down("orders table throttled", 2),
    getById: reads ? down("orders table unreachable") : (id) => repository.getById(id),
    getStored: reads ? down("orders table unreachable") : (id) => repository.getStored(id),
    findExisting: reads ? down("orders table unreachable") : (order) => repository.findExisting(order),
    void: (id, author) => repository.void(id, author),
    correct: (id, order, author, expected) => repository.correct(id, order, author, expected),
  };
};

describe("a dependency that is down", () => {
  it("answers POST /orders with 503 and Retry-After, and writes nothing", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier, orders: (r) => unavailable(r, "saveIfAbsent") });
    const response = await app.request("/orders", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify(OrderMother.random()),
    });
    await expectProblem(response, 503, "dependency-unavailable");
    expect(response.headers.get("retry-after")).toBe("2");
    expect(repository.all()).toEqual([]);
  });

  it("answers the legacy POST and GET /orders/:id with 503", async () => {
    const saving = buildApp({ verifier: ids.verifier, orders: (r) => unavailable(r, "saveIfAbsent") });
    const legacy = await saving.app.request("/order/registrar_pedido_entregado", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify(OrderMother.random()),
    });
    await expectProblem(legacy, 503, "dependency-unavailable");

    const reading = buildApp({ verifier: ids.verifier, orders: (r) => unavailable(r, "getById") });
    const response = await reading.app.request("/orders/some-order", { headers: bearer(ids.supervisor) });
    await expectProblem(response, 503, "dependency-unavailable");
    expect(response.headers.get("retry-after")).toBe("1");
  });

  it("answers both monitor routes with 503", async () => {
    const down: MonitorQueries = {
      read: async () => Promise.reject(new DependencyUnavailableError("projections unreachable", 3)),
    };
    const { app } = buildApp({ verifier: ids.verifier, monitor: () => down });
    for (const path of ["/monitor", "/monitor/status"]) {
      const response = await app.request(path, { headers: bearer(ids.supervisor) });
      await expectProblem(response, 503, "dependency-unavailable");
      expect(response.headers.get("retry-after")).toBe("3");
    }
  });
});

describe("an unexpected failure", () => {
  it("answers 500 as a problem that leaks nothing, and logs the error with the request id", async () => {
    logs = capturingLogger();
    const broken: OrderRepository = {
      saveIfAbsent: async () => Promise.reject(new Error("ECONNRESET internal-host-17:4040 secret detail")),
      getById: async () => undefined,
      getStored: async () => undefined,
      findExisting: async () => undefined,
      void: async () => Promise.reject(new Error("not used")),
      correct: async () => Promise.reject(new Error("not used")),
    };
    const { app } = buildApp({ verifier: ids.verifier, logger: logs.logger, orders: () => broken });
    const response = await app.request("/orders", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify(OrderMother.random()),
    });

    const body = await expectProblem(response, 500, "internal");
    expect(JSON.stringify(body)).not.toContain("secret");
    expect(JSON.stringify(body)).not.toContain("internal-host");
    const requestId = response.headers.get("x-request-id");
    expect(body.requestId).toBe(requestId);
    const errorLog = logs.entries().find((entry) => entry.message === "unexpected error");
    expect(errorLog).toMatchObject({
      level: "ERROR",
      requestId,
      error: { message: "ECONNRESET internal-host-17:4040 secret detail" },
    });
  });
});

describe("routes nobody asked for", () => {
  it.each(["/", "/nope", "/orders/a/b", "/monitor/other", "/orders/"])(
    "answers GET %s with a 404 problem",
    async (path) => {
      const { app } = buildApp({ verifier: ids.verifier });
      await expectProblem(await app.request(path, { headers: bearer(ids.both) }), 404, "not-found");
    },
  );

  it("answers HEAD on a GET route like GET without a body", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/health", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});

describe("GET /health", () => {
  it("answers 200 without sign-in", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers POST with 405", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/health", { method: "POST" });
    await expectProblem(response, 405, "method-not-allowed");
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
