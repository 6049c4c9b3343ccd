import { OrderMother } from "@cargo-express/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "@cargo-express/adapters-memory";
import { NOW, buildApp as buildHarness, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

// Abuse at intake, at the HTTP edge: every abuse is a problem+json naming the field, on both order routes, and
// nothing is stored. Bodies are written as raw text on purpose: JSON.stringify would already have rounded.

/** Receipt at the harness's fixed NOW (2024-09-11T23:30Z), so the sample order (23:27Z) is 3 minutes old. */
const buildApp = (options: { verifier: LocalIdentities["verifier"] }) =>
  buildHarness({ ...options, receiptClock: new FixedClock(NOW) });

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

const ROUTES = ["/orders", "/order/registrar_pedido_entregado"] as const;
const ACCEPTED: Record<(typeof ROUTES)[number], number> = { "/orders": 201, "/order/registrar_pedido_entregado": 200 };

/** The sample order's JSON text with the second price replaced by `precio` verbatim. */
const sampleWithPrice = (precio: string, id = "03f4e0fb-1775-4b7f-88c7-96ddaa07600b") =>
  JSON.stringify({ ...OrderMother.sample(), pedido_id: id }).replace('"precio":10', `"precio":${precio}`);
const sampleWith = (change: Record<string, unknown>) => JSON.stringify({ ...OrderMother.sample(), ...change });

describe.each(ROUTES)("intake rules on POST %s", (route) => {
  const post = (app: ReturnType<typeof buildApp>["app"], text: string) =>
    app.request(route, { method: "POST", headers: jsonHeaders(ids.courier), body: text });

  it.each(["8.499999999999999999", "1.0000000000000001", "10.001", "1005e-3"])(
    "refuses precio %s (more than two decimals in the text sent, though a float rounds it) and stores nothing",
    async (precio) => {
      const { app, repository } = buildApp({ verifier: ids.verifier });
      const text = sampleWithPrice(precio);
      expect(text).toContain(`"precio":${precio}`);
      const body = await expectProblem(await post(app, text), 400, "invalid-input");
      expect(body.errors).toEqual([{ path: "productos[1].precio", message: "precio must have at most two decimals" }]);
      expect(repository.all()).toEqual([]);
    },
  );

  it.each([
    ["10.50000", 1050],
    ["1050e-2", 1050],
    ["10", 1000],
  ])("accepts precio %s as exactly %i cents", async (precio, cents) => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    expect((await post(app, sampleWithPrice(precio))).status).toBe(ACCEPTED[route]);
    expect(repository.all()[0]!.lines[1]!.unitPrice).toBe(cents);
  });

  it("refuses a price and an order total above the caps, naming the fields", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const price = await expectProblem(await post(app, sampleWithPrice("10000.01")), 400, "invalid-input");
    expect(price.errors).toEqual([{ path: "productos[1].precio", message: "precio must be at most 10000.00" }]);
    const total = sampleWith({ productos: [{ IdProducto: "pk1", producto: "Caro", precio: 10_000, cantidad: 11 }] });
    const order = await expectProblem(await post(app, total), 400, "invalid-input");
    expect(order.errors).toEqual([
      { path: "productos", message: "the order's total must be at most 100000.00 (this one is 110000.00)" },
    ]);
    expect(repository.all()).toEqual([]);
  });

  it("refuses a delivery timestamp more than 5 minutes after receipt (the harness clock is 23:30Z)", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    for (const timestamp of ["2024-09-11T23:35:00.001Z", "9999-12-31 23:59:59"]) {
      const body = await expectProblem(await post(app, sampleWith({ timestamp })), 400, "invalid-input");
      expect(body.errors!.map((issue) => issue.path)).toEqual(["timestamp"]);
      expect(body.errors![0]!.message).toMatch(/is after the order was received .* by more than the 5 minutes allowed/);
    }
    expect(repository.all()).toEqual([]);
    expect((await post(app, sampleWith({ timestamp: "2024-09-11T23:35:00Z" }))).status).toBe(ACCEPTED[route]);
  });

  it.each([
    ["U+202E", "\u202e"],
    ["U+200B", "\u200b"],
    ["U+FEFF", "\ufeff"],
    ["U+0085", "\u0085"],
  ])("refuses names holding %s, naming each field, and stores nothing", async (_, char) => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const sample = OrderMother.sample();
    const text = JSON.stringify({
      ...sample,
      repartidor: { ...sample.repartidor, Nombre: `Pedro${char}Gómez` },
      productos: [sample.productos[0], { ...sample.productos[1], producto: `${char}Adaptador` }],
    });
    const body = await expectProblem(await post(app, text), 400, "invalid-input");
    expect(body.errors!.map((issue) => issue.path)).toEqual(["repartidor.Nombre", "productos[1].producto"]);
    expect(repository.all()).toEqual([]);
  });

  it("refuses an unpaired surrogate sent as a JSON escape", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const text = sampleWith({}).replace('"Nombre":"Pedro Gómez"', '"Nombre":"Pedro \\ud800"');
    expect(text).toContain("\\ud800");
    const body = await expectProblem(await post(app, text), 400, "invalid-input");
    expect(body.errors).toEqual([
      { path: "repartidor.Nombre", message: "Nombre must not contain unpaired surrogates (malformed Unicode)" },
    ]);
    expect(repository.all()).toEqual([]);
  });

  it("stores names NFC-normalised", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const sample = OrderMother.sample();
    const decomposed = { ...sample, repartidor: { ...sample.repartidor, Nombre: "Pedro Go\u0301mez" } };
    expect((await post(app, JSON.stringify(decomposed))).status).toBe(ACCEPTED[route]);
    expect(repository.all()[0]!.courier.name).toBe("Pedro G\u00f3mez");
  });

  it("refuses a number a float would alter where a number is required, rather than rounding it", async () => {
    const { app, repository } = buildApp({ verifier: ids.verifier });
    const text = sampleWith({}).replace('"precio":10}', '"precio":10,"cantidad":1.0000000000000001}');
    const body = await expectProblem(await post(app, text), 400, "invalid-input");
    expect(body.errors!.map((issue) => issue.path)).toEqual(["productos[1].cantidad"]);
    expect(repository.all()).toEqual([]);
  });
});

describe("deeply nested bodies", () => {
  it("refuses nesting beyond 64 levels as malformed before parsing, and ignores brackets inside strings", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const post = (text: string) =>
      app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: text });
    const deep = await expectProblem(
      await post(`{"x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`),
      400,
      "malformed-json",
    );
    expect(deep.detail).toBe("The body is nested deeper than 64 levels; an order needs three");
    const sample = OrderMother.sample();
    const bracketsInNames = {
      ...sample,
      repartidor: { ...sample.repartidor, Nombre: `[{${"[".repeat(100)} \\" Pedro` },
    };
    expect((await post(JSON.stringify(bracketsInNames))).status).toBe(201);
  });
});

describe("the existing client's numbers", () => {
  it("keeps 12, 0.2 and 18.5 byte-for-byte as before in the response", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const text =
      '{"pedido_id":"n-1","repartidor":{"IdRepartidor":106,"Nombre":"Pedro Gómez"},"productos":[' +
      '{"IdProducto":"pk0004","producto":"Pendrive","precio":12},{"IdProducto":"pk0010","producto":"Clip","precio":0.2},' +
      '{"IdProducto":"pk0001","producto":"Audífonos","precio":18.5}],"timestamp":"2024-09-11 18:27:09.039464"}';
    const response = await app.request("/orders", { method: "POST", headers: jsonHeaders(ids.courier), body: text });
    expect(response.status).toBe(201);
    const raw = await response.text();
    expect(raw).toContain('"unitPrice":"12.00","unitPriceCents":1200');
    expect(raw).toContain('"unitPrice":"0.20","unitPriceCents":20');
    expect(raw).toContain('"unitPrice":"18.50","unitPriceCents":1850');
    expect(raw).toContain('"total":"30.70","totalCents":3070');
    expect(raw).toContain('"courier":{"id":"106","name":"Pedro Gómez"}');
  });
});
