/**
 * The live channel in Chromium against `npm start`'s stack: the page holds a WebSocket to the local stand-in for
 * AppSync Events (the same protocol as on AWS), refreshes the moment the projector publishes after a commit, and
 * polls only while the socket is down (every 30 s), saying so.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCount } from "../../src/format.js";
import { authenticatorCode } from "./authenticator.js";
import {
  launchChromium,
  monitorTotals,
  postOrders,
  removeQuietly,
  startStack,
  untilMonitorCounts,
  type RunningStack,
} from "./support.js";

let scratch: string;
let stack: RunningStack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "cargo-express-live-e2e-"));
  stack = await startStack(scratch);
  browser = await launchChromium();
  await postOrders(stack.settings, 2);
  await untilMonitorCounts(stack.settings, 2);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
  removeQuietly(scratch);
}, 60_000);

/** A supervisor's page, signed in; every GET /monitor it sends is timed. */
async function signedInPage(options: { liveDown?: boolean } = {}): Promise<{ page: Page; monitorCalls: number[] }> {
  const context = await browser!.newContext({ locale: "es-CO" });
  contexts.push(context);
  const page = await context.newPage();
  if (options.liveDown) {
    // The live endpoint refuses every connection (as when AppSync is unreachable): the socket closes at once.
    await page.routeWebSocket(/\/event\/realtime$/, (socket) => socket.close({ code: 1011, reason: "unavailable" }));
  }
  const monitorCalls: number[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/monitor") monitorCalls.push(Date.now());
  });
  const settings = stack!.settings;
  await page.goto(settings.API);
  await page.fill("#username", settings.SUPERVISOR_USERNAME);
  await page.fill("#password", settings.SUPERVISOR_PASSWORD);
  await page.click("#sign-in-button");
  await page.locator("#code").waitFor();
  await page.fill("#code", authenticatorCode(settings.SUPERVISOR_TOTP_SECRET));
  await page.click("#code-button");
  await page.locator("#total-orders").waitFor();
  return { page, monitorCalls };
}

const showing = (page: Page, orders: number, timeout: number) =>
  page.waitForFunction(
    (expected) => document.querySelector("#total-orders")?.textContent === expected,
    formatCount(orders, "es"),
    {
      timeout,
    },
  );

describe("the live channel (local stand-in for AppSync Events)", () => {
  it("updates the page when the projector publishes, without waiting for a poll, and never polls while live", async () => {
    const { page, monitorCalls } = await signedInPage();
    await showing(page, (await monitorTotals(stack!.settings)).orders, 10_000);
    // Live: no fallback notice, and no request at all over a quiet spell (the fallback would poll every 30 s).
    await page.waitForFunction(() => document.querySelector("#live")?.hasAttribute("hidden") === true);
    const quietFrom = monitorCalls.length;
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(monitorCalls.length).toBe(quietFrom);

    const before = await monitorTotals(stack!.settings);
    const posted = Date.now();
    await postOrders(stack!.settings, 1);
    // Far sooner than any poll could bring it: the page refetched on the event.
    await showing(page, before.orders + 1, 5_000);
    const refetches = monitorCalls.slice(quietFrom);
    expect(refetches.length).toBeGreaterThanOrEqual(1);
    expect(refetches.every((at) => at >= posted)).toBe(true);
    expect(await page.locator("#live").isHidden()).toBe(true);
  });

  it("says so when the live channel is down, and falls back to polling every 30 s (Spanish, then English)", async () => {
    const { page, monitorCalls } = await signedInPage({ liveDown: true });
    const notice = page.locator("#live");
    await notice.waitFor({ state: "visible", timeout: 10_000 });
    expect(await notice.textContent()).toBe(
      "Sin actualización en vivo: las cifras se actualizan cada 30 segundos mientras se recupera la conexión.",
    );
    await page.getByRole("button", { name: "Switch to English" }).click();
    expect(await notice.textContent()).toBe(
      "Live updates are unavailable: the figures refresh every 30 seconds until the connection is back.",
    );
    // The figures still come: the first fetch at sign-in; the next poll is 30 s away, not 3 s.
    await showing(page, (await monitorTotals(stack!.settings)).orders, 10_000);
    const fetched = monitorCalls.length;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(monitorCalls.length).toBe(fetched);
  });
});
