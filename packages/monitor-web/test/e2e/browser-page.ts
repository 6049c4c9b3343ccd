/**
 * What the catalogue's browser tests do to a page: open the app in a context of its own (a phone's width, the CSP
 * bypassed only where axe-core must be injected), sign in with the password and the authenticator's code, and
 * measure what a user would see: sideways scroll and axe-core's serious or critical violations.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { authenticatorCode } from "./authenticator.js";
import type { StackSettings } from "./support.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface OpenedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Content-Security-Policy violations and uncaught errors the page reported. */
  readonly problems: string[];
}

export async function openPhone(
  browser: Browser,
  url: string,
  options: { width: number; height: number; bypassCSP: boolean },
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    bypassCSP: options.bypassCSP,
    locale: "es-CO",
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(url);
  await page.locator("#username").waitFor();
  return { page, context, problems };
}

/** The supervisor's password, then the code its authenticator shows now; waits for the dashboard's first figures. */
export async function signInAsSupervisor(page: Page, settings: StackSettings): Promise<void> {
  await page.fill("#username", settings.SUPERVISOR_USERNAME);
  await page.fill("#password", settings.SUPERVISOR_PASSWORD);
  await page.click("#sign-in-button");
  await page.locator("#code").waitFor();
  await page.fill("#code", authenticatorCode(settings.SUPERVISOR_TOTP_SECRET));
  await page.click("#code-button");
  await page.locator("#total-orders").waitFor();
}

/** How far the page scrolls sideways (0 on a page that fits). */
export const sidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** axe-core's serious and critical violations on the page as it is now (the context must bypass the CSP). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The text as the user sees it, white space collapsed. */
export async function seen(page: Page, selector: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text as the user sees it (CSS applied).
  return (await page.locator(selector).innerText()).replace(/\s+/g, " ").trim();
}

/** Fits 390 px and 360 px phones without sideways scrolling, with no serious or critical axe-core violation. */
export async function fitsPhonesAndIsAccessible(page: Page): Promise<void> {
  for (const [width, height] of [
    [390, 844],
    [360, 780],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForFunction((w) => document.documentElement.clientWidth === w, width);
    expect(await sidewaysScroll(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  }
}
