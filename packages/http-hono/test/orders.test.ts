import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderResponseSchema } from "../src/index.js";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

const post = (app: ReturnType<typeof buildApp>["app"], body: unknown, token = ids.courier) =>
  app.request("/orders", {
    method: "POST",
    headers: jsonHeaders(token),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("POST /orders", () => {
  it("stores a new order: 201, Location, exact money as decimal strings and cents", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await post(app, OrderMother.sample());

    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/orders/03f4e0fb-1775-4b7f-88c7-96ddaa07600b");
    const body = OrderResponseSchema.parse(await response.json());
    expect(body).toMatchObject({
      id: "03f4e0fb-1775-4b7f-88c7-96ddaa07600b",
      courier: { id: "106", name: "Pedro Gómez" },
      total: "18.50",
      totalCents: 1850,
      units: 3,
      deliveredAt: "2024-09-11T23:27:09.039464Z",
    });
    expect(body.lines[2]).toEqual({
      productId: "pk0009",
      productName: "Goma de borrar",
      unitPrice: "0.50",
      unitPriceCents: 50,
      quantity: 1,
      lineTotal: "0.50",
      lineTotalCents: 50,
    });
  });

  it("answers a replay of the same order with 200 and the same body, storing it once", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random();
    const first = await post(app, order);
    const again = await post(app, order);

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.headers.get("location")).toBeNull();
    expect(await again.json()).toEqual(await first.json());
    expect(repository.all()).toHaveLength(1);
  });

  it("refuses a different order under an existing id with 409 and keeps the original", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random({ lines: 2 });
    await post(app, order);
    const changed = {
      ...order,
      productos: [...order.productos, { IdProducto: "pk0001", producto: "Moneda", precio: 1 }],
    };

    const body = await expectProblem(await post(app, changed), 409, "conflict");
    expect(body.detail).toContain(order.pedido_id);
    expect(repository.all()[0]!.lines).toHaveLength(2);
  });

  it("lists every invalid field path in one 400", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.sample();
    const bad = {
      ...order,
      repartidor: { IdRepartidor: -1, Nombre: "" },
      productos: [
        order.productos[0],
        { ...order.productos[1], precio: 0.001 },
        { IdProducto: "x", producto: "y", precio: "abc" },
      ],
      timestamp: "yesterday",
    };

    const body = await expectProblem(await post(app, bad), 400, "invalid-input");
    const paths = body.errors!.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "repartidor.IdRepartidor",
        "repartidor.Nombre",
        "productos[1].precio",
        "productos[2].precio",
        "timestamp",
      ]),
    );
  });

  it("answers a body that is not an object with 400", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const body = await expectProblem(await post(app, "[1,2]"), 400, "invalid-input");
    expect(body.errors!.length).toBeGreaterThan(0);
  });

  it.each([
    ["malformed JSON", '{"pedido_id": '],
    ["an empty body", ""],
  ])("answers %s with 400 malformed-json", async (_name, text) => {
    const { app } = buildApp({ verifier: ids.verifier });
    await expectProblem(await post(app, text), 400, "malformed-json");
  });

  it("answers a body that is not UTF-8 with 400 malformed-json", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/orders", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    await expectProblem(response, 400, "malformed-json");
  });

  it.each([
    ["text/plain", "text/plain"],
    ["form data", "application/x-www-form-urlencoded"],
    ["no content type", undefined],
  ])("answers %s with 415", async (_name, contentType) => {
    const { app } = buildApp({ verifier: ids.verifier });
    const headers: Record<string, string> = {
      ...bearer(ids.courier),
      ...(contentType ? { "content-type": contentType } : {}),
    };
    const response = await app.request("/orders", {
      method: "POST",
      headers,
      body: JSON.stringify(OrderMother.sample()),
    });
    await expectProblem(response, 415, "unsupported-media-type");
  });

  it("accepts JSON with a charset parameter", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/orders", {
      method: "POST",
      headers: { ...bearer(ids.courier), "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(OrderMother.random()),
    });
    expect(response.status).toBe(201);
  });

  it("answers a body above the limit with 413", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const big = { ...OrderMother.sample(), padding: "x".repeat(64 * 1024) };
    await expectProblem(await post(app, big), 413, "payload-too-large");
  });

  it("counts a streamed body without Content-Length against the limit", async () => {
    const { app } = buildApp({ verifier: ids.verifier, bodyLimitBytes: 1024 });
    const chunk = new TextEncoder().encode(`{"padding":"${"x".repeat(600)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const request = new Request("http://localhost/orders", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    await expectProblem(await app.request(request), 413, "payload-too-large");
  });

  it("does not trust an understated Content-Length", async () => {
    const { app } = buildApp({ verifier: ids.verifier, bodyLimitBytes: 1024 });
    const response = await app.request("/orders", {
      method: "POST",
      headers: { ...jsonHeaders(ids.courier), "content-length": "10" },
      body: JSON.stringify({ padding: "x".repeat(2000) }),
    });
    await expectProblem(response, 413, "payload-too-large");
  });

  it("requires sign-in (401) and the couriers group (403)", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const anonymous = await app.request("/orders", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expectProblem(anonymous, 401, "unauthenticated");
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);

    await expectProblem(await post(app, OrderMother.random(), ids.supervisor), 403, "forbidden");
  });

  it("checks the token before reading the body", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/orders", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x".repeat(100_000),
    });
    await expectProblem(response, 401, "unauthenticated");
  });

  it("answers other methods with 405 and Allow", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    // GET /orders is the supervisors' list (orders-list.test.ts).
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const response = await app.request("/orders", { method, headers: bearer(ids.both) });
      await expectProblem(response, 405, "method-not-allowed");
      expect(response.headers.get("allow")).toBe("POST, GET, HEAD");
    }
  });
});

describe("GET /orders/:id", () => {
  it("returns a stored order (200) to a supervisor, the same as POST answered, with its history and ETag", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const order = OrderMother.random();
    const created = (await (await post(app, order)).json()) as Record<string, unknown>;

    const response = await app.request(`/orders/${order.pedido_id}`, { headers: bearer(ids.supervisor) });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${order.pedido_id}.r1"`);
    expect(await response.json()).toEqual({
      ...created,
      history: [{ revision: 1, action: "created", at: created.receivedAt, by: "demo-user" }],
    });
  });

  it("answers an unknown id with 404", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const body = await expectProblem(
      await app.request("/orders/no-such-order", { headers: bearer(ids.supervisor) }),
      404,
      "not-found",
    );
    expect(body.detail).toContain("no-such-order");
  });

  it("answers an id that cannot exist with 400", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const body = await expectProblem(
      await app.request(`/orders/${"a".repeat(65)}`, { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(body.errors![0]!.path).toBe("id");
  });

  it("requires sign-in (401) and the supervisors group (403)", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await expectProblem(await app.request("/orders/x"), 401, "unauthenticated");
    await expectProblem(await app.request("/orders/x", { headers: bearer(ids.courier) }), 403, "forbidden");
  });

  it("answers POST with 405 and Allow: GET, HEAD", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/orders/x", { method: "POST", headers: jsonHeaders(ids.both), body: "{}" });
    await expectProblem(response, 405, "method-not-allowed");
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
