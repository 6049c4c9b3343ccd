/**
 * A supervisor's second factor in Chromium against the local stack (`npm start`'s program, in memory): first
 * sign-in enrolment (QR code and key, then the app's first code), sign-in with a code (a wrong one answered in the
 * page), and sign-out revoking the refresh token at the sign-in service. Every screen is checked with axe-core.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticatorCode } from "./authenticator.js";
import { launchChromium, removeQuietly, type RunningStack, startStack } from "./support.js";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let scratch: string;
let stack: RunningStack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "cargo-express-2fa-e2e-"));
  stack = await startStack(scratch, { STORAGE: "memory" });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
  removeQuietly(scratch);
}, 60_000);

const settings = () => stack!.settings;

/** A page of the app; axe is injected as a script, which the page's own CSP would rightly refuse, so it bypasses CSP. */
async function openApp(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser!.newContext({
    viewport: { width: 1024, height: 800 },
    locale: "es-CO",
    bypassCSP: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(settings().WEB_URL);
  await page.locator("#username").waitFor();
  return { page, problems };
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run())) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function password(page: Page, username: string, secret: string): Promise<void> {
  await page.fill("#username", username);
  await page.fill("#password", secret);
  await page.click("#sign-in-button");
  await page.locator("#code").waitFor();
}

const dashboard = (page: Page) => page.locator("#total-orders").waitFor({ timeout: 15_000 });

/**
 * A renewal against the staff pool's client, as any client would send it (GetTokensFromRefreshToken: the client
 * rotates refresh tokens, so REFRESH_TOKEN_AUTH is not allowed there): the error type, or "accepted".
 */
async function refreshWith(refreshToken: string): Promise<string> {
  const response = await fetch(settings().AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken",
    },
    body: JSON.stringify({ RefreshToken: refreshToken, ClientId: settings().SUPERVISOR_CLIENT_ID }),
  });
  if (response.ok) return "accepted";
  const body = (await response.json()) as { __type: string; message: string };
  return `${body.__type}: ${body.message}`;
}

describe("a supervisor's second factor in the web app (Chromium)", () => {
  it("enrols an authenticator at the first sign-in: the key as a QR code and as text, then the app's first code", async () => {
    const { page, problems } = await openApp();
    await password(page, settings().NEW_SUPERVISOR_USERNAME, settings().NEW_SUPERVISOR_PASSWORD);
    expect(await page.locator("#code-title").textContent()).toBe("Configura tu app de autenticación");
    const qr = page.locator("svg.qr-code");
    expect(await qr.getAttribute("role")).toBe("img");
    expect(await qr.getAttribute("aria-label")).toContain("Código QR");
    expect(await qr.locator("path").getAttribute("d")).toMatch(/^M\d+ \d+h1v1h-1z/);
    const key = ((await page.locator("#totp-secret").textContent()) ?? "").replace(/\s+/g, "");
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(await axeViolations(page)).toEqual([]);

    await page.fill("#code", authenticatorCode(key));
    await page.click("#code-button");
    await dashboard(page);
    expect(problems).toEqual([]);

    // Enrolled: the next sign-in asks for a code of the same key.
    const again = await openApp();
    await password(again.page, settings().NEW_SUPERVISOR_USERNAME, settings().NEW_SUPERVISOR_PASSWORD);
    expect(await again.page.locator("#code-title").textContent()).toBe("Código de verificación");
    await again.page.fill("#code", authenticatorCode(key));
    await again.page.click("#code-button");
    await dashboard(again.page);
  });

  it("asks for the authenticator's code in a field phones fill from the app, says clearly when it is wrong, then signs in", async () => {
    const { page, problems } = await openApp();
    await password(page, settings().SUPERVISOR_USERNAME, settings().SUPERVISOR_PASSWORD);
    const field = page.locator("#code");
    expect(await field.getAttribute("autocomplete")).toBe("one-time-code");
    expect(await field.getAttribute("inputmode")).toBe("numeric");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("code");
    expect(await axeViolations(page)).toEqual([]);

    const secret = settings().SUPERVISOR_TOTP_SECRET;
    const valid = new Set([-30_000, 0, 30_000].map((offset) => authenticatorCode(secret, Date.now() + offset)));
    const wrong = ["000000", "111111", "222222", "333333"].find((code) => !valid.has(code))!;
    await page.fill("#code", wrong);
    await page.click("#code-button");
    await page.locator("#sign-in-notice:not([hidden])").waitFor();
    expect(await page.locator("#sign-in-notice").textContent()).toBe(
      "El código no es correcto o ya cambió. Escribe el código que muestra ahora tu app de autenticación.",
    );
    expect(await page.locator("#total-orders").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('button[lang="en"]');
    expect(await page.locator("#sign-in-notice").textContent()).toBe(
      "That code is not right or has changed. Type the code your authenticator app shows now.",
    );

    await page.fill("#code", authenticatorCode(secret));
    await page.click("#code-button");
    await dashboard(page);
    expect(problems).toEqual([]);
  });

  it("revokes the refresh token on sign-out: the sign-in service refuses it afterwards", async () => {
    const { page } = await openApp();
    await password(page, settings().SUPERVISOR_USERNAME, settings().SUPERVISOR_PASSWORD);
    await page.fill("#code", authenticatorCode(settings().SUPERVISOR_TOTP_SECRET));
    await page.click("#code-button");
    await dashboard(page);
    const kept = await page.evaluate(() => sessionStorage.getItem("cargo-express.monitor.session"));
    const refreshToken = (JSON.parse(kept!) as { tokens: { refreshToken: string } }).tokens.refreshToken;
    expect(await refreshWith(refreshToken)).toBe("accepted");

    const revoked = page.waitForRequest(
      (request) => request.headers()["x-amz-target"]?.endsWith(".RevokeToken") ?? false,
    );
    await page.click("#sign-out");
    await revoked;
    await page.locator("#sign-in-notice").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("cargo-express.monitor.session"))).toBeNull();
    let answer = await refreshWith(refreshToken);
    for (let i = 0; answer === "accepted" && i < 50; i += 1) {
      await page.waitForTimeout(100);
      answer = await refreshWith(refreshToken);
    }
    expect(answer).toBe("NotAuthorizedException: Refresh Token has been revoked");
  });
});
