import { DependencyUnavailableError, type OrderRepository } from "@cargo-express/domain";
import type { InMemoryOrderRepository } from "@cargo-express/adapters-memory";
import { OrderMother } from "@cargo-express/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { capturingLogger } from "./support/logs.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());
let logs: ReturnType<typeof capturingLogger>;
afterEach(() => logs.restore());

const COURIER = "Pedro Gómez";
const PRODUCT = "Jugo de Maracuyá";
const sample = OrderMother.sample();
const order = {
  ...sample,
  repartidor: { IdRepartidor: 106, Nombre: COURIER },
  productos: sample.productos.map((line) => ({ ...line, producto: PRODUCT })),
};

/** A store whose every call fails with an error that quotes the order it was given, as an SDK or adapter error may. */
const quotingStore =
  (makeError: (quoted: string) => Error) =>
  (repository: InMemoryOrderRepository): OrderRepository =>
    new Proxy(repository, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function"
          ? async (...args: unknown[]) => Promise.reject(makeError(JSON.stringify(args)))
          : value;
      },
    });

describe("no personal data in error logs (issue 11)", () => {
  it("keeps a courier's and a product's names out of the log of an unexpected error (500) whose message quotes the order", async () => {
    logs = capturingLogger();
    const { app } = buildApp({
      verifier: ids.verifier,
      logger: logs.logger,
      orders: quotingStore((quoted) => new Error(`could not store ${quoted}`)),
    });
    await expectProblem(
      await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: JSON.stringify(order) }),
      500,
      "internal",
    );
    const entry = logs.entries().find((e) => e.message === "unexpected error") as
      | { error: { message: string; stack: string } }
      | undefined;
    expect(entry?.error.message).toMatch(/^could not store .*\[redacted\]/);
    expect(entry?.error.stack).toContain("[redacted]");
    for (const text of [COURIER, PRODUCT, "Pedro", "Maracuy"]) expect(logs.raw()).not.toContain(text);
  });

  it("keeps them out of the log of a dependency failure (503), in the error and in its cause, on the legacy route too", async () => {
    logs = capturingLogger();
    const { app } = buildApp({
      verifier: ids.verifier,
      logger: logs.logger,
      orders: quotingStore(
        (quoted) =>
          new DependencyUnavailableError("DynamoDB is unavailable", 2, {
            cause: new Error(`ValidationException on ${quoted}`),
          }),
      ),
    });
    const response = await app.request("/order/registrar_pedido_entregado", {
      method: "POST",
      headers: jsonHeaders(ids.courier),
      body: JSON.stringify(order),
    });
    await expectProblem(response, 503, "dependency-unavailable");
    const entry = logs.entries().find((e) => e.message === "dependency unavailable") as
      | { cause: { message: string } }
      | undefined;
    expect(entry?.cause.message).toMatch(/^ValidationException on .*\[redacted\]/);
    for (const text of [COURIER, PRODUCT, "Pedro", "Maracuy"]) expect(logs.raw()).not.toContain(text);
  });
});
