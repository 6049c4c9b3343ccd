import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderRecordResponseSchema } from "../src/contract/order-revision-schemas.js";
import { OrdersPageResponseSchema } from "../src/contract/orders-list-schemas.js";
import { OrderResponseSchema } from "../src/contract/schemas.js";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { type LocalIdentities, startLocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

type App = ReturnType<typeof buildApp>["app"];

/** An app with one order placed by a courier's phone; the payload as the phone sent it. */
async function withOrder() {
  const harness = buildApp({ verifier: ids.verifier });
  const payload = OrderMother.random({ lines: 2 });
  const placed = await harness.app.request("/orders", {
    method: "POST",
    headers: jsonHeaders(ids.courier),
    body: JSON.stringify(payload),
  });
  expect(placed.status).toBe(201);
  return { ...harness, payload, id: payload.pedido_id };
}

type ChangeOptions = { token?: string; ifMatch?: string };

const change = (app: App, path: string, body: unknown, options: ChangeOptions) =>
  app.request(path, {
    method: "POST",
    headers: {
      ...jsonHeaders(options.token ?? ids.supervisor),
      ...(options.ifMatch === undefined ? {} : { "if-match": options.ifMatch }),
    },
    body: JSON.stringify(body),
  });

const voidOrder = (app: App, id: string, body: unknown, token = ids.supervisor) =>
  change(app, `/orders/${id}/void`, body, { token });

const voidIfMatch = (app: App, id: string, reason: string, ifMatch: string, token = ids.supervisor) =>
  change(app, `/orders/${id}/void`, { reason }, { token, ifMatch });

const correct = (app: App, id: string, body: unknown, options: ChangeOptions = {}) =>
  change(app, `/orders/${id}/corrections`, body, options);

const getOrder = (app: App, id: string) => app.request(`/orders/${id}`, { headers: bearer(ids.supervisor) });

/** An answer's order with its history, read by the contract's own schema (so the answer is what the docs say). */
const recordOf = async (response: Response) => OrderRecordResponseSchema.strict().parse(await response.json());

/** The phone's payload with one product's quantity changed: a correction's content. */
const withQuantity = (payload: ReturnType<typeof OrderMother.random>, cantidad: number) => ({
  ...payload,
  productos: [{ ...payload.productos[0]!, cantidad }, ...payload.productos.slice(1)],
});

describe("GET /orders/{id}", () => {
  it("answers the current revision with its status, history and ETag; the created entry has no reason", async () => {
    const { app, id } = await withOrder();
    const response = await getOrder(app, id);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${id}.r1"`);
    const body = await recordOf(response);
    expect(body).toMatchObject({ id, status: "active", revision: 1 });
    expect(body.history).toEqual([{ revision: 1, action: "created", at: body.receivedAt, by: "demo-user" }]);
  });
});

describe("POST /orders/{id}/void", () => {
  it("voids the order at the next revision, by the signed-in user, with the reason; again answers the same", async () => {
    const { app, id } = await withOrder();
    const response = await voidOrder(app, id, { reason: "  Pedido de prueba  " });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${id}.r2"`);
    const body = await recordOf(response);
    expect(body).toMatchObject({ id, status: "voided", revision: 2 });
    expect(body.history.map((entry) => entry.action)).toEqual(["created", "voided"]);
    expect(body.history[1]).toMatchObject({ revision: 2, by: "demo-user", reason: "Pedido de prueba" });
    expect(Date.parse(body.history[1]!.at)).toBeGreaterThan(Date.now() - 60_000);

    const again = await voidOrder(app, id, { reason: "otra razón" });
    expect(again.status).toBe(200);
    expect(again.headers.get("etag")).toBe(`"${id}.r2"`);
    expect(await recordOf(again)).toEqual(body);
    expect(await recordOf(await getOrder(app, id))).toEqual(body);
  });

  it("answers 404 for an unknown order", async () => {
    const { app } = await withOrder();
    await expectProblem(await voidOrder(app, "no-such-order", { reason: "duplicado" }), 404, "not-found");
  });

  it("refuses a bad reason naming it, and a body that is not an object, changing nothing", async () => {
    const { app, id } = await withOrder();
    for (const [body, message] of [
      [{ reason: "no" }, "reason must be at least 3 characters"],
      [{}, "reason must be a string"],
      [{ reason: "x".repeat(501) }, "reason must be at most 500 characters"],
      [{ reason: "fila\u0000nueva" }, "reason must not contain control characters"],
      [{ reason: "oculto\u200b" }, expect.stringContaining("invisible format characters")],
    ] as const) {
      const problem = await expectProblem(await voidOrder(app, id, body), 400, "invalid-input");
      expect(problem.errors).toEqual([{ path: "reason", message }]);
    }
    const notObject = await expectProblem(await voidOrder(app, id, ["duplicado"]), 400, "invalid-input");
    expect(notObject.errors).toEqual([{ path: "(body)", message: "the body must be a JSON object with reason" }]);
    expect((await recordOf(await getOrder(app, id))).revision).toBe(1);
  });

  it("is for supervisors only: 403 for couriers and dispatchers, 401 without a token", async () => {
    const { app, id } = await withOrder();
    await expectProblem(await voidOrder(app, id, { reason: "duplicado" }, ids.courier), 403, "forbidden");
    await expectProblem(await voidOrder(app, id, { reason: "duplicado" }, ids.dispatcher), 403, "forbidden");
    const anonymous = await app.request(`/orders/${id}/void`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason: "duplicado" }),
    });
    await expectProblem(anonymous, 401, "unauthenticated");
    expect((await recordOf(await getOrder(app, id))).status).toBe("active");
  });
});

describe("POST /orders/{id}/void with If-Match (the ETag of the revision the supervisor read)", () => {
  it("voids the current revision; a stale one (corrected since) is 412 and changes nothing", async () => {
    const { app, id, payload } = await withOrder();
    const read = (await getOrder(app, id)).headers.get("etag")!;
    expect((await correct(app, id, { reason: "cien unidades", order: withQuantity(payload, 100) })).status).toBe(200);
    const corrected = await recordOf(await getOrder(app, id));
    const stale = await expectProblem(await voidIfMatch(app, id, "cuatro unidades", read), 412, "precondition-failed");
    expect(stale).toMatchObject({ orderId: id, currentRevision: 2 });
    expect(await recordOf(await getOrder(app, id))).toEqual(corrected);

    const voided = await voidIfMatch(app, id, "cien unidades, duplicado", `"${id}.r2"`);
    expect(voided.status).toBe(200);
    expect(voided.headers.get("etag")).toBe(`"${id}.r3"`);
    expect(await recordOf(voided)).toMatchObject({ status: "voided", revision: 3, lines: corrected.lines });
  });

  it("after a void by someone else, a void with the old ETag is 412: the second reason is not silently lost", async () => {
    const { app, id } = await withOrder();
    const read = (await getOrder(app, id)).headers.get("etag")!;
    expect((await voidIfMatch(app, id, "pedido de prueba", read)).status).toBe(200);
    const first = await recordOf(await getOrder(app, id));
    const second = await expectProblem(await voidIfMatch(app, id, "duplicado", read), 412, "precondition-failed");
    expect(second).toMatchObject({ orderId: id, currentRevision: 2 });
    expect(await recordOf(await getOrder(app, id))).toEqual(first);
    // Naming the voided revision (read again) or none is the idempotent answer, as without If-Match.
    for (const again of [
      await voidIfMatch(app, id, "duplicado", `"${id}.r2"`),
      await voidOrder(app, id, { reason: "x y z" }),
    ]) {
      expect(again.status).toBe(200);
      expect(await recordOf(again)).toEqual(first);
    }
  });

  it("takes * as any revision; refuses a list of several revisions as a 400 naming If-Match, changing nothing", async () => {
    const { app, id } = await withOrder();
    const listing = await voidIfMatch(app, id, "duplicado", `"${id}.r1", "${id}.r2"`);
    expect((await expectProblem(listing, 400, "invalid-input")).errors).toEqual([
      { path: "If-Match", message: "If-Match must name one revision of the order (its ETag)" },
    ]);
    // A tag of another form, a weak one, or another order's, matches nothing (as for corrections).
    for (const ifMatch of [`W/"${id}.r1"`, '"other.r1"', "garbage"])
      await expectProblem(await voidIfMatch(app, id, "duplicado", ifMatch), 412, "precondition-failed");
    expect((await recordOf(await getOrder(app, id))).revision).toBe(1);
    const any = await voidIfMatch(app, id, "duplicado", "*");
    expect(any.status).toBe(200);
    expect(await recordOf(any)).toMatchObject({ status: "voided", revision: 2 });
  });

  it("is for supervisors only, If-Match or not: 403 for couriers and dispatchers", async () => {
    const { app, id } = await withOrder();
    const etag = (await getOrder(app, id)).headers.get("etag")!;
    await expectProblem(await voidIfMatch(app, id, "duplicado", etag, ids.courier), 403, "forbidden");
    await expectProblem(await voidIfMatch(app, id, "duplicado", etag, ids.dispatcher), 403, "forbidden");
    expect((await recordOf(await getOrder(app, id))).status).toBe("active");
  });

  it("lets exactly one of a void and a correction with the same If-Match through: one 200, one 412", async () => {
    const { app, id, payload } = await withOrder();
    const etag = (await getOrder(app, id)).headers.get("etag")!;
    const answers = await Promise.all([
      voidIfMatch(app, id, "duplicado", etag),
      correct(app, id, { reason: "otra", order: withQuantity(payload, 8) }, { ifMatch: etag }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    expect((await recordOf(await getOrder(app, id))).history).toHaveLength(2);
  });
});

describe("POST /orders/{id}/corrections", () => {
  it("replaces the content at the next revision, keeping the receipt time, with the history", async () => {
    const { app, id, payload } = await withOrder();
    const before = await recordOf(await getOrder(app, id));
    const response = await correct(app, id, { reason: "cantidad 50 por 5", order: withQuantity(payload, 5) });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${id}.r2"`);
    const body = await recordOf(response);
    expect(body).toMatchObject({ id, status: "active", revision: 2, receivedAt: before.receivedAt });
    expect(body.lines[0]!.quantity).toBe(5);
    expect(body.history[1]).toMatchObject({
      revision: 2,
      action: "corrected",
      by: "demo-user",
      reason: "cantidad 50 por 5",
    });
    expect(await recordOf(await getOrder(app, id))).toEqual(body);
  });

  it("takes GET's ETag as If-Match; a stale one is 412 and changes nothing", async () => {
    const { app, id, payload } = await withOrder();
    const etag = (await getOrder(app, id)).headers.get("etag")!;
    const first = await correct(app, id, { reason: "primera", order: withQuantity(payload, 2) }, { ifMatch: etag });
    expect(first.status).toBe(200);
    const stale = await correct(app, id, { reason: "segunda", order: withQuantity(payload, 3) }, { ifMatch: etag });
    const problem = await expectProblem(stale, 412, "precondition-failed");
    expect(problem).toMatchObject({ orderId: id, currentRevision: 2 });
    const current = await recordOf(await getOrder(app, id));
    expect(current.revision).toBe(2);
    expect(current.lines[0]!.quantity).toBe(2);
    // A tag of another form, a weak one, or another order's, matches nothing; "*" matches any revision.
    for (const ifMatch of [`W/"${id}.r2"`, '"other.r2"', "garbage"])
      await expectProblem(
        await correct(app, id, { reason: "tercera", order: withQuantity(payload, 4) }, { ifMatch }),
        412,
        "precondition-failed",
      );
    expect(
      (await correct(app, id, { reason: "cuarta", order: withQuantity(payload, 4) }, { ifMatch: "*" })).status,
    ).toBe(200);
    const listing = await correct(app, id, { reason: "quinta", order: payload }, { ifMatch: `"${id}.r1", "${id}.r3"` });
    expect((await expectProblem(listing, 400, "invalid-input")).errors).toEqual([
      { path: "If-Match", message: "If-Match must name one revision of the order (its ETag)" },
    ]);
  });

  it("lets exactly one of two corrections with the same If-Match through: one 200, one 412", async () => {
    const { app, id, payload } = await withOrder();
    const etag = (await getOrder(app, id)).headers.get("etag")!;
    const answers = await Promise.all([
      correct(app, id, { reason: "una", order: withQuantity(payload, 7) }, { ifMatch: etag }),
      correct(app, id, { reason: "otra", order: withQuantity(payload, 8) }, { ifMatch: etag }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412]);
    const current = await recordOf(await getOrder(app, id));
    expect(current.revision).toBe(2);
    expect(current.history).toHaveLength(2);
  });

  it("refuses to correct a voided order (409), changing nothing", async () => {
    const { app, id, payload } = await withOrder();
    await voidOrder(app, id, { reason: "duplicado" });
    const problem = await expectProblem(
      await correct(app, id, { reason: "corrige", order: withQuantity(payload, 5) }),
      409,
      "conflict",
    );
    expect(problem.detail).toMatch(/voided/);
    expect(await recordOf(await getOrder(app, id))).toMatchObject({ status: "voided", revision: 2 });
  });

  it("refuses a pedido_id other than the path's, naming it", async () => {
    const { app, id, payload } = await withOrder();
    const problem = await expectProblem(
      await correct(app, id, { reason: "otro id", order: { ...payload, pedido_id: "another-order" } }),
      400,
      "invalid-input",
    );
    expect(problem.errors).toEqual([
      { path: "order.pedido_id", message: `pedido_id must be the order's id in the path (${id}), not another-order` },
    ]);
  });

  it("judges the content by every rule of a new order, naming each field under order, with the reason", async () => {
    const { app, id, payload } = await withOrder();
    const problem = await expectProblem(
      await correct(app, id, {
        reason: "x",
        order: {
          ...payload,
          repartidor: { ...payload.repartidor, Nombre: "\u202eabc" },
          productos: [
            { ...payload.productos[0]!, precio: 10000.01 },
            { ...payload.productos[1]!, precio: 1.005 },
          ],
          timestamp: new Date(Date.now() + 3_600_000).toISOString(),
        },
      }),
      400,
      "invalid-input",
    );
    const paths = problem.errors!.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "reason",
        "order.repartidor.Nombre",
        "order.productos[0].precio",
        "order.productos[1].precio",
        "order.timestamp",
      ]),
    );
    const missing = await expectProblem(await correct(app, id, { reason: "sin pedido" }), 400, "invalid-input");
    expect(missing.errors).toEqual([
      { path: "order", message: "order must be the order as couriers send it (a JSON object)" },
    ]);
    // A price judged on its exact text, as at intake.
    const exact = await app.request(`/orders/${id}/corrections`, {
      method: "POST",
      headers: jsonHeaders(ids.supervisor),
      body: `{"reason":"precio","order":${JSON.stringify(payload).replace(/"precio":[^,}]+/, '"precio":8.499999999999999999')}}`,
    });
    expect((await expectProblem(exact, 400, "invalid-input")).errors?.[0]?.path).toBe("order.productos[0].precio");
    expect((await recordOf(await getOrder(app, id))).revision).toBe(1);
  });

  it("answers 404 for an unknown order and 403 for couriers and dispatchers", async () => {
    const { app, payload } = await withOrder();
    const other = { ...payload, pedido_id: "no-such-order" };
    await expectProblem(await correct(app, "no-such-order", { reason: "nada", order: other }), 404, "not-found");
    for (const token of [ids.courier, ids.dispatcher])
      await expectProblem(
        await correct(app, payload.pedido_id, { reason: "nada", order: payload }, { token }),
        403,
        "forbidden",
      );
  });
});

describe("a phone retrying its original POST after a void or a correction", () => {
  const post = (app: App, body: unknown, path = "/orders") =>
    app.request(path, { method: "POST", headers: jsonHeaders(ids.courier), body: JSON.stringify(body) });

  it("gets 200 with the order as it now is, never a 201 or the old revision; a different payload is still 409", async () => {
    const { app, id, payload } = await withOrder();
    await correct(app, id, { reason: "cantidad", order: withQuantity(payload, 9) });
    const retried = await post(app, payload);
    expect(retried.status).toBe(200);
    expect(OrderResponseSchema.strict().parse(await retried.json())).toMatchObject({
      id,
      status: "active",
      revision: 2,
      lines: [{ quantity: 9 }, {}],
    });
    // The corrected content is not what the phone first sent: a conflict, as any other content.
    await expectProblem(await post(app, withQuantity(payload, 9)), 409, "conflict");
    await expectProblem(await post(app, withQuantity(payload, 4)), 409, "conflict");

    await voidOrder(app, id, { reason: "duplicado" });
    const afterVoid = await post(app, payload);
    expect(afterVoid.status).toBe(200);
    expect(OrderResponseSchema.strict().parse(await afterVoid.json())).toMatchObject({
      id,
      status: "voided",
      revision: 3,
    });
    expect((await post(app, payload, "/order/registrar_pedido_entregado")).status).toBe(200);
    expect(await recordOf(await getOrder(app, id))).toMatchObject({ status: "voided", revision: 3 });
  });
});

describe("GET /orders (the ledger)", () => {
  it("lists voided and corrected orders with their status and revision", async () => {
    const { app, id, payload } = await withOrder();
    await correct(app, id, { reason: "cantidad", order: withQuantity(payload, 3) });
    await voidOrder(app, id, { reason: "duplicado" });
    const day = payload.timestamp.slice(0, 10);
    const from = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const listed = await app.request(`/orders?from=${from}&to=${day}`, { headers: bearer(ids.supervisor) });
    expect(listed.status).toBe(200);
    const { orders } = OrdersPageResponseSchema.parse(await listed.json());
    expect(orders.find((order) => order.id === id)).toMatchObject({ status: "voided", revision: 3 });
  });
});

describe("the monitor after voids and corrections (the projector over the in-memory change feed)", () => {
  const totalsOf = async (app: App) => {
    const response = await app.request("/monitor?period=all", { headers: bearer(ids.supervisor) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { totals: { orders: number; units: number; revenueCents: number } }).totals;
  };

  it("moves to the corrected figures and takes a voided order out, to the cent", async () => {
    const { app, id, payload, project } = await withOrder();
    await project();
    const placed = await totalsOf(app);
    expect(placed.orders).toBe(1);
    const corrected = await recordOf(await correct(app, id, { reason: "cantidad", order: withQuantity(payload, 9) }));
    await project();
    expect(await totalsOf(app)).toEqual({
      orders: 1,
      units: corrected.units,
      revenue: corrected.total,
      revenueCents: corrected.totalCents,
    });
    await voidOrder(app, id, { reason: "duplicado" });
    await project();
    expect(await totalsOf(app)).toEqual({ orders: 0, units: 0, revenue: "0.00", revenueCents: 0 });
  });
});
