import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildApp } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

/**
 * What moved from the domain into the HTTP contract (the domain takes typed commands only): reading the monitor's query from URL text, the
 * path parameter of GET /orders/{id}, and 405 from the routes themselves. Every refusal is the problem document
 * the domain's refusals have always produced, never the validator's own JSON.
 */
describe("the monitor's query string", () => {
  const get = async (query: string) => {
    const { app } = buildApp({ verifier: ids.verifier });
    return app.request(`/monitor${query}`, { headers: bearer(ids.supervisor) });
  };

  it("reads whole numbers from their text", async () => {
    const response = await get("?top=5&couriers=1000&hours=168");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { hourly: { hours: unknown[] } }).hourly.hours).toHaveLength(168);
    expect((await get("?period=7d&top=100&couriers=1")).status).toBe(200);
  });

  it.each([
    ["?top=0", "top", "top must be at least 1"],
    ["?top=101", "top", "top must be at most 100"],
    ["?top=abc", "top", "top must be a whole number"],
    ["?top=2.5", "top", "top must be a whole number"],
    ["?top=1&top=2", "top", "top must be a whole number"],
    ["?couriers=0", "couriers", "couriers must be at least 1"],
    ["?couriers=1001", "couriers", "couriers must be at most 1000"],
    ["?hours=0", "hours", "hours must be at least 1"],
    ["?hours=169", "hours", "hours must be at most 168"],
    ["?period=week", "period", "period must be one of today, 7d, all"],
    ["?period=today&hours=3", "hours", "hours applies only to period=all; period=today covers its own hours"],
    ["?period=7d&hours=3", "hours", "hours applies only to period=all; period=7d covers its own hours"],
    ["?colour=red", "colour", "colour is not a known parameter"],
  ])("refuses %s naming %s, as an RFC 9457 problem", async (query, path, message) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      type: "urn:cargo-express:problem:invalid-input",
      title: "The request is not valid",
      status: 400,
      detail: "1 invalid field; see errors",
      instance: "/monitor",
      requestId: expect.any(String),
      errors: [{ path, message }],
    });
    expect(Object.keys(body)).toEqual(["type", "title", "status", "detail", "instance", "requestId", "errors"]);
  });

  it("lists every invalid parameter at once, in the order of the contract", async () => {
    const response = await get("?couriers=0&top=abc&period=week&x=1");
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
      { path: "period", message: "period must be one of today, 7d, all" },
      { path: "top", message: "top must be a whole number" },
      { path: "couriers", message: "couriers must be at least 1" },
      { path: "x", message: "x is not a known parameter" },
    ]);
  });

  it("checks sign-in before the query", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    expect((await app.request("/monitor?top=0")).status).toBe(401);
  });
});

describe("GET /orders/{id}", () => {
  it("refuses an id no order can have in the words of the id, as before", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request(`/orders/${"x".repeat(65)}`, { headers: bearer(ids.supervisor) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
      { path: "id", message: "the order id must be at most 64 characters" },
    ]);
    const encoded = await app.request("/orders/a%20b", { headers: bearer(ids.supervisor) });
    expect(((await encoded.json()) as { errors: unknown[] }).errors).toEqual([
      {
        path: "id",
        message: "the order id may contain only letters, digits and . _ : - (starting with a letter or digit)",
      },
    ]);
  });
});

describe("405", () => {
  it("answers every routed path asked with another method, with Allow computed from the routes", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const methods = new Map<string, Set<string>>();
    for (const route of app.routes)
      if (route.method !== "ALL") methods.set(route.path, (methods.get(route.path) ?? new Set()).add(route.method));
    expect([...methods.keys()].sort()).toEqual([
      "/catalog",
      "/catalog/couriers/:id",
      "/catalog/history",
      "/catalog/products/:id",
      "/docs",
      "/exports",
      "/exports/:id",
      "/health",
      "/monitor",
      "/monitor/daily",
      "/monitor/status",
      "/openapi.json",
      "/order/registrar_pedido_entregado",
      "/orders",
      "/orders/:id",
      "/orders/:id/corrections",
      "/orders/:id/void",
    ]);
    for (const [path, allowed] of methods) {
      const response = await app.request(path.replace(":id", "o-1"), { method: "DELETE" });
      expect(response.status, path).toBe(405);
      const expected = [...allowed].flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
      expect(response.headers.get("allow"), path).toBe(expected.join(", "));
    }
    expect((await app.request("/nowhere", { method: "DELETE" })).status).toBe(404);
  });
});
