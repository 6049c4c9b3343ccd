import { FixedClock } from "@cargo-express/adapters-memory";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LegacyOrderAcceptedSchema } from "../src/index.js";
import { OrderResponseSchema } from "../src/contract/schemas.js";
import { buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

// The backdating bound: a courier's phone may date a delivery at most MAX_DELIVERY_AGE_DAYS (7 by default) before
// the order is received; the back office (dispatchers) may enter older deliveries.

const SECOND = 1000;
const DAY = 86_400 * SECOND;
/** The sample order's delivery: 2024-09-11 18:27:09.039464 in Bogota. */
const DELIVERED = Date.parse("2024-09-11T23:27:09.039Z");

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

/** The app receiving orders at `receivedAt` (its injected receipt clock), couriers bound by `maxAgeMs` if given. */
const appReceivingAt = (receivedAt: number, maxAgeMs?: number) =>
  buildApp({
    verifier: ids.verifier,
    receiptClock: new FixedClock(receivedAt),
    ...(maxAgeMs === undefined ? {} : { courierMaxDeliveryAgeMs: maxAgeMs }),
  });

const ROUTES = [
  { route: "/orders", accepted: 201 },
  { route: "/order/registrar_pedido_entregado", accepted: 200 },
] as const;

describe.each(ROUTES)("POST $route: how far back a delivery may be dated", ({ route, accepted }) => {
  const post = (app: ReturnType<typeof buildApp>["app"], token: string, body: unknown = OrderMother.sample()) =>
    app.request(route, { method: "POST", headers: jsonHeaders(token), body: JSON.stringify(body) });

  it("refuses a courier's delivery dated 7 days and 1 second before receipt: 400 naming timestamp and the limit, nothing stored", async () => {
    const { app, repository } = appReceivingAt(DELIVERED + 7 * DAY + SECOND);
    const problem = await expectProblem(await post(app, ids.boundCourier("106")), 400, "invalid-input");
    const message =
      "timestamp 2024-09-11T23:27:09.039464Z is more than 7 days before the order was received " +
      "(2024-09-18T23:27:10.039000Z); couriers may report deliveries at most 7 days old (dispatchers may enter older ones)";
    expect(problem.detail).toBe(message);
    expect(problem.errors).toEqual([{ path: "timestamp", message }]);
    expect(problem).toMatchObject({ maxDeliveryAgeSeconds: 7 * 86_400 });
    expect(repository.all()).toEqual([]);
  });

  it("accepts a courier's delivery dated just under 7 days before receipt", async () => {
    const { app, repository } = appReceivingAt(DELIVERED + 7 * DAY - SECOND);
    expect((await post(app, ids.boundCourier("106"))).status).toBe(accepted);
    expect(repository.all().map((order) => order.id)).toEqual([OrderMother.sample().pedido_id]);
  });

  it("lets a dispatcher enter a delivery from long ago", async () => {
    const { app, repository } = appReceivingAt(DELIVERED + 400 * DAY);
    expect((await post(app, ids.dispatcher)).status).toBe(accepted);
    expect(repository.all()).toHaveLength(1);
  });

  it("takes the limit from the app's configuration", async () => {
    const received = DELIVERED + 2 * DAY;
    const strict = appReceivingAt(received, 1 * DAY);
    const problem = await expectProblem(await post(strict.app, ids.boundCourier("106")), 400, "invalid-input");
    expect(problem.detail).toContain("couriers may report deliveries at most 1 day old");
    expect(problem).toMatchObject({ maxDeliveryAgeSeconds: 86_400 });
    expect(strict.repository.all()).toEqual([]);
    const generous = appReceivingAt(received, 30 * DAY);
    expect((await post(generous.app, ids.boundCourier("106"))).status).toBe(accepted);
  });

  it("answers a phone retrying an accepted order after the limit as before, not with a refusal", async () => {
    const first = appReceivingAt(DELIVERED + DAY);
    expect((await post(first.app, ids.boundCourier("106"))).status).toBe(accepted);
    // The same store, received 30 days later: the retry is answered as a replay (200), nothing changes.
    const later = buildApp({
      verifier: ids.verifier,
      receiptClock: new FixedClock(DELIVERED + 30 * DAY),
      orders: () => first.repository,
    });
    const retry = await post(later.app, ids.boundCourier("106"));
    expect(retry.status).toBe(200);
    expect(first.repository.all()).toHaveLength(1);
  });

  it("answers a phone retrying after the limit an order corrected or voided since with 200 and the order as it now is", async () => {
    const sample = OrderMother.sample();
    const id = sample.pedido_id;
    const withQuantity = (cantidad: number) => ({
      ...sample,
      productos: [{ ...sample.productos[0]!, cantidad }, ...sample.productos.slice(1)],
    });
    const first = appReceivingAt(DELIVERED + DAY);
    const firstAnswer = await post(first.app, ids.boundCourier("106"), sample);
    expect(firstAnswer.status).toBe(accepted);
    const change = (action: "corrections" | "void", body: unknown) =>
      first.app.request(`/orders/${id}/${action}`, {
        method: "POST",
        headers: jsonHeaders(ids.supervisor),
        body: JSON.stringify(body),
      });
    expect((await change("corrections", { reason: "cantidad", order: withQuantity(9) })).status).toBe(200);
    // The same store, 30 days after the delivery: over the couriers' 7 days.
    const later = buildApp({
      verifier: ids.verifier,
      receiptClock: new FixedClock(DELIVERED + 30 * DAY),
      orders: () => first.repository,
    });
    /** The retry's answer, read as this route's contract says (the Spanish route answers the ids and timestamp). */
    const retry = async () => {
      const response = await post(later.app, ids.boundCourier("106"), sample);
      expect(response.status).toBe(200);
      return route === "/orders"
        ? OrderResponseSchema.strict().parse(await response.json())
        : LegacyOrderAcceptedSchema.strict().parse(await response.json());
    };
    const corrected = await first.repository.getStored(id);
    expect(corrected).toMatchObject({ status: "active", revision: 2 });
    if (route === "/orders") {
      const body = await retry();
      expect(body).toMatchObject({ id, status: "active", revision: 2, totalCents: corrected?.order.total });
      expect("lines" in body && body.lines.map((line) => line.quantity)).toEqual([9, 1, 1]);
    } else expect(await retry()).toEqual(await firstAnswer.json());
    expect(await first.repository.getStored(id)).toEqual(corrected);

    // Any other content, the corrected content too (not what the phone sent), is still refused as too old.
    for (const other of [withQuantity(9), withQuantity(4)]) {
      const problem = await expectProblem(await post(later.app, ids.boundCourier("106"), other), 400, "invalid-input");
      expect(problem.errors).toEqual([{ path: "timestamp", message: expect.stringContaining("more than 7 days") }]);
    }
    expect(await first.repository.getStored(id)).toEqual(corrected);

    expect((await change("void", { reason: "duplicado" })).status).toBe(200);
    const voided = await first.repository.getStored(id);
    expect(voided).toMatchObject({ status: "voided", revision: 3 });
    if (route === "/orders") expect(await retry()).toMatchObject({ id, status: "voided", revision: 3 });
    else expect(await retry()).toMatchObject({ order_id: id });
    expect(await first.repository.getStored(id)).toEqual(voided);
  });

  it("keeps refusing a courier's delivery dated in the future, as before (the clock-skew rule, for every poster)", async () => {
    const { app, repository } = appReceivingAt(DELIVERED - 10 * 60 * SECOND);
    for (const token of [ids.boundCourier("106"), ids.dispatcher]) {
      const problem = await expectProblem(await post(app, token), 400, "invalid-input");
      expect(problem.errors).toEqual([
        { path: "timestamp", message: expect.stringContaining("a delivery cannot be in the future") },
      ]);
    }
    expect(repository.all()).toEqual([]);
  });
});
