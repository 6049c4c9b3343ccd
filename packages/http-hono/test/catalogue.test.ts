import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/index.js";
import { bearer, buildApp, jsonHeaders } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";
import { expectProblem } from "./support/problems.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

type App = ReturnType<typeof buildApp>["app"];

const put = (app: App, path: string, body: unknown, token = ids.supervisor) =>
  app.request(path, {
    method: "PUT",
    headers: jsonHeaders(token),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const get = (app: App, path: string, token = ids.supervisor) => app.request(path, { headers: bearer(token) });

describe("PUT /catalog/products/{id} and /catalog/couriers/{id}", () => {
  it("creates (201), replaces (200) and answers an identical put 200 recording nothing", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const created = await put(app, "/catalog/products/pk0004", { name: "Pendrive", referencePrice: 12 });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      id: "pk0004",
      name: "Pendrive",
      referencePrice: "12.00",
      referencePriceCents: 1200,
      active: true,
    });
    const replaced = await put(app, "/catalog/products/pk0004", {
      name: "Pendrive 32 GB",
      referencePrice: "12.50",
      active: false,
    });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ referencePrice: "12.50", referencePriceCents: 1250, active: false });
    const same = await put(app, "/catalog/products/pk0004", {
      name: "Pendrive 32 GB",
      referencePrice: "12.5",
      active: false,
    });
    expect(same.status).toBe(200);
    const courier = await put(app, "/catalog/couriers/0106", { name: "Pedro Gómez" });
    expect(courier.status).toBe(201);
    expect(await courier.json()).toEqual({ id: "106", name: "Pedro Gómez", active: true });

    const history = (await (await get(app, "/catalog/history")).json()) as {
      changes: { kind: string; id: string; revision: number }[];
      nextBefore: string | null;
    };
    // This app's clock stands still: changes of one entry keep their order (by revision); other entries' interleave.
    const of = (kind: string) => history.changes.filter((c) => c.kind === kind).map((c) => [c.id, c.revision]);
    expect(of("product")).toEqual([
      ["pk0004", 2],
      ["pk0004", 1],
    ]);
    expect(of("courier")).toEqual([["106", 1]]);
    const replacedChange = history.changes.find((c) => c.kind === "product" && c.revision === 2);
    expect(replacedChange).toMatchObject({
      by: "demo-user",
      before: { name: "Pendrive", referencePrice: "12.00", active: true },
      after: { name: "Pendrive 32 GB", referencePrice: "12.50", active: false },
    });
    expect(history.nextBefore).toBeNull();
  });

  it("judges the reference price on the exact text sent, as an order's price", async () => {
    const { app, catalogue } = buildApp({ verifier: ids.verifier });
    // 8.499999999999999999 would be 8.5 as a float: refused, as in an order.
    const refused = await put(
      app,
      "/catalog/products/pk0002",
      '{"name":"Estuche","referencePrice":8.499999999999999999}',
    );
    const problem = await expectProblem(refused, 400, "invalid-input");
    expect(problem.errors).toEqual([
      { path: "referencePrice", message: "referencePrice must have at most two decimals" },
    ]);
    expect((await put(app, "/catalog/products/pk0002", '{"name":"Estuche","referencePrice":8.50000}')).status).toBe(
      201,
    );
    expect((await catalogue.read()).products[0]?.referencePrice).toBe(850);
  });

  it("names every bad field, and changes nothing on a refusal", async () => {
    const { app, catalogue } = buildApp({ verifier: ids.verifier });
    const cases: [string, unknown, string[]][] = [
      ["/catalog/products/pk%201", { name: "Moneda", referencePrice: "1.00" }, ["id"]],
      [
        "/catalog/products/pk0001",
        { name: " ", referencePrice: "-1", active: "yes" },
        ["name", "referencePrice", "active"],
      ],
      ["/catalog/products/pk0001", { name: "Moneda", referencePrice: "10000.01" }, ["referencePrice"]],
      ["/catalog/products/pk0001", [], ["(body)"]],
      ["/catalog/couriers/abc", { name: "a\u200Bb" }, ["id", "name"]],
      ["/catalog/couriers/101", { active: false }, ["name"]],
    ];
    for (const [path, body, fields] of cases) {
      const problem = await expectProblem(await put(app, path, body), 400, "invalid-input");
      expect(
        problem.errors?.map((issue) => issue.path),
        path,
      ).toEqual(fields);
    }
    await expectProblem(await put(app, "/catalog/products/pk0001", "{"), 400, "malformed-json");
    const wrongType = await app.request("/catalog/couriers/101", {
      method: "PUT",
      headers: { ...bearer(ids.supervisor), "content-type": "text/plain" },
      body: "{}",
    });
    await expectProblem(wrongType, 415, "unsupported-media-type");
    expect(await catalogue.read()).toEqual({ products: [], couriers: [] });
    expect((await catalogue.history({ limit: 10 })).changes).toEqual([]);
  });

  it("lets only supervisors edit: 401 without a token, 403 for couriers, dispatchers and users in no group", async () => {
    const { app, catalogue } = buildApp({ verifier: ids.verifier });
    const body = { name: "Moneda", referencePrice: "1.00" };
    const anonymous = await app.request("/catalog/products/pk0001", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    await expectProblem(anonymous, 401, "unauthenticated");
    for (const token of [ids.courier, ids.dispatcher, ids.boundCourier("101"), ids.nobody]) {
      await expectProblem(await put(app, "/catalog/products/pk0001", body, token), 403, "forbidden");
      await expectProblem(await put(app, "/catalog/couriers/101", { name: "María" }, token), 403, "forbidden");
    }
    expect(await catalogue.read()).toEqual({ products: [], couriers: [] });
  });
});

describe("GET /catalog", () => {
  it("lists products and couriers for every signed-in role, 401 without a token, 403 with no group", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    await put(app, "/catalog/products/pk0008", { name: "Pila de botón", referencePrice: "2.50" });
    await put(app, "/catalog/couriers/101", { name: "María López", active: false });
    for (const token of [ids.supervisor, ids.dispatcher, ids.boundCourier("107")]) {
      const response = await get(app, "/catalog", token);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        products: [
          { id: "pk0008", name: "Pila de botón", referencePrice: "2.50", referencePriceCents: 250, active: true },
        ],
        couriers: [{ id: "101", name: "María López", active: false }],
      });
    }
    await expectProblem(await app.request("/catalog"), 401, "unauthenticated");
    await expectProblem(await get(app, "/catalog", ids.nobody), 403, "forbidden");
  });

  it("answers other methods 405", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const response = await app.request("/catalog", { method: "POST", headers: jsonHeaders(ids.supervisor) });
    await expectProblem(response, 405, "method-not-allowed");
  });
});

describe("GET /catalog/history", () => {
  it("pages newest first with nextBefore, for supervisors only", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    for (const price of ["1.00", "1.10", "1.20"])
      await put(app, "/catalog/products/pk0001", { name: "Moneda", referencePrice: price });
    type Page = { changes: { after: { referencePrice: string } }[]; nextBefore: string };
    const first = (await (await get(app, "/catalog/history?limit=2")).json()) as Page;
    expect(first.changes.map((c) => c.after.referencePrice)).toEqual(["1.20", "1.10"]);
    const next = await get(app, `/catalog/history?limit=2&before=${encodeURIComponent(first.nextBefore)}`);
    const rest = (await next.json()) as Page;
    expect(rest.changes.map((c) => c.after.referencePrice)).toEqual(["1.00"]);
    expect(rest.nextBefore).toBeNull();
    for (const token of [ids.courier, ids.dispatcher])
      await expectProblem(await get(app, "/catalog/history", token), 403, "forbidden");
  });

  it("names a bad limit, a cursor it never gave and an unknown parameter", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const problem = await expectProblem(
      await get(app, "/catalog/history?limit=0&before=x&sort=asc"),
      400,
      "invalid-input",
    );
    expect(problem.errors?.map((issue) => issue.path)).toEqual(["limit", "before", "sort"]);
    const notNumber = await expectProblem(await get(app, "/catalog/history?limit=ten"), 400, "invalid-input");
    expect(notNumber.errors).toEqual([{ path: "limit", message: "limit must be a whole number" }]);
  });
});

describe("the catalogue in the OpenAPI document", () => {
  it("documents the four operations, their bodies and answers", () => {
    const document = openApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.paths["/catalog"]?.get?.operationId).toBe("getCatalog");
    expect(document.paths["/catalog/products/{id}"]?.put?.operationId).toBe("putCatalogProduct");
    expect(document.paths["/catalog/couriers/{id}"]?.put?.operationId).toBe("putCatalogCourier");
    expect(document.paths["/catalog/history"]?.get?.operationId).toBe("getCatalogHistory");
  });
});
