import { FixedClock } from "@cargo-express/adapters-memory";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrdersPageResponseSchema } from "../src/contract/orders-list-schemas.js";
import { OrderResponseSchema } from "../src/index.js";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

/** Orders on 2024-09-10 and 11 (Bogota) by couriers 101 and 106, and one on the 12th. */
async function appWithOrders() {
  // Received the day after the last delivery: a receipt time of its own, not the machine's clock.
  const harness = buildApp({
    verifier: ids.verifier,
    receiptClock: new FixedClock(Date.parse("2024-09-13T00:00:00Z")),
  });
  const payloads = [
    { at: "2024-09-10T08:00:00-05:00", courier: 101, product: "pk0001" },
    { at: "2024-09-10T23:59:59-05:00", courier: 106, product: "pk0004" },
    { at: "2024-09-11T09:30:00-05:00", courier: 106, product: "pk0001" },
    { at: "2024-09-11T10:00:00-05:00", courier: 101, product: "pk0004" },
    { at: "2024-09-12T00:00:00-05:00", courier: 101, product: "pk0001" },
  ].map(({ at, courier, product }) => ({
    ...OrderMother.withProducts([
      { IdProducto: product, producto: 'Nombre, con "comillas"', precio: 1.5, cantidad: 2 },
      { IdProducto: "pk0009", producto: "Goma", precio: 0.2 },
    ]),
    repartidor: { IdRepartidor: courier, Nombre: `Repartidor ${courier}` },
    timestamp: at,
  }));
  for (const payload of payloads) {
    const response = await harness.app.request("/orders", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(201);
  }
  return { ...harness, ids: payloads.map((p) => p.pedido_id) };
}

const list = async (app: ReturnType<typeof buildApp>["app"], query: string) => {
  const response = await app.request(`/orders?${query}`, { headers: bearer(ids.supervisor) });
  expect(response.status, query).toBe(200);
  return OrdersPageResponseSchema.parse(await response.json());
};

describe("GET /orders", () => {
  it("lists a range of business days newest first, each order as GET /orders/{id} answers it", async () => {
    const { app, ids: orderIds } = await appWithOrders();
    const page = await list(app, "from=2024-09-10&to=2024-09-11");
    expect(page.orders.map((o) => o.id)).toEqual([orderIds[3], orderIds[2], orderIds[1], orderIds[0]]);
    expect(page.nextCursor).toBeNull();
    const one = await app.request(`/orders/${orderIds[3]}`, { headers: bearer(ids.supervisor) });
    expect(page.orders[0]).toEqual(OrderResponseSchema.parse(await one.json()));
    // `to` defaults to `from`.
    expect((await list(app, "from=2024-09-12")).orders.map((o) => o.id)).toEqual([orderIds[4]]);
  });

  it("filters by courier (leading zeros ignored) and by product, and pages with an opaque cursor", async () => {
    const { app, ids: orderIds } = await appWithOrders();
    expect((await list(app, "from=2024-09-10&to=2024-09-12&courier=0106")).orders.map((o) => o.id)).toEqual([
      orderIds[2],
      orderIds[1],
    ]);
    expect((await list(app, "from=2024-09-10&to=2024-09-12&product=pk0004")).orders.map((o) => o.id)).toEqual([
      orderIds[3],
      orderIds[1],
    ]);
    const first = await list(app, "from=2024-09-10&to=2024-09-12&limit=2");
    expect(first.orders.map((o) => o.id)).toEqual([orderIds[4], orderIds[3]]);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await list(app, `from=2024-09-10&to=2024-09-12&limit=2&cursor=${first.nextCursor}`);
    expect(second.orders.map((o) => o.id)).toEqual([orderIds[2], orderIds[1]]);
    const third = await list(app, `from=2024-09-10&to=2024-09-12&limit=2&cursor=${second.nextCursor}`);
    expect(third.orders.map((o) => o.id)).toEqual([orderIds[0]]);
    expect(third.nextCursor).toBeNull();
  });

  it("refuses a cursor altered or given out for another query, naming cursor", async () => {
    const { app } = await appWithOrders();
    const { nextCursor } = await list(app, "from=2024-09-10&to=2024-09-12&limit=1");
    const decoded = JSON.parse(Buffer.from(nextCursor!, "base64url").toString("utf8"));
    const forged = (change: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...decoded, ...change })).toString("base64url");
    const refusals = [
      `from=2024-09-10&to=2024-09-12&cursor=${nextCursor!.slice(0, -2)}`,
      `from=2024-09-10&to=2024-09-12&cursor=${nextCursor}x`,
      `from=2024-09-10&to=2024-09-11&cursor=${nextCursor}`,
      `from=2024-09-10&to=2024-09-12&courier=106&cursor=${nextCursor}`,
      `from=2024-09-10&to=2024-09-12&cursor=${forged({ at: "2024-09-30T00:00:00.000000Z" })}`,
      `from=2024-09-10&to=2024-09-12&cursor=${forged({ at: "2024-09-11T00:00:00Z" })}`,
      `from=2024-09-10&to=2024-09-12&cursor=${forged({ extra: 1 })}`,
      `from=2024-09-10&to=2024-09-12&cursor=${forged({ v: 2 })}`,
      "from=2024-09-10&to=2024-09-12&cursor=%E2%82%AC",
    ];
    for (const query of refusals) {
      const body = await expectProblem(
        await app.request(`/orders?${query}`, { headers: bearer(ids.supervisor) }),
        400,
        "invalid-input",
      );
      expect(
        body.errors!.map((issue) => issue.path),
        query,
      ).toEqual(["cursor"]);
    }
  });

  it.each([
    ["from=2024-02-30", "from"],
    ["from=2024-09-01&to=2024-09-31", "to"],
    ["to=2024-09-01", "from"],
    ["from=2024-09-01&to=2024-10-02", "to"],
    ["from=2024-09-10&to=2024-09-09", "to"],
    ["from=2024-09-10&limit=0", "limit"],
    ["from=2024-09-10&limit=501", "limit"],
    ["from=2024-09-10&limit=ten", "limit"],
    ["from=2024-09-10&courier=abc", "courier"],
    ["from=2024-09-10&product=a%20b", "product"],
    ["from=2024-09-10&page=2", "page"],
  ])("refuses %s with a 400 naming %s", async (query, field) => {
    const { app } = buildApp({ verifier: ids.verifier });
    const body = await expectProblem(
      await app.request(`/orders?${query}`, { headers: bearer(ids.supervisor) }),
      400,
      "invalid-input",
    );
    expect(body.errors!.map((issue) => issue.path)).toEqual([field]);
  });

  it("takes 31 days and 500 orders a page at most", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    expect((await list(app, "from=2024-09-01&to=2024-10-01&limit=500")).orders).toEqual([]);
  });

  it("is for supervisors only: 401 without a token, 403 for couriers and dispatchers", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const path = "/orders?from=2024-09-10";
    await expectProblem(await app.request(path), 401, "unauthenticated");
    await expectProblem(await app.request(path, { headers: bearer(ids.courier) }), 403, "forbidden");
    await expectProblem(await app.request(path, { headers: bearer(ids.dispatcher) }), 403, "forbidden");
  });
});
