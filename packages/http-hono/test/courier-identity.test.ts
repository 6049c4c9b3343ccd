import { FixedClock } from "@cargo-express/adapters-memory";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, buildApp as buildHarness, jsonHeaders, NOW } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

/**
 * Receipt at the harness's fixed NOW (2024-09-11T23:30Z), 3 minutes after the sample order's delivery: a courier may
 * not post a delivery dated more than 7 days back (test/delivery-age.test.ts), and the sample is from 2024.
 */
const buildApp = (options: Omit<Parameters<typeof buildHarness>[0], "receiptClock">) =>
  buildHarness({ ...options, receiptClock: new FixedClock(NOW) });

/** The brief's sample order, for courier 106 (Pedro Gómez), as the client sends it. */
const orderFor = (courierId: unknown) => ({
  ...OrderMother.sample(),
  repartidor: { IdRepartidor: courierId, Nombre: "Pedro Gómez" },
});

const ROUTES = [
  { route: "/orders", accepted: 201 },
  { route: "/order/registrar_pedido_entregado", accepted: 200 },
] as const;

describe.each(ROUTES)("POST $route: a courier posts only as itself (issue 11)", ({ route, accepted }) => {
  const post = (app: ReturnType<typeof buildApp>["app"], body: unknown, token: string) =>
    app.request(route, { method: "POST", headers: jsonHeaders(token), body: JSON.stringify(body) });

  it('accepts an order for the courier the token is bound to, whatever form the id takes (106, "106", "0106")', async () => {
    for (const [claim, ordered] of [
      [106, 106],
      ["106", "0106"],
      ["0106", "106"],
    ] as const) {
      const { app, repository } = buildApp({ verifier: ids.verifier });
      const response = await post(app, orderFor(ordered), ids.boundCourier(claim));
      expect(response.status).toBe(accepted);
      expect(repository.all().map((order) => order.courier.id)).toEqual(["106"]);
    }
  });

  it("refuses an order for another courier with a 403 problem that names both couriers, and stores nothing", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const response = await post(app, orderFor(107), ids.boundCourier("106"));
    const problem = await expectProblem(response, 403, "courier-mismatch");
    expect(problem.detail).toBe("This user reports orders for courier 106 only; this order names courier 107");
    expect(problem).toMatchObject({
      courierId: "107",
      yourCourierId: "106",
      title: "Not allowed to report orders for another courier",
    });
    expect(repository.all()).toEqual([]);
  });

  it("refuses a courier whose token names no courier (or no valid id), saying so", async () => {
    for (const claim of [undefined, "", "abc", -1, "1".repeat(16)]) {
      const { app, repository } = buildApp({ verifier: ids.verifier });
      const token = claim === undefined ? ids.token(["couriers"]) : ids.boundCourier(claim);
      const problem = await expectProblem(await post(app, orderFor(106), token), 403, "courier-mismatch");
      expect(problem.detail).toMatch(/not bound to a courier \(no custom:courier_id\)/);
      expect(repository.all()).toEqual([]);
    }
  });

  it("lets a dispatcher post for any courier, with or without a courier id of its own", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    expect((await post(app, { ...orderFor(101), pedido_id: "a1" }, ids.dispatcher)).status).toBe(accepted);
    expect(
      (await post(app, { ...orderFor(110), pedido_id: "a2" }, ids.boundCourier("106", ["couriers", "dispatchers"])))
        .status,
    ).toBe(accepted);
    expect(
      repository
        .all()
        .map((order) => order.courier.id)
        .sort(),
    ).toEqual(["101", "110"]);
  });

  it("still answers 400 naming the field when the courier id itself is invalid (nothing to compare)", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const problem = await expectProblem(
      await post(app, orderFor("10a"), ids.boundCourier("106")),
      400,
      "invalid-input",
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "repartidor.IdRepartidor" })]),
    );
    expect(repository.all()).toEqual([]);
  });

  it("refuses a supervisor-only token with 403 forbidden naming both groups that may post", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const problem = await expectProblem(await post(app, orderFor(106), ids.supervisor), 403, "forbidden");
    expect(problem.detail).toBe('This needs membership of the group "couriers" or "dispatchers"');
  });
});

describe("the monitor and order reads are unchanged by the dispatcher group", () => {
  it("refuses a dispatcher-only token on GET /monitor (403)", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await expectProblem(await app.request("/monitor", { headers: bearer(ids.dispatcher) }), 403, "forbidden");
  });
});
