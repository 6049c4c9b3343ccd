/**
 * Time on screen: a supervisor's page open in real Chromium on the local stack as `npm start` runs it (DynamoDB
 * Local, its stream, the local event source mapping, the projector, which publishes to the local stand-in for
 * AppSync Events after each commit), orders posted one by one through the API; for each, the time from the POST's
 * answer until the page's order count shows it, read in the page by a MutationObserver (no reload, no poll from
 * the bench). The page polls only while its live channel is down (every 30 s), so what is measured is the push.
 * Target: p95 <= 1 s.
 *
 *   node tools/run-ts.mjs packages/local-stack/bench/time-on-screen.ts [--orders 12]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { Secret, TOTP } from "otpauth";
import { chromium } from "playwright-core";
import { loadLocalStackConfig } from "../src/config.js";
import { signIn, type DemoSettings } from "../src/demo.js";
import { repositoryRoot } from "../src/env-file.js";
import { clientSettingsOf, startLocalStack, type LocalStack } from "../src/stack.js";
import { ensureWebBuilt } from "../src/web-app.js";

interface TimeOnScreenResult {
  readonly orders: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly storage: string;
  /** GET /monitor requests the page sent while measuring: one per order when every refresh came from a push. */
  readonly pageRequests: number;
}

/** What the bench reads in the page (it runs there, where these exist). */
interface InPage {
  shownAt: { text: string; at: number }[];
  document: {
    querySelector(selector: string): { textContent: string | null; hasAttribute(name: string): boolean } | null;
  };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const code = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate();

export async function measureTimeOnScreen(
  options: { orders?: number; chromiumPath?: string; log?: (line: string) => void } = {},
): Promise<TimeOnScreenResult> {
  const orders = Math.max(12, options.orders ?? 20);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = mkdtempSync(join(tmpdir(), "cargo-express-time-on-screen-"));
  await ensureWebBuilt(join(repositoryRoot(), "packages", "monitor-web"), log);
  let stack: LocalStack | undefined;
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? "/usr/bin/chromium",
    args: ["--disable-dev-shm-usage"],
  });
  try {
    log("time on screen: starting the local stack (DynamoDB Local answers after ~5 s) ...");
    stack = await startLocalStack(
      loadLocalStackConfig({
        PORT: "0",
        COGNITO_PORT: "0",
        LIVE_PORT: "0",
        DYNAMODB_PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        STORAGE: "dynamodb",
        LOG_LEVEL: "ERROR",
      }),
    );
    const api = stack.apiUrl;
    const token = await signIn(clientSettingsOf(stack) as DemoSettings);
    const post = async () => {
      const response = await fetch(`${api}/orders`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(randomOrderPayload({ id: randomUUID() })),
      });
      if (response.status !== 201) throw new Error(`POST /orders answered ${response.status}`);
      return Date.now();
    };

    const page = await (await browser.newContext({ locale: "es-CO" })).newPage();
    let pageRequests = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/monitor") pageRequests += 1;
    });
    await page.goto(stack.webUrl);
    await page.fill("#username", stack.supervisor.username);
    await page.fill("#password", stack.supervisor.password);
    await page.click("#sign-in-button");
    await page.locator("#code").waitFor();
    await page.fill("#code", code(stack.supervisor.totpSecret));
    await page.click("#code-button");
    await page.locator("#total-orders").waitFor();
    // Live: the fallback notice stays hidden once the channel is up. The page's code runs as functions (a string
    // would be eval, which the page's CSP refuses); this package has no DOM types, so the page is typed here.
    await page.waitForFunction(() =>
      (globalThis as unknown as InPage).document.querySelector("#live")?.hasAttribute("hidden"),
    );
    // Every change of the order count, with the wall clock (the bench's and the page's are the same machine's).
    await page.evaluate(() => {
      const w = globalThis as unknown as InPage;
      w.shownAt = [];
      new w.MutationObserver(() => {
        const text = w.document.querySelector("#total-orders")?.textContent ?? "";
        if (w.shownAt.at(-1)?.text !== text) w.shownAt.push({ text, at: Date.now() });
      }).observe(w.document.querySelector("#dashboard-body"), { subtree: true, childList: true, characterData: true });
    });
    const shownCount = () => page.evaluate(() => (globalThis as unknown as InPage).shownAt.length);
    const shownAt = async (index: number) =>
      (await (
        await page.waitForFunction((n) => (globalThis as unknown as InPage).shownAt[n]?.at, index, { timeout: 60_000 })
      ).jsonValue()) as number;
    // Warm-up: one order, so the JIT, connections and the projector's first batch have run once.
    const warmFrom = await shownCount();
    await post();
    await shownAt(warmFrom);
    const requestsBefore = pageRequests;
    log(`time on screen: ${orders} orders, one at a time, each waited for on screen ...`);
    const delays: number[] = [];
    for (let i = 0; i < orders; i += 1) {
      const seenBefore = await shownCount();
      const answered = await post();
      delays.push((await shownAt(seenBefore)) - answered);
    }
    const sorted = [...delays].sort((a, b) => a - b);
    return {
      orders,
      p50Ms: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      maxMs: sorted.at(-1) ?? Number.NaN,
      storage: (stack.storage.split(",")[0] ?? stack.storage).replace(/ at \S+$/, ""),
      pageRequests: pageRequests - requestsBefore,
    };
  } finally {
    await browser.close().catch(() => undefined);
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function timeOnScreenRows(result: TimeOnScreenResult): string[][] {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    [
      `time on screen: POST /orders answered -> the supervisor's page shows it (Chromium, local stack, ${result.storage}, live channel: the local stand-in for AppSync Events)`,
      `p50 ${s(result.p50Ms)}, p95 ${s(result.p95Ms)}, max ${s(result.maxMs)} over ${result.orders} orders posted one by one; the page sent ${result.pageRequests} GET /monitor (one per push, no poll)`,
      "p95 <= 1 s",
      result.p95Ms <= 1000 ? "yes" : "no",
    ],
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { orders: { type: "string", default: "20" } } });
  const result = await measureTimeOnScreen({ orders: Number(values.orders) });
  for (const row of timeOnScreenRows(result)) console.log(row.join(" | "));
}
