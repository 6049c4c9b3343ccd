/**
 * The orders page, the links from the dashboard's figures to their orders and the last 30 days in Chromium, against
 * the local stack started as `npm start` starts it: today's orders with their products on click (and with the
 * keyboard), the filters by the catalogue's names, "more" following the API's cursor, a courier's and a product's
 * figure opening their orders, the 30-day chart and its table adding up to the API, an export followed to its
 * download (the CSV's first bytes: the BOM and the header; the XLSX a zip), on a laptop and on 390 and 360 px phones
 * with no sideways scroll and no serious or critical axe-core violation, and under the page's own CSP.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { addDays, dayIn } from "../../src/business-days.js";
import { formatDay, formatInstant } from "../../src/format.js";
import { fitsPhonesAndIsAccessible, seen } from "./browser-page.js";
import { stackForFile } from "./stack-fixture.js";
import { orderPayload, postOrderPayloads, repositoryRoot, untilMonitorCounts } from "./support.js";

const screenshots = join(repositoryRoot, "packages", "monitor-web", "test-output", "screenshots");
const ZONE = "America/Bogota";

const now = Date.now();
const today = dayIn(now, ZONE);
const yesterday = addDays(today, -1);
const mariaAt = now - 2 * 60_000;
const carlosAt = now - 3 * 60_000;
/** Yesterday from noon in Bogotá (17:00 UTC), one order a second: more than a page of the list (100). */
const yesterdayAt = (i: number) => Date.parse(`${yesterday}T17:00:00Z`) + i * 1000;
const YESTERDAY_ORDERS = 101;

/** Ids unique to this run. */
const payload: typeof orderPayload = (id, courier, lines, at) => orderPayload(`${id}-${now}`, courier, lines, at);

const stack = stackForFile("orders", async (settings) => {
  const yesterdays = Array.from({ length: YESTERDAY_ORDERS }, (_, i) =>
    payload(`laura-${i}`, [105, "Laura Sánchez"], [["pk0009", "Goma de borrar", 0.5, 1]], yesterdayAt(i)),
  );
  await postOrderPayloads(settings, [
    payload(
      "maria",
      [101, "María López"],
      [
        ["pk0001", "Moneda", 1, 2],
        ["pk0008", "Pila de botón", "2.50", 1],
      ],
      mariaAt,
    ),
    payload("carlos", [102, "Carlos García"], [["pk0008", "Pila de botón", 2.5, 3]], carlosAt),
  ]);
  for (let i = 0; i < yesterdays.length; i += 20) await postOrderPayloads(settings, yesterdays.slice(i, i + 20));
  const totals = await untilMonitorCounts(settings, 2 + YESTERDAY_ORDERS, 20_000);
  if (totals.orders !== 2 + YESTERDAY_ORDERS) throw new Error(`the monitor counts ${totals.orders} orders`);
});

const summaries = (page: Page) =>
  page
    .locator("#orders-list .order-summary")
    .evaluateAll((buttons) => buttons.map((b) => b.textContent!.replace(/\s+/g, " ").trim()));
const when = (at: number) => formatInstant(new Date(at).toISOString(), ZONE, "es");

describe("the orders behind the figures in Chromium", () => {
  it("lists today's orders newest first; an order's products open on click and with the keyboard", async () => {
    const { page } = await stack.supervisor({ width: 390, height: 844, bypassCSP: true });
    await page.click("#nav-orders");
    await page.locator("#orders-list").waitFor();
    expect(await page.inputValue("#orders-from")).toBe(today);
    expect(await seen(page, "#orders-count")).toBe("2 pedidos mostrados");
    expect(await summaries(page)).toEqual([
      `${when(mariaAt)} María López 3 u. $ 4,50`,
      `${when(carlosAt)} Carlos García 3 u. $ 7,50`,
    ]);
    await page.click("#order-0");
    expect(await page.getAttribute("#order-0", "aria-expanded")).toBe("true");
    expect(await seen(page, "#order-lines-0 tbody")).toBe(
      "Moneda pk0001 2 $ 1,00 $ 2,00 Pila de botón pk0008 1 $ 2,50 $ 2,50",
    );
    expect(await seen(page, "#order-lines-0 tfoot")).toBe("Total 3 $ 4,50");
    // The keyboard: Tab to the open order's own page (its history, corrections), Tab to the next order, Enter opens
    // it, Space closes it again.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      `Historial, corregir o anular el pedido ${(await page.getAttribute("#orders-list li.order", "data-id"))!}`,
    );
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("order-1");
    await page.keyboard.press("Enter");
    await page.locator("#order-lines-1 table").waitFor();
    expect(await seen(page, "#order-lines-1 tbody")).toBe("Pila de botón pk0008 3 $ 2,50 $ 7,50");
    await fitsPhonesAndIsAccessible(page);
    await page.keyboard.press("Space");
    expect(await page.getAttribute("#order-1", "aria-expanded")).toBe("false");
    expect(await page.locator("#order-lines-1").isHidden()).toBe(true);
    mkdirSync(screenshots, { recursive: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, "orders-phone.png"), fullPage: true });
  });

  it("filters by the catalogue's names, pages with 'more', and keeps the search in the address", async () => {
    const { page } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    await page.click("#nav-orders");
    await page.locator("#orders-list").waitFor();
    await page.locator('#orders-courier option[value="102"]').waitFor({ state: "attached" });
    await page.selectOption("#orders-courier", { label: "Carlos García (102)" });
    await page.click("#orders-search");
    await page.waitForFunction(() => document.querySelector("#orders-count")?.textContent === "1 pedidos mostrados");
    expect(await summaries(page)).toEqual([`${when(carlosAt)} Carlos García 3 u. $ 7,50`]);
    expect(new URL(page.url()).hash).toBe(`#/pedidos?desde=${today}&hasta=${today}&repartidor=102`);
    await page.selectOption("#orders-courier", "");
    await page.selectOption("#orders-product", { label: "Moneda (pk0001)" });
    await page.click("#orders-search");
    await page.waitForFunction(() => document.querySelector("#orders-list")?.textContent?.includes("María López"));
    expect(await summaries(page)).toEqual([`${when(mariaAt)} María López 3 u. $ 4,50`]);

    // Yesterday: more than a page. "Más pedidos" follows the cursor until there is no more.
    await page.fill("#orders-from", yesterday);
    await page.fill("#orders-to", yesterday);
    await page.selectOption("#orders-product", "");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#orders-count")?.textContent?.endsWith("hay más"));
    expect(await seen(page, "#orders-count")).toBe("100 pedidos mostrados; hay más");
    await page.click("#orders-more");
    await page.waitForFunction(() => document.querySelector("#orders-count")?.textContent === "101 pedidos mostrados");
    expect(await page.locator("#orders-more").count()).toBe(0);
    const ids = await page
      .locator("#orders-list li.order")
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.id));
    expect(new Set(ids).size).toBe(YESTERDAY_ORDERS);
    expect((await summaries(page)).at(-1)).toBe(`${when(yesterdayAt(0))} Laura Sánchez 1 u. $ 0,50`);
    // A reload shows the same search.
    await page.reload();
    await page.waitForFunction(() => document.querySelector("#orders-count")?.textContent?.endsWith("hay más"));
    expect(await page.inputValue("#orders-from")).toBe(yesterday);
  });

  it("opens the orders behind a courier's or a product's figure from the dashboard, in two clicks", async () => {
    const { page, problems } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    await page.click('label[for="period-today"]');
    await page.locator('#couriers-table a[aria-label="Pedidos de Carlos García"]').click();
    await page.waitForFunction(() => document.querySelector("#orders-count")?.textContent === "1 pedidos mostrados");
    expect(await summaries(page)).toEqual([`${when(carlosAt)} Carlos García 3 u. $ 7,50`]);
    expect(await page.inputValue("#orders-courier")).toBe("102");
    await page.goBack();
    await page.locator('#products-table a[aria-label="Pedidos de Moneda"]').click();
    await page.waitForFunction(() => document.querySelector("#orders-list")?.textContent?.includes("María López"));
    expect(await summaries(page)).toEqual([`${when(mariaAt)} María López 3 u. $ 4,50`]);
    expect(await page.inputValue("#orders-product")).toBe("pk0001");
    expect(problems).toEqual([]);
  });

  it("shows the last 30 days as a chart and as a table that add up to the API, each day opening its orders", async () => {
    const { page, problems } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    await page.click('label[for="period-30d"]');
    await page.locator("#daily-table").waitFor();
    expect(await page.locator("#daily-table tbody tr").count()).toBe(30);
    expect(await seen(page, `#daily-table tr[data-day="${today}"]`)).toBe(`${formatDay(today, "es")} 2 6 $ 12,00`);
    expect(await seen(page, `#daily-table tr[data-day="${yesterday}"]`)).toBe(
      `${formatDay(yesterday, "es")} 101 101 $ 50,50`,
    );
    expect(await seen(page, "#total-orders")).toBe("103");
    expect(await seen(page, "#total-money")).toBe("$ 62,50");
    // Chart.js drew on the canvas: it has a size and pixels that are not blank.
    const inked = await page.locator("#daily-title ~ .chart-box canvas").evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const pixels = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      return c.width > 0 && pixels.some((value, i) => i % 4 === 3 && value > 0);
    });
    expect(inked).toBe(true);
    await page.locator(`#daily-table tr[data-day="${yesterday}"] a`).click();
    await page.waitForFunction(() => document.querySelector("#orders-count")?.textContent?.endsWith("hay más"));
    expect(new URL(page.url()).hash).toBe(`#/pedidos?desde=${yesterday}&hasta=${yesterday}`);
    expect(problems).toEqual([]);
  });

  it("exports the days for accounting: progress, then a CSV download with a BOM and the header, and an XLSX", async () => {
    const { page, problems } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    await page.click("#nav-orders");
    await page.locator("#orders-list").waitFor();
    // The export is folded under its heading; the keyboard opens it.
    await page.focus("#export summary");
    await page.keyboard.press("Enter");
    await page.fill("#export-from", yesterday);
    await page.fill("#export-to", today);
    await page.check("#export-csv");
    await page.click("#export-button");
    // Its state is said while it runs (asked, queued or being written), then the link.
    await page.waitForFunction(() => document.querySelector("#export-status")?.textContent?.trim() !== "");
    await page.locator("#export-download").waitFor({ timeout: 60_000 });
    // One row per order line: yesterday's 101 orders of one line, María's two lines and Carlos's one.
    expect(await seen(page, "#export-status")).toContain(`Listo: ${YESTERDAY_ORDERS + 3} filas.`);
    expect(await seen(page, "#export-expires")).toMatch(
      /^El enlace deja de funcionar a las \d\d:\d\d \(America\/Bogota\)/,
    );
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-download")]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe(
      "pedido_id,entregado,repartidor_id,repartidor,producto_id,producto,cantidad,precio_unitario,total_linea,estado",
    );
    expect(lines.filter((line) => line.includes("Laura Sánchez"))).toHaveLength(YESTERDAY_ORDERS);

    await page.check("#export-xlsx");
    await page.click("#export-button");
    await page.waitForFunction(() => document.querySelector("#export-download")?.textContent?.endsWith("XLSX"), null, {
      timeout: 60_000,
    });
    const [workbook] = await Promise.all([page.waitForEvent("download"), page.click("#export-download")]);
    // An XLSX file is a zip archive: it starts with "PK".
    expect(
      readFileSync((await workbook.path())!)
        .subarray(0, 2)
        .toString("latin1"),
    ).toBe("PK");
    expect(problems).toEqual([]);
  });

  it("fits a phone with the 30 days and in English, with no serious or critical axe-core violation", async () => {
    const { page } = await stack.supervisor({ width: 390, height: 844, bypassCSP: true });
    await page.click('label[for="period-30d"]');
    await page.locator("#daily-table").waitFor();
    await fitsPhonesAndIsAccessible(page);
    await page.click("#nav-orders");
    await page.locator("#orders-list").waitFor();
    await page.click('button[lang="en"]');
    expect(await seen(page, "#orders-title")).toBe("Orders");
    expect(await seen(page, "#orders-count")).toBe("2 orders shown");
    await page.click("#export summary");
    await page.locator("#export-form").waitFor();
    await fitsPhonesAndIsAccessible(page);
  });
});
