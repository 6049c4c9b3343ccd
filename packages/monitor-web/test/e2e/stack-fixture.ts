/**
 * One local stack and one Chromium for a test file: started before its tests (then `seed` posts what they need),
 * stopped after them with every browser context they opened, and the scratch folder removed; and a signed-in
 * supervisor's page on demand.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type OpenedPage, openPhone, signInAsSupervisor } from "./browser-page.js";
import { launchChromium, removeQuietly, type RunningStack, type StackSettings, startStack } from "./support.js";

export interface StackFixture {
  readonly settings: StackSettings;
  readonly browser: Browser;
  /** A new context of this size, signed in as the supervisor; the CSP bypassed only where axe-core is injected. */
  supervisor(options: { width: number; height: number; bypassCSP: boolean }): Promise<OpenedPage>;
}

export function stackForFile(
  name: string,
  seed: (settings: StackSettings) => Promise<void>,
  timeoutMs = 300_000,
): StackFixture {
  let scratch: string | undefined;
  let stack: RunningStack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), `cargo-express-${name}-e2e-`));
    stack = await startStack(scratch);
    browser = await launchChromium();
    await seed(stack.settings);
  }, timeoutMs);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.stop();
    if (scratch) removeQuietly(scratch);
  }, 60_000);
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the stack is not started: use the fixture inside a test");
    return value;
  };
  return {
    get settings() {
      return started(stack).settings;
    },
    get browser() {
      return started(browser);
    },
    async supervisor(options) {
      const opened = await openPhone(started(browser), started(stack).settings.WEB_URL, options);
      contexts.push(opened.context);
      await signInAsSupervisor(opened.page, started(stack).settings);
      return opened;
    },
  };
}
