/**
 * The catalogue page, the idle couriers and the figures outside the catalogue in Chromium, against the local stack
 * started as `npm start` starts it (its catalogue and fleet seeded), at phone widths: 390 px, then 360 px, with no
 * sideways scroll and no serious or critical axe-core violation on each screen.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatInstant } from "../../src/format.js";
import { fitsPhonesAndIsAccessible, seen, sidewaysScroll } from "./browser-page.js";
import { stackForFile } from "./stack-fixture.js";
import { monitorReport, orderPayload, postOrderPayloads, repositoryRoot, untilMonitorCounts } from "./support.js";

const screenshots = join(repositoryRoot, "packages", "monitor-web", "test-output", "screenshots");
const now = Date.now();
/** Ana Fernández (103) delivered yesterday only: idle today, with the time of that delivery. */
const anaDeliveredAt = now - 26 * 3_600_000;

/** One unit of one product; ids unique to this run. */
const order = (id: string, courier: [number, string], product: [string, string, number], at: number) =>
  orderPayload(`${id}-${now}`, courier, [[...product, 1]], at);

const stack = stackForFile(
  "catalog",
  async (settings) => {
    await postOrderPayloads(settings, [
      order("maria-today", [101, "María López"], ["pk0001", "Moneda", 1], now - 60_000),
      order("maria-unknown-product", [101, "María López"], ["pk0999", "Llavero rojo", 4.5], now - 60_000),
      order("unknown-courier", [777, "Repartidor nuevo"], ["pk0005", "Tarjeta SIM", 3], now - 60_000),
      order("ana-yesterday", [103, "Ana Fernández"], ["pk0002", "Estuche para gafas", 8], anaDeliveredAt),
    ]);
    const totals = await untilMonitorCounts(settings, 4);
    if (totals.orders !== 4) throw new Error(`the monitor counts ${totals.orders} of 4 orders`);
  },
  240_000,
);

/** A signed-in supervisor on a 390 px phone; the CSP is bypassed only where axe-core is injected. */
const supervisorOnPhone = (options: { bypassCSP: boolean }) =>
  stack.supervisor({ width: 390, height: 844, ...options });

const idleLine = (page: Page, courierId: string) => seen(page, `#idle-couriers li[data-id="${courierId}"]`);

describe("the catalogue, idle couriers and figures outside the catalogue in Chromium", () => {
  it("lists today's idle couriers of the fleet with their last delivery, on a phone", async () => {
    const { page } = await supervisorOnPhone({ bypassCSP: true });
    await page.click('label[for="period-today"]');
    await page.locator("#idle-couriers").waitFor();
    // The time the API gives (its last delivery, whatever the period), in the business time zone the card names.
    const report = (await monitorReport(stack.settings, "today")) as unknown as {
      timeZone: string;
      couriers: { courierId: string; lastDeliveryAt?: string }[];
    };
    const last = report.couriers.find((courier) => courier.courierId === "103")?.lastDeliveryAt;
    expect(last).toBeDefined();
    expect(await idleLine(page, "103")).toBe(
      `Ana Fernández sin entregas desde ${formatInstant(last!, report.timeZone, "es")}`,
    );
    expect(await seen(page, "#idle-intro")).toContain(`(hora de ${report.timeZone})`);
    expect(await idleLine(page, "102")).toBe("Carlos García sin entregas registradas");
    // María López delivered today: in the table, not among the idle.
    expect(await page.locator('#idle-couriers li[data-id="101"]').count()).toBe(0);
    expect(await seen(page, "#couriers-table tbody")).toContain("María López");
    await fitsPhonesAndIsAccessible(page);
    // Over seven days Ana delivered.
    await page.click('label[for="period-7d"]');
    await page.waitForFunction(() =>
      document.querySelector("#period-range")?.textContent?.startsWith("Últimos 7 días"),
    );
    await page.locator("#idle-couriers").waitFor();
    expect(await page.locator('#idle-couriers li[data-id="103"]').count()).toBe(0);
    expect(await page.locator('#idle-couriers li[data-id="102"]').count()).toBe(1);
  });

  it("adds, edits and deactivates on the catalogue page, refusing a bad field, with the history", async () => {
    const { page } = await supervisorOnPhone({ bypassCSP: true });
    await page.click("#nav-catalog");
    await page.locator("#catalog-products").waitFor();
    expect(await seen(page, '#catalog-products tr[data-id="pk0008"]')).toBe(
      "Pila de botón pk0008 · Activo $ 2,50 Editar Desactivar",
    );
    expect(await page.locator("#catalog-couriers tbody tr").count()).toBe(10);
    await fitsPhonesAndIsAccessible(page);

    // Add, with a refused field first (three decimals): said under the field, nothing sent.
    await page.click("#add-product");
    await page.fill("#entry-id", "pk0011");
    await page.fill("#entry-name", "Sacapuntas");
    await page.fill("#entry-referencePrice", "1,2555");
    await page.keyboard.press("Enter");
    expect(await seen(page, "#entry-referencePrice-error")).toBe("El precio tiene como máximo dos decimales.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("entry-referencePrice");
    await fitsPhonesAndIsAccessible(page);
    await page.fill("#entry-referencePrice", "1,25");
    await page.click("#catalog-review");
    expect(await seen(page, "#catalog-changes")).toBe("Nombre: Sacapuntas Precio de referencia: $ 1,25 Estado: Activo");
    await fitsPhonesAndIsAccessible(page);
    await page.click("#catalog-confirm");
    await page.waitForFunction(
      () => document.querySelector("#catalog-saved")?.textContent === "Guardado: Sacapuntas (pk0011).",
    );
    expect(await seen(page, '#catalog-products tr[data-id="pk0011"] td.num')).toBe("$ 1,25");

    // Edit a price with the keyboard: only the price is confirmed.
    await page.locator('#catalog-products tr[data-id="pk0008"] [data-action="edit"]').focus();
    await page.keyboard.press("Enter");
    await page.locator("#entry-referencePrice").fill("2,75");
    await page.keyboard.press("Enter");
    expect(await seen(page, "#catalog-changes")).toBe("Precio de referencia: $ 2,50 → $ 2,75");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("catalog-confirm");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelector('#catalog-products tr[data-id="pk0008"] td.num')?.textContent === "$\u00a02,75",
    );

    // Deactivate a courier: straight to what changes.
    await page.click('#catalog-couriers tr[data-id="110"] [data-action="deactivate"]');
    expect(await seen(page, "#catalog-changes")).toBe("Estado: Activo → Inactivo");
    await page.click("#catalog-confirm");
    await page.waitForFunction(() =>
      document.querySelector('#catalog-couriers tr[data-id="110"]')?.textContent?.includes("Inactivo"),
    );

    // The history, newest first, says who and what.
    const history = await seen(page, "#catalog-history");
    const user = stack.settings.SUPERVISOR_USERNAME;
    expect(history).toContain(`${user} Repartidor 110 Estado: Activo → Inactivo`);
    expect(history).toContain(`${user} Producto pk0008 Precio de referencia: $ 2,50 → $ 2,75`);
    expect(history).toContain(
      `${user} Producto pk0011 añadido: Nombre: Sacapuntas; Precio de referencia: $ 1,25; Estado: Activo`,
    );
    await fitsPhonesAndIsAccessible(page);
    // The README's picture of the page (test-output is ignored; `npm run docs:screenshots` copies it to docs/images).
    await page.setViewportSize({ width: 390, height: 844 });
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, "catalog-phone.png"), fullPage: true });

    // A deactivated courier is not listed as idle.
    await page.click("#nav-dashboard");
    await page.click('label[for="period-today"]');
    await page.locator('#idle-couriers li[data-id="102"]').waitFor();
    expect(await page.locator('#idle-couriers li[data-id="110"]').count()).toBe(0);
  });

  it("marks figures outside the catalogue; one click opens the form filled in, and once added the badge goes", async () => {
    // Under the page's own Content-Security-Policy: no violation on the way.
    const { page, problems } = await supervisorOnPhone({ bypassCSP: false });
    await page.locator("#outside-catalog").waitFor();
    expect(await seen(page, '#outside-catalog li[data-id="pk0999"]')).toBe(
      "Llavero rojo Producto pk0999 Fuera del catálogo Añadir al catálogo",
    );
    expect(await seen(page, "#couriers-table tbody")).toContain("Repartidor nuevo Fuera del catálogo");
    await page.click('#outside-catalog li[data-id="pk0999"] a');
    await page.locator("#catalog-form").waitFor();
    expect(await page.inputValue("#entry-id")).toBe("pk0999");
    expect(await page.inputValue("#entry-name")).toBe("Llavero rojo");
    // The link fills the form in once: the address is the catalogue's own, a reload does not open the form again.
    expect(new URL(page.url()).hash).toBe("#/catalogo");
    await page.fill("#entry-referencePrice", "4,50");
    await page.click("#catalog-review");
    await page.click("#catalog-confirm");
    await page.waitForFunction(() => document.querySelector("#catalog-saved")?.textContent?.startsWith("Guardado"));
    await page.goBack();
    // The monitor reads the catalogue's names when asked: the product is known within a refresh or two.
    await page.waitForFunction(() => document.querySelector('#outside-catalog li[data-id="pk0999"]') === null, null, {
      timeout: 10_000,
    });
    expect(await page.locator('#outside-catalog li[data-id="777"]').count()).toBe(1);
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForFunction(() => document.documentElement.clientWidth === 360);
    expect(await sidewaysScroll(page)).toBe(0);
    expect(problems).toEqual([]);
  });
});
