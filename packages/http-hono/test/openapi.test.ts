import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderPayloadSchema } from "../src/contract/order-payload.js";
import {
  InMemoryCatalogueStore,
  InMemoryOrderRepository,
  InMemoryProjectionStore,
} from "@cargo-express/adapters-memory";
import {
  DEFAULT_BUSINESS_TIME_ZONE,
  GetDailySeries,
  GetMonitorReport,
  GetOrder,
  ListOrders,
  PlaceOrder,
  systemClock,
  VoidOrder,
  CorrectOrder,
} from "@cargo-express/domain";
import { createOrdersApp } from "../src/app.js";
import {
  DOCS_ASSETS,
  DOCS_ASSETS_PREFIX,
  INTERACTIVE_DOCS_CSP,
  INTERACTIVE_DOCS_PAGE,
} from "../src/docs/interactive-docs-files.js";
import { createMonitorApp, PROBLEM_TYPES, problemTypeUri, type ProblemKind } from "../src/index.js";
import { buildApp, catalogueUseCases, exportUseCases, GROUPS, silentLogger } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";

let ids: LocalIdentities;
beforeAll(async () => {
  ids = await startLocalIdentities();
});
afterAll(() => ids.server.close());

type Doc = {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, unknown>; security?: unknown; requestBody?: unknown; parameters?: { name: string }[] }
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

async function document(): Promise<Doc> {
  const { app } = buildApp({ verifier: ids.verifier });
  const response = await app.request("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as Doc;
}

/** `/orders/:id` -> `/orders/{id}` */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document, served without sign-in", async () => {
    const doc = await document();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
  });

  it("describes exactly the routes the app serves", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const served = new Set(
      app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${openApiPath(route.path)}`),
    );
    const doc = await document();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    expect([...documented].sort()).toEqual([...served].sort());
    expect(served).toContain("POST /orders");
    expect(served).toContain("GET /monitor/status");
  });

  it("generates the request schema from the contract's OrderPayloadSchema", async () => {
    const doc = await document();
    const payload = doc.components.schemas.OrderPayload!;
    expect(Object.keys(payload.properties!)).toEqual(Object.keys(OrderPayloadSchema.shape));
    expect(payload.required).toEqual(["pedido_id", "repartidor", "productos", "timestamp"]);
    const post = doc.paths["/orders"]!.post!;
    expect(post.requestBody).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/OrderPayload" } } },
    });
    expect(doc.paths["/order/registrar_pedido_entregado"]!.post!.requestBody).toEqual(post.requestBody);
  });

  it("documents money as decimal strings and integer cents side by side", async () => {
    const doc = await document();
    const order = doc.components.schemas.Order!.properties!;
    expect(order.total).toMatchObject({ type: "string", pattern: "^\\d+\\.\\d{2}$" });
    expect(order.totalCents).toMatchObject({ type: "integer" });
    expect(doc.info.description).toContain("integer cents");
  });

  it("lists each route's statuses, every error as a problem document, and the monitor's query parameters", async () => {
    const doc = await document();
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]![method]!.responses).sort();
    expect(statuses("/orders", "post")).toEqual([
      "200",
      "201",
      "400",
      "401",
      "403",
      "405",
      "409",
      "413",
      "415",
      "500",
      "503",
    ]);
    expect(statuses("/orders/{id}", "get")).toEqual(["200", "400", "401", "403", "404", "405", "500", "503"]);
    expect(statuses("/monitor/status", "get")).toContain("404");
    expect(doc.paths["/monitor"]!.get!.parameters!.map((p) => p.name).sort()).toEqual([
      "If-None-Match",
      "couriers",
      "hours",
      "period",
      "top",
    ]);
    const period = doc.paths["/monitor"]!.get!.parameters!.find((p) => p.name === "period") as unknown as {
      in: string;
      schema: { enum: string[]; default: string };
    };
    expect(period).toMatchObject({ in: "query", schema: { enum: ["today", "7d", "all"], default: "all" } });
    expect(statuses("/monitor", "get")).toEqual(["200", "304", "400", "401", "403", "405", "500", "503"]);
    expect(doc.paths["/monitor"]!.get!.security).toEqual([{ cognito: [] }]);
    expect(doc.paths["/health"]!.get!.security).toEqual([]);
    for (const kind of Object.keys(PROBLEM_TYPES) as ProblemKind[])
      expect(doc.info.description).toContain(problemTypeUri(kind));
  });

  it("documents the optional If-Match header and its 412 on both supervisor changes: void and corrections", async () => {
    const doc = await document();
    for (const path of ["/orders/{id}/void", "/orders/{id}/corrections"]) {
      const operation = doc.paths[path]!.post!;
      const ifMatch = operation.parameters!.find((p) => p.name === "If-Match") as unknown as {
        in: string;
        required?: boolean;
        description: string;
      };
      expect(ifMatch, path).toMatchObject({ in: "header", description: expect.stringContaining("412") });
      expect(ifMatch.required ?? false, path).toBe(false);
      expect(Object.keys(operation.responses), path).toContain("412");
    }
  });

  it("has no dangling $ref", async () => {
    const doc = await document();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(doc.components.schemas).toHaveProperty(ref.split("/").pop()!);
    }
  });
});

describe("GET /docs", () => {
  /** Every URL the page loads (scripts, styles, icons, links), resolved against where it is served. */
  const loadedUrls = (html: string, page: string) =>
    [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((match) => new URL(match[1]!, page));

  it("is an interactive reference (Swagger UI) whose every asset comes from the app itself, with the right type", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    const page = "http://api.test/docs";
    const response = await app.request(page);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    // No inline code: the page's policy allows scripts from its own origin only, and requests to it only.
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("content-security-policy")).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);

    const urls = loadedUrls(html, page);
    const scripts = urls.filter((url) => url.pathname.endsWith(".js"));
    const styles = urls.filter((url) => url.pathname.endsWith(".css"));
    expect(scripts.map((url) => url.pathname)).toEqual(["/docs/assets/swagger-ui-bundle.js", "/docs/assets/docs.js"]);
    expect(styles.map((url) => url.pathname)).toEqual(["/docs/assets/swagger-ui.css"]);
    // Until Swagger UI starts (or where the assets are not served), the page links the raw document.
    expect(urls.filter((url) => url.pathname === "/openapi.json").map((url) => url.href)).toEqual([
      "http://api.test/openapi.json",
    ]);
    for (const url of urls) {
      if (url.protocol === "data:" || url.pathname === "/openapi.json") continue;
      expect(url.origin).toBe("http://api.test");
      const asset = await app.request(url.href);
      expect(asset.status, url.pathname).toBe(200);
      const type = asset.headers.get("content-type");
      expect(type, url.pathname).toMatch(url.pathname.endsWith(".js") ? /^text\/javascript/ : /^text\/css/);
      expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
      expect((await asset.text()).length, url.pathname).toBeGreaterThan(
        url.pathname.endsWith("docs.js") ? 100 : 100_000,
      );
    }

    // Swagger UI's own code (from the npm package), pointed at this API's document with the validator badge off.
    const bundle = await (await app.request("/docs/assets/swagger-ui-bundle.js")).text();
    expect(bundle).toContain("SwaggerUIBundle");
    const start = await (await app.request("/docs/assets/docs.js")).text();
    expect(start).toContain('new URL("openapi.json", document.baseURI)');
    expect(start).toContain("validatorUrl: null");
    // "Authorize" takes a bearer token because the document declares the scheme every signed-in route uses.
    const doc = await document();
    expect((doc as unknown as { components: { securitySchemes: unknown } }).components.securitySchemes).toEqual({
      cognito: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
  });

  it("serves only its own files under /docs/assets/, and those only to GET and HEAD", async () => {
    const { app } = buildApp({ verifier: ids.verifier });
    expect((await app.request("/docs/assets/index.html")).status).toBe(404);
    expect((await app.request("/docs/assets/../package.json")).status).toBe(404);
    expect((await app.request("/docs/assets/swagger-ui-bundle.js.map")).status).toBe(404);
    const head = await app.request("/docs/assets/swagger-ui.css", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toMatch(/^text\/css/);
    expect((await app.request("/docs/assets/swagger-ui.css", { method: "POST" })).status).toBe(404);
  });

  it("is, in both Lambdas, the same page under the same policy, without the assets (CloudFront serves those)", async () => {
    const { app: whole } = buildApp({ verifier: ids.verifier });
    const wholePage = await whole.request("/docs");
    const monitor = createMonitorApp({
      getMonitorReport: new GetMonitorReport({
        queries: new InMemoryProjectionStore(),
        catalogue: new InMemoryCatalogueStore(),
        clock: systemClock,
        timeZone: "UTC",
      }),
      getDailySeries: new GetDailySeries({ daily: new InMemoryProjectionStore(), timeZone: "UTC" }),
      verifier: ids.verifier,
      groups: GROUPS,
      logger: silentLogger(),
      ...catalogueUseCases(),
    });
    const repository = new InMemoryOrderRepository();
    const orders = createOrdersApp({
      placeOrder: new PlaceOrder({ orders: repository, clock: systemClock, timeZone: DEFAULT_BUSINESS_TIME_ZONE }),
      getOrder: new GetOrder({ orders: repository }),
      voidOrder: new VoidOrder({ orders: repository, clock: systemClock }),
      correctOrder: new CorrectOrder({ orders: repository, clock: systemClock }),
      listOrders: new ListOrders({ ledger: repository, timeZone: DEFAULT_BUSINESS_TIME_ZONE }),
      ...exportUseCases(),
      verifier: ids.verifier,
      groups: GROUPS,
      logger: silentLogger(),
      ...catalogueUseCases(),
    });
    const wholeHtml = await wholePage.text();
    expect(wholeHtml).toBe(INTERACTIVE_DOCS_PAGE);
    expect(wholePage.headers.get("content-security-policy")).toBe(INTERACTIVE_DOCS_CSP);
    for (const [name, app] of Object.entries({ monitor, orders })) {
      const response = await app.request("/docs");
      expect(response.status, name).toBe(200);
      expect(response.headers.get("content-type"), name).toMatch(/^text\/html/);
      expect(response.headers.get("content-security-policy"), name).toBe(INTERACTIVE_DOCS_CSP);
      expect(await response.text(), name).toBe(wholeHtml);
      for (const asset of DOCS_ASSETS)
        expect((await app.request(`/docs/assets/${asset.name}`)).status, `${name} ${asset.name}`).toBe(404);
      // The same document as the whole API's: the API routes /openapi.json to the monitor function.
      expect(await (await app.request("/openapi.json")).json(), name).toEqual(
        await (await whole.request("/openapi.json")).json(),
      );
    }
  });

  it("lists every asset the page loads, and only those, in the asset list infra-pulumi uploads", () => {
    const loaded = loadedUrls(INTERACTIVE_DOCS_PAGE, "https://site.test/docs")
      .filter((url) => url.protocol !== "data:" && url.pathname.startsWith(DOCS_ASSETS_PREFIX))
      .map((url) => url.pathname.slice(DOCS_ASSETS_PREFIX.length));
    const listed = DOCS_ASSETS.map((asset) => asset.name);
    expect(listed.filter((name) => !name.endsWith(".LICENSE.txt")).sort()).toEqual([...loaded].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });
});
