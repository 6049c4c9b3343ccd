/**
 * The supervisors' web app in a real browser (Debian's Chromium driven by playwright-core) against the
 * local stack started as `npm start` starts it. Also takes the README's screenshots, into the ignored
 * test-output/screenshots/ (`npm run docs:screenshots` copies them to docs/images/ when asked to).
 */
import { readFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCount, formatMoney } from "../../src/format.js";
import { authenticatorCode } from "./authenticator.js";
import {
  launchChromium,
  monitorReport,
  monitorTotals,
  postOrderPayloads,
  postOrders,
  removeQuietly,
  repositoryRoot,
  startGate,
  startStack,
  untilMonitorCounts,
  type Gate,
  type RunningStack,
} from "./support.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const screenshots = join(repositoryRoot, "packages", "monitor-web", "test-output", "screenshots");

let scratch: string;
let stack: RunningStack | undefined;
let gate: Gate | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "cargo-express-web-e2e-"));
  stack = await startStack(scratch);
  gate = await startGate(stack.apiPort);
  browser = await launchChromium();
  // Yesterday's and today's deliveries, so every chart and the heatmap have something to show.
  await postOrders(stack.settings, 40, { hoursBack: 20 });
  const totals = await untilMonitorCounts(stack.settings, 40);
  if (totals.orders !== 40) throw new Error(`the monitor counts ${totals.orders} of 40 orders`);
}, 240_000);

afterAll(async () => {
  // Everything is stopped even when a case failed: pages, browser, gate, stack (and its DynamoDB Local).
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await gate?.close().catch(() => undefined);
  await stack?.stop();
  removeQuietly(scratch);
}, 60_000);

interface Watched {
  readonly page: Page;
  /** Content-Security-Policy violations and uncaught errors the page reported. */
  readonly problems: string[];
}

async function openApp(options: { width?: number; height?: number; bypassCSP?: boolean } = {}): Promise<Watched> {
  const context = await browser!.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    bypassCSP: options.bypassCSP ?? false,
    locale: "es-CO",
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${gate!.origin}/`);
  await page.locator("#username").waitFor();
  return { page, problems };
}

const settings = () => stack!.settings;

/**
 * The password, then, when the page asks for it (supervisors are in the staff pool), the code the supervisor's
 * authenticator shows now.
 */
async function signIn(
  page: Page,
  username: string,
  password: string,
  totpSecret = settings().SUPERVISOR_TOTP_SECRET,
): Promise<void> {
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("#sign-in-button");
  await page.waitForFunction(
    () =>
      document.querySelector("#code") !== null ||
      document.querySelector("#sign-in-notice:not([hidden])") !== null ||
      document.querySelector("#total-orders") !== null,
  );
  if ((await page.locator("#code").count()) === 0) return;
  await page.fill("#code", authenticatorCode(totpSecret));
  await page.click("#code-button");
}
// biome-ignore lint/performance/useDomNodeTextContent: innerText is the text as the user sees it (CSS applied), what these tests check.
const text = (page: Page, selector: string) => page.locator(selector).innerText();

async function dashboardShowing(page: Page, orders: number, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelector("#total-orders")?.textContent === expected,
    formatCount(orders, "es"),
    { timeout },
  );
}

describe("the monitor web app in Chromium, against the local stack", () => {
  let main: Watched;

  it("signs a supervisor in and shows the metrics of all time, in Spanish", async () => {
    main = await openApp();
    await signIn(main.page, settings().SUPERVISOR_USERNAME, settings().SUPERVISOR_PASSWORD);
    const totals = await monitorTotals(settings());
    await dashboardShowing(main.page, totals.orders);
    expect(await text(main.page, "#total-units")).toBe(formatCount(totals.units, "es"));
    expect(await text(main.page, "#total-money")).toBe(formatMoney(totals.revenue, "es"));
    expect(await text(main.page, "#total-money")).toMatch(/^\$\s[\d.]+,\d\d$/);
    expect(await main.page.locator("canvas").count()).toBe(2);
    expect(await main.page.locator("#couriers-table tbody tr").count()).toBeGreaterThan(1);
    expect(await main.page.locator("#heatmap tbody tr").count()).toBeGreaterThan(1);
    expect(await main.page.locator("#heatmap td.heat:not(.heat-0)").count()).toBeGreaterThan(0);
    expect(await text(main.page, "#updated")).toMatch(/^Actualizado hace \d+ s$/);
    expect(await text(main.page, "h1")).toBe("Monitor de entregas");
    expect(main.problems).toEqual([]);
  });

  it("shows orders posted through the API within 5 s, without reloading the page", async () => {
    await main.page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    // A keyboard user sitting on a control keeps it through the refresh.
    await main.page.locator('#couriers-table th[data-key="ordersDelivered"] button').focus();
    // The charts are updated on their canvases, not drawn anew: Chart.js keeps its state object on a canvas it draws
    // on (`$chartjs`) until the chart is destroyed, so the same object after the refresh means the same chart.
    await main.page.evaluate(() => {
      const canvases = [...document.querySelectorAll("canvas")] as unknown as { $chartjs?: object }[];
      (window as unknown as { chartsBefore: unknown[] }).chartsBefore = canvases.map((c) => c.$chartjs);
    });
    const before = await monitorTotals(settings());
    await postOrders(settings(), 3);
    // The brief's promise to supervisors: what a courier reports shows up within 5 s.
    await dashboardShowing(main.page, before.orders + 3, 5_000);
    expect(await main.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await main.page.evaluate(() => document.activeElement?.closest("th")?.getAttribute("data-key"))).toBe(
      "ordersDelivered",
    );
    const sameCharts = await main.page.evaluate(() => {
      const before = (window as unknown as { chartsBefore: unknown[] }).chartsBefore;
      const canvases = [...document.querySelectorAll("canvas")] as unknown as { $chartjs?: object }[];
      return (
        before.length === canvases.length &&
        canvases.every((c, i) => c.$chartjs !== undefined && c.$chartjs === before[i])
      );
    });
    expect(sameCharts).toBe(true);
  });

  it("takes the desktop screenshot for the README", async () => {
    await dashboardShowing(main.page, (await monitorTotals(settings())).orders);
    mkdirSync(screenshots, { recursive: true });
    await main.page.screenshot({ path: join(screenshots, "monitor-desktop.png"), fullPage: true });
  });

  it("asks again with If-None-Match while nothing changes and gets 304 Not Modified, still counting seconds from it", async () => {
    // With its live channel up the page asks only when told of a change, or when its tab is shown again: here the
    // latter (headless Chromium keeps tabs visible, so the page is told what a browser says when one is shown).
    const conditionalAnswer = main.page.waitForResponse(
      (response) =>
        response.url().includes("/monitor?period=all") && response.request().headers()["if-none-match"] !== undefined,
      { timeout: 10_000 },
    );
    await main.page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
    const conditional = await conditionalAnswer;
    expect(conditional.status()).toBe(304);
    await main.page.waitForFunction(() =>
      /^Actualizado hace [0-5] s$/.test(document.querySelector("#updated")?.textContent ?? ""),
    );
  });

  it("stops asking while the tab is hidden and asks at once when it is shown again (Page Visibility API)", async () => {
    const asked: number[] = [];
    const onRequest = (request: { url(): string }) => {
      if (request.url().includes("/monitor?")) asked.push(Date.now());
    };
    // Headless Chromium keeps every tab visible, so the page is told what a browser says when its tab is hidden.
    const setVisibility = (state: "hidden" | "visible") =>
      main.page.evaluate((value) => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => value });
        document.dispatchEvent(new Event("visibilitychange"));
      }, state);
    await setVisibility("hidden");
    await main.page.waitForTimeout(500); // a request already on its way may still land
    main.page.on("request", onRequest);
    await main.page.waitForTimeout(10_000); // more than three refresh intervals
    expect(asked).toEqual([]);
    const shown = main.page.waitForRequest((request) => request.url().includes("/monitor?"), { timeout: 2_000 });
    await setVisibility("visible");
    await shown;
    main.page.off("request", onRequest);
  });

  it("sorts the couriers' table by any column with the keyboard", async () => {
    const moneyHeader = main.page.locator('#couriers-table th[data-key="revenueCents"]');
    expect(await moneyHeader.getAttribute("aria-sort")).toBe("descending");
    await main.page.locator('#couriers-table th[data-key="courierName"] button').focus();
    await main.page.keyboard.press("Enter");
    await main.page.waitForFunction(
      () =>
        document.querySelector('#couriers-table th[data-key="courierName"]')?.getAttribute("aria-sort") === "ascending",
    );
    const names = await main.page.locator("#couriers-table tbody th").allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "es")));
  });

  it("switches the period, asking the API for it", async () => {
    const asked = main.page.waitForRequest((request) => request.url().includes("/monitor?period=today"));
    await main.page.click('label[for="period-today"]');
    await asked;
    await main.page.waitForFunction(() => document.querySelector("#period-range")?.textContent?.startsWith("Hoy"));
    const today = await monitorTotals(settings(), "today");
    await dashboardShowing(main.page, today.orders);
    // A week: one heatmap column per hour since midnight six days ago, inside its own scrolling box.
    await main.page.click('label[for="period-7d"]');
    await main.page.waitForFunction(() =>
      document.querySelector("#period-range")?.textContent?.startsWith("Últimos 7 días"),
    );
    await dashboardShowing(main.page, (await monitorTotals(settings(), "7d")).orders);
    expect(await main.page.locator("#heatmap thead tr:nth-child(2) th").count()).toBeGreaterThan(144);
    expect(
      await main.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBe(0);
    await main.page.click('label[for="period-all"]');
    await dashboardShowing(main.page, (await monitorTotals(settings())).orders);
  });

  it("switches to English and back, with English number formats", async () => {
    await main.page.getByRole("button", { name: "Switch to English" }).click();
    await main.page.waitForFunction(() => document.querySelector("h1")?.textContent === "Delivery monitor");
    const totals = await monitorTotals(settings());
    await main.page.waitForFunction(
      (expected) => document.querySelector("#total-money")?.textContent === expected,
      formatMoney(totals.revenue, "en"),
    );
    expect(await main.page.evaluate(() => document.documentElement.lang)).toBe("en");
    await main.page.getByRole("button", { name: "Cambiar a español" }).click();
    await main.page.waitForFunction(() => document.querySelector("h1")?.textContent === "Monitor de entregas");
  });

  it("says so when the API goes away, keeps the last figures, and recovers by itself when it comes back", async () => {
    const shown = await text(main.page, "#total-orders");
    await gate!.close();
    // The page polls only while its live channel is down: an order (posted to the stack, not through the gate) makes
    // the projector publish, and the page's refetch through the closed gate finds the API gone.
    await postOrders(settings(), 1);
    await main.page.waitForFunction(
      () => !(document.querySelector("#connection") as HTMLElement | null)?.hidden,
      undefined,
      { timeout: 15_000 },
    );
    expect(await text(main.page, "#connection")).toContain("No hay conexión con el servidor");
    expect(await text(main.page, "#total-orders")).toBe(shown);
    await gate!.open();
    await main.page.waitForFunction(
      () => (document.querySelector("#connection") as HTMLElement | null)?.hidden === true,
      undefined,
      { timeout: 15_000 },
    );
    await main.page.waitForFunction(
      () => /^Actualizado hace [0-5] s$/.test(document.querySelector("#updated")?.textContent ?? ""),
      undefined,
      { timeout: 10_000 },
    );
    expect(main.problems).toEqual([]);
  });

  it("signs out: back to sign-in, figures and session gone", async () => {
    await main.page.click("#sign-out");
    await main.page.locator("#sign-in-notice").waitFor();
    expect(await text(main.page, "#sign-in-notice")).toBe("Cerraste la sesión.");
    expect(await main.page.locator("#total-orders").count()).toBe(0);
    expect(await main.page.evaluate(() => sessionStorage.getItem("cargo-express.monitor.session"))).toBeNull();
  });

  it("answers a wrong password with a message in the page and shows no data", async () => {
    const { page, problems } = await openApp();
    await signIn(page, settings().SUPERVISOR_USERNAME, "not-the-password");
    await page.locator("#sign-in-notice").waitFor();
    expect(await text(page, "#sign-in-notice")).toBe(
      "Usuario o contraseña incorrectos. Revísalos e inténtalo de nuevo.",
    );
    expect(await page.locator("#dashboard-body").count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("refuses a courier-only user with a message, never showing a figure", async () => {
    const { page } = await openApp();
    const monitorAnswers: number[] = [];
    page.on("response", (response) => {
      if (response.url().includes("/monitor")) monitorAnswers.push(response.status());
    });
    await signIn(page, settings().COURIER_USERNAME, settings().COURIER_PASSWORD);
    // The page signs in to the staff pool, where couriers have no user at all: refused before any API call (a
    // staff user outside the supervisors' group is refused by the API's 403, controller.test.ts).
    await page.waitForFunction(() => document.querySelector("#sign-in-notice")?.textContent?.includes("incorrectos"));
    expect(await text(page, "#sign-in-notice")).toBe(
      "Usuario o contraseña incorrectos. Revísalos e inténtalo de nuevo.",
    );
    expect(monitorAnswers).toEqual([]);
    expect(await page.locator("#total-orders").count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem("cargo-express.monitor.session"))).toBeNull();
  });

  it("says in the page when its settings (/config.json) cannot be loaded, instead of a blank screen", async () => {
    const context = await browser!.newContext();
    contexts.push(context);
    const page = await context.newPage();
    // A deployment whose config.json went missing.
    await page.route("**/config.json", (route) => route.fulfill({ status: 404, body: "not found" }));
    await page.goto(`${gate!.origin}/`);
    await page.locator("#config-error").waitFor();
    expect(await text(page, "#config-error")).toContain(
      "No se pudo cargar la configuración de la aplicación (/config.json)",
    );
    expect(await page.locator("#username").count()).toBe(0);
  });

  it("fits a 390 px phone (and 360 px) without sideways scrolling, and takes the phone screenshot", async () => {
    const { page } = await openApp({ width: 390, height: 844 });
    await signIn(page, settings().SUPERVISOR_USERNAME, settings().SUPERVISOR_PASSWORD);
    await dashboardShowing(page, (await monitorTotals(settings())).orders);
    await page.locator("#heatmap").waitFor();
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    await page.screenshot({ path: join(screenshots, "monitor-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForFunction(() => document.documentElement.clientWidth === 360);
    expect(await overflow()).toBe(0);
  });

  it("has no serious or critical accessibility violations (axe-core) on the sign-in page, an error and the dashboard", async () => {
    // axe is injected as a script, which the page's own CSP would rightly refuse: this context bypasses it.
    const { page } = await openApp({ bypassCSP: true });
    const audit = async () => {
      await page.addScriptTag({ content: axeSource });
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
      )) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    };
    expect(await audit()).toEqual([]);
    await signIn(page, settings().SUPERVISOR_USERNAME, "wrong-password");
    await page.locator("#sign-in-notice").waitFor();
    expect(await audit()).toEqual([]);
    await signIn(page, settings().SUPERVISOR_USERNAME, settings().SUPERVISOR_PASSWORD);
    await dashboardShowing(page, (await monitorTotals(settings())).orders);
    expect(await audit()).toEqual([]);
  });

  it("says in the page when the totals hold figures no list shows (more distinct products than the read model lists)", async () => {
    // Three orders of one courier with 100 invented products each: its shard's all-time item lists at most 250
    // products (some are the catalogue's), so at least 50 units are counted as unlisted (the read model lists a bounded number of products). Runs last:
    // the note stays on screen.
    const before = await monitorTotals(settings());
    const orders = Array.from({ length: 3 }, (_, o) => ({
      pedido_id: `unlisted-${o}-${Date.now()}`,
      repartidor: { IdRepartidor: 106, Nombre: "Pedro Gómez" },
      productos: Array.from({ length: 100 }, (_, i) => ({
        IdProducto: `inventado-${o}-${i}`,
        producto: `Producto inventado ${o}-${i}`,
        precio: 0.01,
      })),
      timestamp: new Date().toISOString(),
    }));
    await postOrderPayloads(settings(), orders);
    await untilMonitorCounts(settings(), before.orders + 3);
    const { page, problems } = await openApp();
    await signIn(page, settings().SUPERVISOR_USERNAME, settings().SUPERVISOR_PASSWORD);
    const unlisted = (await monitorReport(settings())).unlisted?.products.units ?? 0;
    expect(unlisted).toBeGreaterThanOrEqual(50);
    await page.waitForSelector("#unlisted", { timeout: 10_000 });
    expect(await text(page, "#unlisted")).toContain(
      `Los totales incluyen ${formatCount(unlisted, "es")} unidades de productos que no aparecen en la lista.`,
    );
    expect(await text(page, "#unlisted")).not.toContain("pedidos");
    expect(await page.locator("#unlisted").getAttribute("role")).toBe("note");
    expect(problems).toEqual([]);
  });
});

describe("the monitor web app's session: renewal before expiry, and an expired session", () => {
  let shortLived: RunningStack | undefined;

  beforeAll(async () => {
    // LOCAL ONLY knobs: access tokens live 6 s, refresh tokens 16 s.
    shortLived = await startStack(scratch, {
      STORAGE: "memory",
      LOCAL_TOKEN_LIFETIME_SECONDS: "6",
      LOCAL_REFRESH_TOKEN_LIFETIME_SECONDS: "16",
      // The web app's supervisor is in the staff pool, which has its own lifetimes.
      LOCAL_STAFF_TOKEN_LIFETIME_SECONDS: "6",
      LOCAL_STAFF_REFRESH_TOKEN_LIFETIME_SECONDS: "16",
    });
  }, 120_000);
  afterAll(async () => {
    await shortLived?.stop();
  });

  it("renews the access token with GetTokensFromRefreshToken while the page stays live, presenting the refresh token each renewal rotated in, then ends the session with a message when renewal is refused", async () => {
    const s = shortLived!.settings;
    const context = await browser!.newContext({ viewport: { width: 1024, height: 768 } });
    contexts.push(context);
    const page = await context.newPage();
    const renewals: number[] = [];
    const monitorAnswers: number[] = [];
    /** The refresh token each renewal presented, and the replacement each successful renewal answered. */
    const presented: string[] = [];
    const replacements: string[] = [];
    const isRenewal = (headers: Record<string, string>) =>
      headers["x-amz-target"] === "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken";
    page.on("request", (request) => {
      if (request.method() === "POST" && isRenewal(request.headers())) {
        renewals.push(Date.now());
        presented.push((JSON.parse(request.postData() ?? "{}") as { RefreshToken: string }).RefreshToken);
      }
    });
    page.on("response", async (response) => {
      if (!isRenewal(response.request().headers()) || response.status() !== 200) return;
      const body = (await response.json()) as { AuthenticationResult: { RefreshToken?: string } };
      replacements.push(body.AuthenticationResult.RefreshToken ?? "");
    });
    page.on("response", (response) => {
      if (response.url().includes("/monitor")) monitorAnswers.push(response.status());
    });
    await page.goto(s.WEB_URL);
    await signIn(page, s.SUPERVISOR_USERNAME, s.SUPERVISOR_PASSWORD, s.SUPERVISOR_TOTP_SECRET);
    const signedInAt = Date.now();
    await dashboardShowing(page, 0);

    // Past the first token's 6 s lifetime the dashboard still gets answers: the token was renewed.
    await page.waitForFunction(
      () => /^Actualizado hace [0-4] s$/.test(document.querySelector("#updated")?.textContent ?? ""),
      undefined,
      { timeout: 10_000 },
    );
    const deadline = Date.now() + 20_000;
    while (Date.now() - signedInAt < 10_000 && Date.now() < deadline) await page.waitForTimeout(500);
    expect(renewals.length).toBeGreaterThanOrEqual(1);
    expect(await page.locator("#total-orders").count()).toBe(1);
    // The staff client rotates: the renewal answered a new refresh token, and the tab keeps that one.
    const signedInToken = presented[0]!;
    expect(replacements[0]).toMatch(/\S/);
    expect(replacements[0]).not.toBe(signedInToken);
    const stored = await page.evaluate(() => sessionStorage.getItem("cargo-express.monitor.session"));
    expect((JSON.parse(stored!) as { tokens: { refreshToken: string } }).tokens.refreshToken).toBe(replacements.at(-1));

    // The refresh token dies at 16 s; the next renewal is refused and the session ends, figures gone.
    await page.waitForFunction(
      () => document.querySelector("#sign-in-notice")?.textContent?.includes("Tu sesión expiró"),
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.locator("#total-orders").count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem("cargo-express.monitor.session"))).toBeNull();
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    // Every renewal after the first presented the replacement the one before it answered.
    expect(presented.slice(1, replacements.length + 1)).toEqual(replacements.slice(0, presented.length - 1));
    expect(monitorAnswers.filter((status) => status === 401)).toEqual([]);
  }, 90_000);
});
