import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { OrderMother } from "@cargo-express/testkit";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "./support/harness.js";
import { startLocalIdentities, type LocalIdentities } from "./support/identities.js";

/**
 * GET /docs in a real browser (Debian's Chromium driven by playwright-core, as monitor-web's end-to-end tests do),
 * served by @hono/node-server as the local stack serves it: Swagger UI starts under the page's own
 * Content-Security-Policy, loads nothing from another origin, lists every operation, and "Try it out" with a
 * bearer token entered under "Authorize" reaches the API.
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

describe("GET /docs in a browser", { timeout: 60_000 }, () => {
  it("renders every operation from same-origin assets, and Try it out sends the bearer token", async () => {
    const order = OrderMother.sample();
    const placed = await harness.app.request("/orders", {
      method: "POST",
      headers: { authorization: `Bearer ${ids.courier}`, "content-type": "application/json" },
      body: JSON.stringify(order),
    });
    expect(placed.status).toBe(201);

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
        "/docs",
        "/health",
        "/monitor",
        "/monitor/status",
        "/openapi.json",
        "/order/registrar_pedido_entregado",
        "/orders",
        "/orders/{id}",
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
    const tryItOut = getOrder.locator("button.try-out__btn");
    if ((await tryItOut.count()) > 0 && (await tryItOut.textContent())?.includes("Try it out")) await tryItOut.click();
    await getOrder.locator('tr[data-param-name="id"] input').fill(order.pedido_id);
    const answered = page.waitForResponse((response) => response.url().endsWith(`/orders/${order.pedido_id}`));
    await getOrder.locator("button.execute").click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.request().headers().authorization).toBe(`Bearer ${ids.supervisor}`);
    expect(((await response.json()) as { id: string }).id).toBe(order.pedido_id);

    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
