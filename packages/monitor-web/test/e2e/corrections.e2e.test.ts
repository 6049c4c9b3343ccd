/**
 * Voids and corrections in Chromium, against the local stack started as `npm start` starts it: from an order in the
 * orders page (or looked up by its id) a supervisor voids it with the keyboard (a reason, refused when too short; a
 * confirmation that says what the void does; back to the form and on), corrects one (courier, quantity, a line
 * removed; every change listed before it is sent), and sees its history (who, when, why) and the dashboard move. A
 * correction on a revision someone else changed meanwhile is refused and nothing is saved; a void confirmed after
 * someone else's is said, not reported as done; lists keep each choice where it was made (a courier and a product
 * outside the catalogue); "1.500" is asked about and a future delivery refused before anything is sent. Every state
 * is checked against the API too. On a laptop, on 390 and 360 px phones with no sideways scroll and no serious or
 * critical axe-core violation, in English, and under the page's own CSP.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatInstant } from "../../src/format.js";
import { fitsPhonesAndIsAccessible, seen } from "./browser-page.js";
import { stackForFile } from "./stack-fixture.js";
import {
  asDemoSupervisor,
  bogotaWallClock,
  monitorTotals,
  orderPayload,
  postOrderPayloads,
  repositoryRoot,
  untilMonitorCounts,
} from "./support.js";

const screenshots = join(repositoryRoot, "packages", "monitor-web", "test-output", "screenshots");
const ZONE = "America/Bogota";

const now = Date.now();
const MARIA = `maria-${now}`;
const CARLOS = `carlos-${now}`;
const LAURA = `laura-${now}`;
/** A courier not in the fleet and a product not in the catalogue, as a phone may send. */
const OUTSIDE = `outside-${now}`;
const mariaAt = now - 2 * 60_000;

const payload = orderPayload;

const stack = stackForFile("corrections", async (settings) => {
  await postOrderPayloads(settings, [
    payload(
      MARIA,
      [101, "María López"],
      [
        ["pk0001", "Moneda", 1, 2],
        ["pk0008", "Pila de botón", "2.50", 1],
      ],
      mariaAt,
    ),
    payload(CARLOS, [102, "Carlos García"], [["pk0008", "Pila de botón", 2.5, 3]], now - 3 * 60_000),
    payload(LAURA, [105, "Laura Sánchez"], [["pk0009", "Goma de borrar", "0.50", 4]], now - 4 * 60_000),
    payload(
      OUTSIDE,
      [999, "Repartidor nuevo"],
      [
        ["zz-fuera", "Llavero de feria", "3.00", 1],
        ["pk0001", "Moneda", 1, 1],
      ],
      now - 30 * 3_600_000,
    ),
  ]);
  const totals = await untilMonitorCounts(settings, 4, 20_000);
  if (totals.orders !== 4) throw new Error(`the monitor counts ${totals.orders} orders`);
});

/** The order as the API holds it now. */
async function stored(id: string) {
  const response = await asDemoSupervisor(stack.settings, `/orders/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    status: string;
    revision: number;
    units: number;
    totalCents: number;
    courier: { id: string };
    history: { action: string; by: string; reason?: string }[];
  };
}

/** Waits until the dashboard's tiles for today say these figures. */
async function dashboardShows(page: Page, orders: string, money: string): Promise<void> {
  await page.click("#nav-dashboard");
  await page.click('label[for="period-today"]');
  await page.waitForFunction(
    ([o, m]) =>
      document.querySelector("#total-orders")?.textContent?.trim() === o &&
      document.querySelector("#total-money")?.textContent?.replace(/\s+/g, " ").trim() === m,
    [orders, money],
    { timeout: 20_000 },
  );
}

const historyRows = (page: Page) =>
  page
    .locator("#order-history tbody tr")
    .evaluateAll((rows) => rows.map((row) => row.textContent!.replace(/\s+/g, " ").trim()));

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

describe("voids and corrections in Chromium", () => {
  it("voids an order from the orders page with the keyboard, after a reason and a confirmation; the dashboard follows", async () => {
    const { page, problems } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    const settings = stack.settings;
    await dashboardShows(page, "3", "$ 14,00");
    await page.click("#nav-orders");
    await page.locator(`#orders-list li[data-id="${LAURA}"] button.order-summary`).click();
    await page.locator(`#orders-list li[data-id="${LAURA}"] .order-open a`).click();
    await page.locator("#order-history").waitFor();
    expect(await seen(page, "#order-title")).toBe(`Pedido ${LAURA}`);
    expect(await seen(page, "#order-summary-title")).toBe("Activo · Revisión 1");
    expect(await historyRows(page)).toEqual([
      expect.stringMatching(
        new RegExp(`^1 Recibido \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d ${settings.DISPATCHER_USERNAME} —$`),
      ),
    ]);

    // The keyboard: the void button, the reason (too short first), on to the confirmation, back, and on again.
    await page.focus("#order-void");
    await page.keyboard.press("Enter");
    await page.locator("#void-form").waitFor();
    expect(await focused(page)).toBe("void-reason");
    await page.keyboard.type("ab");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("void-review");
    await page.keyboard.press("Enter");
    expect(await seen(page, "#void-reason-error")).toBe("El motivo tiene como mínimo 3 caracteres.");
    expect(await page.getAttribute("#void-reason", "aria-invalid")).toBe("true");
    expect(await focused(page)).toBe("void-reason");
    await page.keyboard.type(" · pedido de prueba enviado por error");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator("#void-confirm-title").waitFor();
    expect(await focused(page)).toBe("void-confirm-title");
    expect(await seen(page, "#void-consequence")).toBe(
      "Dejará de contar en todas las cifras: 4 unidades y $ 2,00 de Laura Sánchez. Queda guardado con su historial; la anulación no se puede deshacer.",
    );
    expect(await stored(LAURA)).toMatchObject({ status: "active", revision: 1 });
    await page.click("#void-back");
    expect(await page.inputValue("#void-reason")).toBe("ab · pedido de prueba enviado por error");
    await page.click("#void-review");
    await page.focus("#void-confirm");
    await page.keyboard.press("Enter");
    await page.locator("#order-saved").waitFor();
    expect(await focused(page)).toBe("order-saved");
    expect(await seen(page, "#order-saved")).toBe(
      "Pedido anulado. Las cifras del monitor dejan de contarlo en unos segundos.",
    );
    expect(await seen(page, "#order-summary-title")).toBe("Anulado · Revisión 2");
    expect(await page.locator("#order-void, #order-correct").count()).toBe(0);
    expect((await historyRows(page))[1]).toMatch(
      new RegExp(
        `^2 Anulado \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d ${settings.SUPERVISOR_USERNAME} ab · pedido de prueba enviado por error$`,
      ),
    );
    const voided = await stored(LAURA);
    expect(voided).toMatchObject({ status: "voided", revision: 2 });
    expect(voided.history[1]).toEqual(
      expect.objectContaining({
        action: "voided",
        by: settings.SUPERVISOR_USERNAME,
        reason: "ab · pedido de prueba enviado por error",
      }),
    );

    await dashboardShows(page, "2", "$ 12,00");
    await page.click("#nav-orders");
    await page.locator(`#orders-list li[data-id="${LAURA}"] .status-badge`).waitFor();
    expect(await seen(page, `#orders-list li[data-id="${LAURA}"] .status-badge`)).toBe("Anulado");
    expect(problems).toEqual([]);
  });

  it("corrects an order looked up by its id (courier, quantity, a line removed), listing every change first", async () => {
    const { page, problems } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    await page.click("#nav-orders");
    await page.fill("#order-lookup-id", MARIA);
    await page.press("#order-lookup-id", "Enter");
    await page.locator("#order-correct").click();
    await page.locator("#correct-form").waitFor();
    expect(await focused(page)).toBe("correct-courier");
    expect(await page.inputValue("#correct-delivered")).toBe(bogotaWallClock(mariaAt).slice(0, 19).replace(" ", "T"));
    await page.selectOption("#correct-courier", "102");
    await page.fill("#correct-line-0-quantity", "5");
    await page.click("#correct-line-1-remove");
    expect(await focused(page)).toBe("correct-add-line");
    expect(await page.locator("#correct-line-1-product").count()).toBe(0);
    // Nothing typed as the reason: said under its field, and nothing sent.
    await page.click("#correct-review");
    expect(await seen(page, "#correct-reason-error")).toBe("Escribe el motivo.");
    expect(await focused(page)).toBe("correct-reason");
    await page.fill("#correct-reason", "Cantidad mal escrita y repartidor equivocado");
    await page.click("#correct-review");
    await page.locator("#correct-confirm-title").waitFor();
    const changes = await page
      .locator("#correct-changes li")
      .evaluateAll((items) => items.map((item) => item.textContent!.replace(/\s+/g, " ").trim()));
    expect(changes).toEqual([
      "Repartidor: María López (101) → Carlos García (102)",
      "Producto 1: Moneda (pk0001): 2 × $ 1,00 → Moneda (pk0001): 5 × $ 1,00",
      "Producto 2 quitado: Pila de botón (pk0008): 1 × $ 2,50",
      "Unidades: 3 → 5",
      "Total: $ 4,50 → $ 5,00",
      "Motivo: Cantidad mal escrita y repartidor equivocado",
    ]);
    expect(await stored(MARIA)).toMatchObject({ revision: 1, units: 3 });
    await page.click("#correct-confirm");
    await page.locator("#order-saved").waitFor();
    expect(await seen(page, "#order-saved")).toBe(
      "Corrección guardada: revisión 2. Las cifras del monitor la siguen en unos segundos.",
    );
    expect(await seen(page, "#order-summary-title")).toBe("Activo · Revisión 2 Corregido");
    expect(await seen(page, "#order-facts")).toContain("Carlos García 102");
    expect(await seen(page, "#order-facts")).toContain(`${formatInstant(new Date(mariaAt).toISOString(), ZONE, "es")}`);
    expect(await seen(page, "#order .lines tbody")).toBe("Moneda pk0001 5 $ 1,00 $ 5,00");
    expect((await historyRows(page))[1]).toMatch(/^2 Corregido .* Cantidad mal escrita y repartidor equivocado$/);
    // The API holds the correction, the delivery time to the microsecond as it was.
    const corrected = await stored(MARIA);
    expect(corrected).toMatchObject({ revision: 2, units: 5, totalCents: 500, courier: { id: "102" } });

    // Today: Carlos's own order and María's, now his (Laura's is voided).
    await dashboardShows(page, "2", "$ 12,50");
    expect(await seen(page, "#couriers-table tbody")).toContain("Carlos García");
    expect(await monitorTotals(stack.settings, "today")).toMatchObject({ orders: 2, units: 8, revenue: "12.50" });
    expect(problems).toEqual([]);
  });

  it("saves nothing over a change made meanwhile, and shows the order as it now is", async () => {
    const { page, problems } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    await page.goto(`${stack.settings.WEB_URL}#/pedido/${CARLOS}`);
    await page.locator("#order-correct").click();
    await page.fill("#correct-line-0-quantity", "4");
    await page.fill("#correct-reason", "Eran cuatro pilas");
    await page.click("#correct-review");
    await page.locator("#correct-confirm-title").waitFor();
    // Meanwhile another supervisor corrects the same order.
    const meanwhile = await asDemoSupervisor(stack.settings, `/orders/${CARLOS}/corrections`, {
      method: "POST",
      body: JSON.stringify({
        reason: "Corrección desde otra pestaña",
        order: payload(CARLOS, [102, "Carlos García"], [["pk0008", "Pila de botón", "2.50", 6]], now - 3 * 60_000),
      }),
    });
    expect(meanwhile.status).toBe(200);
    await page.click("#correct-confirm");
    await page.waitForFunction(() =>
      document.querySelector("#order-problem")?.textContent?.includes("Otro supervisor"),
    );
    expect(await seen(page, "#order-summary-title")).toBe("Activo · Revisión 2 Corregido");
    expect(await seen(page, "#order .lines tbody")).toBe("Pila de botón pk0008 6 $ 2,50 $ 15,00");
    expect(await stored(CARLOS)).toMatchObject({ revision: 2, units: 6 });
    expect(await historyRows(page)).toHaveLength(2);
    expect(await focused(page)).toBe("order-title");

    // A void confirmed on the revision shown, after someone corrected the order again: refused (412), not applied
    // to content the supervisor never saw.
    await page.click("#order-void");
    await page.fill("#void-reason", "No se entregó");
    await page.click("#void-review");
    expect(await seen(page, "#void-consequence")).toContain("6 unidades y $ 15,00");
    const again = await asDemoSupervisor(stack.settings, `/orders/${CARLOS}/corrections`, {
      method: "POST",
      body: JSON.stringify({
        reason: "Eran siete",
        order: payload(CARLOS, [102, "Carlos García"], [["pk0008", "Pila de botón", "2.50", 7]], now - 3 * 60_000),
      }),
    });
    expect(again.status).toBe(200);
    await page.click("#void-confirm");
    await page.waitForFunction(() => document.querySelector("#order-summary-title")?.textContent?.includes("3"));
    expect(await seen(page, "#order-problem")).toMatch(/^Otro supervisor cambió este pedido/);
    expect(await seen(page, "#order-summary-title")).toBe("Activo · Revisión 3 Corregido");
    expect(await stored(CARLOS)).toMatchObject({ status: "active", revision: 3, units: 7 });
    expect(problems).toEqual([]);
  });

  it("keeps each choice where it was made, asks about '1.500', refuses a future time before sending, and says a void met another's", async () => {
    const { page, problems } = await stack.supervisor({ width: 1280, height: 900, bypassCSP: false });
    const chosen = (selector: string) =>
      page
        .locator(selector)
        .evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent?.trim());
    await page.goto(`${stack.settings.WEB_URL}#/pedido/${OUTSIDE}`);
    await page.locator("#order-correct").click();
    expect(await chosen("#correct-courier")).toBe("Repartidor nuevo (999) · fuera del catálogo");
    await page.selectOption("#correct-courier", "101");
    expect(await chosen("#correct-courier")).toBe("María López (101)");
    // The order's own courier stays on offer, outside the fleet as it is.
    expect(await page.locator('#correct-courier option[value="999"]').count()).toBe(1);
    await page.selectOption("#correct-line-0-product", "pk0001");
    expect(await chosen("#correct-line-0-product")).toBe("Moneda (pk0001)");
    expect(await page.inputValue("#correct-line-0-price")).toBe("1.00");
    await page.selectOption("#correct-line-0-product", "zz-fuera");
    expect(await chosen("#correct-line-0-product")).toBe("Llavero de feria (zz-fuera) · fuera del catálogo");
    expect(await page.inputValue("#correct-line-0-price")).toBe("3.00");
    // "1.500": thousands or cents? Asked, never read as 1,50.
    await page.fill("#correct-line-1-price", "1.500");
    await page.fill("#correct-reason", "Repartidor equivocado");
    await page.click("#correct-review");
    expect(await seen(page, "#correct-line-1-price-error")).toMatch(/^¿Miles o centavos\?/);
    // A delivery later than now is refused here, before anything is sent.
    await page.fill("#correct-line-1-price", "1500");
    await page.fill("#correct-delivered", "2099-01-01T10:00:00");
    await page.click("#correct-review");
    expect(await seen(page, "#correct-delivered-error")).toMatch(/^La entrega no puede ser posterior a ahora/);
    expect(await focused(page)).toBe("correct-delivered");
    // A line added takes focus on its product.
    await page.click("#correct-add-line");
    expect(await focused(page)).toBe("correct-line-2-product");
    await page.click("#correct-cancel");
    expect(await stored(OUTSIDE)).toMatchObject({ revision: 1 });

    // A void confirmed after another supervisor voided the order: said, and the other's reason is what stays.
    await page.click("#order-void");
    await page.fill("#void-reason", "Pedido de prueba");
    await page.press("#void-reason", "Enter");
    await page.locator("#void-confirm-title").waitFor();
    const theirs = await asDemoSupervisor(stack.settings, `/orders/${OUTSIDE}/void`, {
      method: "POST",
      body: JSON.stringify({ reason: "Duplicado" }),
    });
    expect(theirs.status).toBe(200);
    await page.click("#void-confirm");
    await page.waitForFunction(() =>
      document.querySelector("#order-problem")?.textContent?.includes("Otro supervisor"),
    );
    expect(await seen(page, "#order-summary-title")).toBe("Anulado · Revisión 2");
    expect((await historyRows(page)).at(-1)).toMatch(new RegExp(`^2 Anulado .* ${stack.settings.USERNAME} Duplicado$`));
    expect(await page.locator("#order-saved").count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it("fits a phone with a correction and its confirmation open and in English, with no serious or critical axe-core violation", async () => {
    const { page } = await stack.supervisor({ width: 390, height: 844, bypassCSP: true });
    await page.goto(`${stack.settings.WEB_URL}#/pedido/${MARIA}`);
    await page.locator("#order-correct").click();
    await page.locator("#correct-form").waitFor();
    await page.click("#correct-add-line");
    await fitsPhonesAndIsAccessible(page);
    // A reason of 500 characters with no space (a pasted address) wraps in the confirmation.
    await page.fill("#correct-reason", `https://example.com/${"a".repeat(480)}`);
    await page.click("#correct-review");
    await page.locator("#correct-confirm-title").waitFor();
    await fitsPhonesAndIsAccessible(page);
    await page.click("#correct-back");
    await page.fill("#correct-reason", "Faltó un producto");
    mkdirSync(screenshots, { recursive: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(screenshots, "correction-phone.png"), fullPage: true });
    await page.click('button[lang="en"]');
    expect(await seen(page, "#correct-title")).toBe("Correct the order");
    expect(await seen(page, "#order-history thead")).toBe("Revision Change When Who Reason");
    await page.click("#correct-cancel");
    await page.goto(`${stack.settings.WEB_URL}#/pedido/${LAURA}`);
    await page.locator("#order-voided").waitFor();
    expect(await seen(page, "#order-voided")).toBe(
      "This order is voided: it counts in no figure. It is kept with its history.",
    );
    await fitsPhonesAndIsAccessible(page);
    await page.goto(`${stack.settings.WEB_URL}#/pedido/no-such-order`);
    await page.locator("#order-problem").waitFor();
    expect(await seen(page, "#order-problem")).toBe("There is no order with the id no-such-order. Check the id.");
  });
});
