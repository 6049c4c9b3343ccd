import { catalogue, fleet, OrderMother } from "@cargo-express/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

/** Every answer below 500, and every error a problem document. */
async function expectNo5xx(response: Response) {
  if (response.status >= 500) throw new Error(`answered ${response.status}: ${await response.text()}`);
  if (response.status >= 400) expect(response.headers.get("content-type")).toBe("application/problem+json");
}

/** Values that look like orders often enough to get past the first checks: real ids, names, prices, plus noise. */
const orderish = fc.record(
  {
    pedido_id: fc.oneof(fc.uuid(), fc.string(), fc.jsonValue()),
    repartidor: fc.oneof(
      fc.record(
        {
          IdRepartidor: fc.oneof(
            fc.constantFrom(...fleet.map((c) => c.IdRepartidor)),
            fc.double(),
            fc.string(),
            fc.bigInt().map(String),
          ),
          Nombre: fc.oneof(fc.string(), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
    productos: fc.oneof(
      fc.array(
        fc.record(
          {
            IdProducto: fc.oneof(fc.constantFrom(...catalogue.map((p) => p.IdProducto)), fc.string()),
            producto: fc.oneof(fc.constantFrom(...catalogue.map((p) => p.producto)), fc.string()),
            precio: fc.oneof(
              fc.double(),
              fc.integer(),
              fc.string(),
              fc.constantFrom(1e21, 1e-7, -0, 0.1 + 0.2, Number.MAX_VALUE),
            ),
            cantidad: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 120 },
      ),
      fc.jsonValue(),
    ),
    timestamp: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.constant("2024-02-30 10:00:00"),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);

describe("POST /orders under random input", () => {
  it("never answers 5xx to any JSON value", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await expectNo5xx(
          await app.request("/orders", {
            method: "POST",
            headers: jsonHeaders(ids.courier),
            body: JSON.stringify(value),
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("never answers 5xx to order-shaped values", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(orderish, async (value) => {
        const response = await app.request("/orders", {
          method: "POST",
          headers: jsonHeaders(ids.courier),
          body: JSON.stringify(value),
        });
        statuses.add(response.status);
        await expectNo5xx(response);
      }),
      { numRuns: 300 },
    );
    expect(statuses.has(400)).toBe(true);
  });

  it("never answers 5xx to random bytes, with or without a JSON content type", async () => {
    const { app } = buildApp({ verifier: ids.verifier, bodyLimitBytes: 4096 });
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 6000 }),
        fc.constantFrom("application/json", "text/plain", "application/octet-stream"),
        async (bytes, type) => {
          const response = await app.request("/orders", {
            method: "POST",
            headers: { ...jsonHeaders(ids.courier), "content-type": type },
            body: bytes,
          });
          await expectNo5xx(response);
          expect(response.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("still accepts valid random orders among the noise (the property is not vacuous)", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 }), async (seed) => {
        let state = seed;
        const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
        const response = await app.request("/orders", {
          method: "POST",
          headers: jsonHeaders(ids.courier),
          body: JSON.stringify(OrderMother.random({ random })),
        });
        expect(response.status).toBe(201);
      }),
      { numRuns: 50 },
    );
  });
});
