import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
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
import { serve, type ServerType } from "@hono/node-server";
import { OrderMother } from "@cargo-express/testkit";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonitorApp, createOrdersApp } from "../src/app.js";
import { DOCS_ASSETS, DOCS_ASSETS_PREFIX } from "../src/docs/interactive-docs-files.js";
import { buildApp, catalogueUseCases, exportUseCases, GROUPS, silentLogger } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";

/**
 * GET /docs in a real browser (Debian's Chromium driven by playwright-core, as monitor-web's end-to-end tests do),
 * served by @hono/node-server as the local stack serves it: Swagger UI starts under the page's own
 * Content-Security-Policy, loads nothing from another origin, lists every operation, and "Try it out" with a
 * bearer token entered under "Authorize" reaches the API. Then the same as deployed: the Lambdas' page, its assets
 * served as files beside it (what CloudFront serves from the web app's bucket), the routes split per function.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let ids: LocalIdentities;
let harness: ReturnType<typeof buildApp>;
let server: ServerType;
let origin: string;
let browser: Browser;
beforeAll(async () => {
  ids = await startLocalIdentities();
  harness = buildApp({ verifier: ids.verifier });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: harness.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--disable-dev-shm-usage"] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await ids.server.close();
});

/**
 * Opens /docs at `origin`, checks every operation is listed, authorises with the supervisor's token and runs
 * "Try it out" on GET /orders/{id} for `orderId`; nothing may come from another origin, nothing may fail.
 */
async function tryItOut(origin: string, orderId: string): Promise<void> {
  const page = await browser.newPage();
  const requested: string[] = [];
  const problems: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${origin}/docs`);

  await page.locator(".opblock").first().waitFor();
  const operations = await page.locator(".opblock-summary-path").allTextContents();
  expect(operations.map((path) => path.replace(/\u200b/g, "")).sort()).toEqual(
    [
      "/catalog",
      "/catalog/couriers/{id}",
      "/catalog/history",
      "/catalog/products/{id}",
      "/docs",
      "/exports",
      "/exports/{id}",
      "/health",
      "/monitor",
      "/monitor/daily",
      "/monitor/status",
      "/openapi.json",
      "/order/registrar_pedido_entregado",
      "/orders",
      "/orders",
      "/orders/{id}",
      "/orders/{id}/void",
      "/orders/{id}/corrections",
    ].sort(),
  );

  // Authorize with a supervisor's access token (the document's bearer scheme).
  await page.locator("button.authorize").first().click();
  await page.locator(".auth-container input").first().fill(ids.supervisor);
  await page.locator(".auth-btn-wrapper button.authorize").click();
  await page.locator("button.btn-done").click();

  // Try it out: GET /orders/{id} with the stored order's id.
  const getOrder = page.locator(".opblock-get", { has: page.locator('[data-path="/orders/{id}"]') });
  await getOrder.locator(".opblock-summary").click();
  const tryItOutButton = getOrder.locator("button.try-out__btn");
  if ((await tryItOutButton.count()) > 0 && (await tryItOutButton.textContent())?.includes("Try it out"))
    await tryItOutButton.click();
  await getOrder.locator('tr[data-param-name="id"] input').fill(orderId);
  const answered = page.waitForResponse((response) => response.url().endsWith(`/orders/${orderId}`));
  await getOrder.locator("button.execute").click();
  const response = await answered;
  expect(response.status()).toBe(200);
  expect(response.request().headers().authorization).toBe(`Bearer ${ids.supervisor}`);
  expect(((await response.json()) as { id: string }).id).toBe(orderId);

  expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
}

async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<[ServerType, string]> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
}

describe("GET /docs in a browser", { timeout: 60_000 }, () => {
  it("renders every operation from same-origin assets, and Try it out sends the bearer token", async () => {
    const order = OrderMother.sample();
    const placed = await harness.app.request("/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${ids.courier}`, "content-type": "application/json" },
      body: JSON.stringify(order),
    });
    expect(placed.status).toBe(201);
    await tryItOut(origin, order.pedido_id);
  });

  it("works as deployed: the Lambdas' page, the assets as files beside it (CloudFront's bucket), the API's routes per function", async () => {
    const repository = new InMemoryOrderRepository();
    const common = { verifier: ids.verifier, groups: GROUPS, logger: silentLogger(), ...catalogueUseCases() };
    const orders = createOrdersApp({
      placeOrder: new PlaceOrder({ orders: repository, clock: systemClock, timeZone: DEFAULT_BUSINESS_TIME_ZONE }),
      getOrder: new GetOrder({ orders: repository }),
      voidOrder: new VoidOrder({ orders: repository, clock: systemClock }),
      correctOrder: new CorrectOrder({ orders: repository, clock: systemClock }),
      listOrders: new ListOrders({ ledger: repository, timeZone: DEFAULT_BUSINESS_TIME_ZONE }),
      ...exportUseCases(),
      ...common,
    });
    const monitor = createMonitorApp({
      getMonitorReport: new GetMonitorReport({
        queries: new InMemoryProjectionStore(),
        catalogue: new InMemoryCatalogueStore(),
        clock: systemClock,
        timeZone: DEFAULT_BUSINESS_TIME_ZONE,
      }),
      getDailySeries: new GetDailySeries({
        daily: new InMemoryProjectionStore(),
        timeZone: DEFAULT_BUSINESS_TIME_ZONE,
      }),
      ...common,
    });
    // What infra-pulumi uploads (the same list), served as S3 serves an object: its bytes and its Content-Type.
    const require = createRequire(import.meta.url);
    const files = new Map(
      DOCS_ASSETS.map((asset) => [
        `${DOCS_ASSETS_PREFIX}${asset.name}`,
        {
          body: "text" in asset ? asset.text : readFileSync(require.resolve(asset.npmFile)),
          type: asset.contentType,
        },
      ]),
    );
    const [site, siteOrigin] = await listen(async (request) => {
      const path = new URL(request.url).pathname;
      const file = files.get(path);
      if (file !== undefined) return new Response(file.body, { headers: { "content-type": file.type } });
      // API Gateway's routes: the orders paths to the orders function, the rest (/docs included) to the monitor's.
      return (path.startsWith("/orders") || path.startsWith("/order/") ? orders : monitor).fetch(request);
    });
    try {
      const order = OrderMother.sample();
      const placed = await orders.request("/orders", {
        method: "POST",
        headers: { authorization: `Bearer ${ids.courier}`, "content-type": "application/json" },
        body: JSON.stringify(order),
      });
      expect(placed.status).toBe(201);
      await tryItOut(siteOrigin, order.pedido_id);
    } finally {
      await new Promise<void>((resolve) => site.close(() => resolve()));
    }
  });
});
