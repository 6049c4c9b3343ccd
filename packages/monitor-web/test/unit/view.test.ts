// @vitest-environment happy-dom
/**
 * The view without a browser: the real controller against a fake Cognito and API (one fetch), rendering into a
 * happy-dom document. Charts go to a recording drawer, because happy-dom has no canvas to draw on; Chart.js itself is
 * exercised on real canvases by the Chromium tests (test/e2e).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MonitorReport } from "../../src/api.js";
import type { BarChartConfig, ChartDrawer } from "../../src/charts.js";
import type { MonitorController } from "../../src/controller.js";
import type { MonitorView } from "../../src/view/monitor-view.js";
import { startupProblem } from "../../src/view/notices.js";
import { renderPage } from "../../src/view/page.js";
import { config, FakeBackend } from "./fake-backend.js";
import { mountApp } from "./mounted-app.js";

interface DrawnChart {
  readonly canvas: HTMLCanvasElement;
  config: BarChartConfig;
  updates: number;
  destroyed: boolean;
}

/** Keeps every chart the view asked for, so a test can see which were drawn, updated in place or taken away. */
class RecordingDrawer implements ChartDrawer<DrawnChart> {
  readonly charts: DrawnChart[] = [];
  create(canvas: HTMLCanvasElement, config: BarChartConfig): DrawnChart {
    const chart = { canvas, config, updates: 0, destroyed: false };
    this.charts.push(chart);
    return chart;
  }
  update(chart: DrawnChart, config: BarChartConfig): void {
    chart.config = config;
    chart.updates += 1;
  }
  destroy(chart: DrawnChart): void {
    chart.destroyed = true;
  }
  live(): DrawnChart[] {
    return this.charts.filter((chart) => !chart.destroyed);
  }
}

/** Two couriers and two hours, so the table has something to sort and the heatmap something to colour. */
function report(period: string, orders: number): MonitorReport {
  const name = period === "today" || period === "7d" || period === "all" ? period : "all";
  return {
    generatedAt: "2026-11-29T20:00:00.000000Z",
    timeZone: "America/Bogota",
    period: { name, from: name === "all" ? null : "2026-11-29T00:00:00-05:00", to: "2026-11-30T00:00:00-05:00" },
    products: [
      {
        productId: "pk1",
        productName: "Llavero",
        units: orders,
        revenue: "1234.50",
        revenueCents: 123450,
        inCatalog: true,
      },
    ],
    couriers: [
      {
        courierId: "101",
        courierName: "Zoe",
        productsDelivered: orders,
        ordersDelivered: orders,
        revenue: "1000.00",
        revenueCents: 100000,
        inCatalog: true,
      },
      {
        courierId: "102",
        courierName: "Ana",
        productsDelivered: 1,
        ordersDelivered: 1,
        revenue: "234.50",
        revenueCents: 23450,
        inCatalog: true,
      },
    ],
    hourly: {
      hours: ["2026-11-29T13:00:00-05:00", "2026-11-29T14:00:00-05:00"],
      couriers: [
        { courierId: "101", courierName: "Zoe", inCatalog: true, deliveries: [0, orders], total: orders },
        { courierId: "102", courierName: "Ana", inCatalog: true, deliveries: [1, 0], total: 1 },
      ],
    },
    totals: { orders: orders + 1, units: orders + 1, revenue: "1234.50", revenueCents: 123450 },
  };
}

let backend: FakeBackend;
let drawer: RecordingDrawer;
let root: HTMLElement;
let controller: MonitorController;
let view: MonitorView;

beforeEach(() => {
  vi.useFakeTimers();
  backend = new FakeBackend();
  backend.makeReport = report;
  drawer = new RecordingDrawer();
  ({ root, controller, view } = mountApp({
    fetch: backend.fetch,
    charts: drawer,
    boot: '<p class="boot">Cargando el monitor de entregas…</p>',
  }));
});
afterEach(() => {
  controller.dispose();
  vi.useRealTimers();
});

const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E & Element>(selector);
const text = (selector: string) => $(selector)?.textContent ?? null;
const input = (selector: string) => $<HTMLInputElement>(selector)!;

async function signInAs(username: string, password: string): Promise<void> {
  input("#username").value = username;
  input("#password").value = password;
  $<HTMLButtonElement>("#sign-in-button")!.focus();
  $<HTMLFormElement>("#sign-in-form")!.requestSubmit();
  await vi.advanceTimersByTimeAsync(0);
}

/** The next refresh (config: every 4 s), with whatever the API answers by then. */
async function nextRefresh(): Promise<void> {
  await vi.advanceTimersByTimeAsync(config.refreshSeconds * 1000);
}

describe("MonitorView: signing in", () => {
  it("renders the sign-in screen in Spanish in place of the loading line, with the user name focused", () => {
    expect(root.querySelector(".boot")).toBeNull();
    expect(text("h1")).toBe("Monitor de entregas");
    expect(text("#sign-in-title")).toBe("Iniciar sesión");
    expect(text("#sign-in-button")).toBe("Entrar");
    expect($("#sign-in-notice")!.hidden).toBe(true);
    expect($("#sign-out")).toBeNull();
    expect(document.activeElement).toBe(input("#username"));
    expect(document.documentElement.lang).toBe("es");
    expect(document.title).toBe("Monitor de entregas · Cargo Express");
  });

  it("answers a wrong password in the page, empties the password once and keeps the user name", async () => {
    await signInAs("ana", "nope");
    expect(text("#sign-in-notice")).toBe("Usuario o contraseña incorrectos. Revísalos e inténtalo de nuevo.");
    expect($("#sign-in-notice")!.hidden).toBe(false);
    expect($("#sign-in-notice")!.className).toBe("notice");
    expect(input("#password").value).toBe("");
    expect(input("#username").value).toBe("ana");
    // Typing again and switching language keeps what is typed, and says the same in English.
    input("#password").value = "typed again";
    $<HTMLButtonElement>('button[lang="en"]')!.click();
    expect(text("#sign-in-notice")).toBe("Wrong user name or password. Check them and try again.");
    expect(input("#password").value).toBe("typed again");
    expect(text("#sign-in-button")).toBe("Sign in");
  });

  it("refuses a user who is not a supervisor with a message and never shows a figure", async () => {
    await signInAs("pedro", "pw");
    await vi.advanceTimersByTimeAsync(0);
    expect(text("#sign-in-notice")).toContain("no pertenece al grupo de supervisores");
    expect($("#total-orders")).toBeNull();
    expect(drawer.charts).toEqual([]);
  });

  it("shows the API's figures after sign-in, draws each chart once, and hands focus to the dashboard", async () => {
    await signInAs("ana", "pw");
    expect(text("#total-orders")).toBe("2");
    expect(text("#total-money")).toBe("$\u00a01.234,50");
    expect(text(".user")).toBe("Sesión de ana");
    expect(text("#period-range")).toBe("Todo · Desde el primer pedido (horas: últimas 2)");
    expect(root.querySelectorAll("#couriers-table tbody tr")).toHaveLength(2);
    expect(root.querySelectorAll("#heatmap td.heat-5")).toHaveLength(2);
    expect(document.activeElement).toBe($("#dashboard"));
    const canvases = [...root.querySelectorAll("canvas")];
    expect(drawer.charts.map((chart) => chart.canvas)).toEqual(canvases);
    expect(drawer.charts.map((chart) => chart.config.data.labels)).toEqual([["Llavero"], ["Zoe", "Ana"]]);
    // Sized for its bars (the Chromium tests check that this passes the page's style-src policy).
    expect(canvases[0]!.parentElement!.style.height).toBe("130px");
    expect(canvases[1]!.parentElement!.style.height).toBe("230px");
  });

  it("signs out: back to sign-in with its notice, the charts taken away, focus on the user name", async () => {
    await signInAs("ana", "pw");
    $<HTMLButtonElement>("#sign-out")!.click();
    expect(text("#sign-in-notice")).toBe("Cerraste la sesión.");
    expect($("#sign-in-notice")!.className).toBe("notice info");
    expect($("#total-orders")).toBeNull();
    expect(drawer.live()).toEqual([]);
    expect(document.activeElement).toBe(input("#username"));
  });
});

describe("MonitorView: live refresh", () => {
  it("keeps the focused control, its DOM nodes and the charts across a refresh with new figures", async () => {
    await signInAs("ana", "pw");
    const sortButton = $<HTMLButtonElement>('#couriers-table th[data-key="ordersDelivered"] button')!;
    sortButton.focus();
    const tile = $("#total-orders");
    const [products, couriers] = drawer.charts;
    backend.orders = 6;
    await nextRefresh();
    expect(text("#total-orders")).toBe("7");
    expect($("#total-orders")).toBe(tile);
    expect(document.activeElement).toBe(sortButton);
    expect(drawer.charts).toHaveLength(2);
    expect(products!.updates).toBe(1);
    expect(couriers!.updates).toBe(1);
    expect(products!.config.data.datasets[0]!.data).toEqual([6]);
  });

  it("leaves the charts alone when the API answers 304, and counts the seconds since the last answer", async () => {
    await signInAs("ana", "pw");
    await nextRefresh();
    expect(backend.monitorRequests.at(-1)!.status).toBe(304);
    expect(drawer.charts.map((chart) => chart.updates)).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(2000);
    view.tick();
    expect(text("#updated")).toBe("Actualizado hace 2 s");
  });

  it("sorts the couriers' table by a column, keeping focus on its button", async () => {
    await signInAs("ana", "pw");
    const names = () => [...root.querySelectorAll("#couriers-table tbody th")].map((th) => th.textContent);
    expect(names()).toEqual(["Zoe", "Ana"]);
    expect($('th[data-key="revenueCents"]')!.getAttribute("aria-sort")).toBe("descending");
    const byName = $<HTMLButtonElement>('th[data-key="courierName"] button')!;
    byName.focus();
    byName.click();
    expect(names()).toEqual(["Ana", "Zoe"]);
    expect($('th[data-key="courierName"]')!.getAttribute("aria-sort")).toBe("ascending");
    expect($('th[data-key="revenueCents"]')!.hasAttribute("aria-sort")).toBe(false);
    expect(document.activeElement).toBe(byName);
    byName.click();
    expect(names()).toEqual(["Zoe", "Ana"]);
    // The order chosen survives a refresh with new figures.
    backend.orders = 3;
    await nextRefresh();
    expect(names()).toEqual(["Zoe", "Ana"]);
    expect($('th[data-key="courierName"]')!.getAttribute("aria-sort")).toBe("descending");
  });
});

describe("MonitorView: language and period", () => {
  it("switches to English and back: words, number formats and charts change in place, focus stays on the switch", async () => {
    await signInAs("ana", "pw");
    const [products] = drawer.charts;
    const toEnglish = $<HTMLButtonElement>('button[lang="en"]')!;
    toEnglish.focus();
    toEnglish.click();
    expect(text("h1")).toBe("Delivery monitor");
    expect(text("#total-money")).toBe("$1,234.50");
    expect(text("#period-range")).toBe("All time · Since the first order (hours: last 2)");
    expect(document.documentElement.lang).toBe("en");
    expect(products!.config.data.datasets[0]!.label).toBe("Units");
    expect(drawer.live()).toHaveLength(2);
    expect(document.activeElement).toBe(toEnglish);
    expect(toEnglish.getAttribute("lang")).toBe("es");
    expect(toEnglish.textContent).toBe("Español");
    toEnglish.click();
    expect(text("h1")).toBe("Monitor de entregas");
    expect(products!.config.data.datasets[0]!.label).toBe("Unidades");
  });

  it("selects a period: asks the API for it, drops the old figures at once, then draws the new ones", async () => {
    await signInAs("ana", "pw");
    expect(input("#period-all").checked).toBe(true);
    input("#period-today").click();
    expect(input("#period-today").checked).toBe(true);
    expect(input("#period-all").checked).toBe(false);
    expect($("#total-orders")).toBeNull();
    expect(text("#dashboard-body [role=status]")).toBe("Conectando con el servidor…");
    expect(drawer.live()).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.monitorRequests.at(-1)).toMatchObject({ period: "today", status: 200 });
    expect(text("#period-range")).toBe("Hoy · 29/11 00h – 30/11 00h (America/Bogota)");
    expect(drawer.live()).toHaveLength(2);
    expect(drawer.live().map((chart) => chart.canvas)).toEqual([...root.querySelectorAll("canvas")]);
  });

  it("says so when a period has no orders, with no chart", async () => {
    backend.makeReport = (period) => ({
      ...report(period, 0),
      products: [],
      couriers: [],
      hourly: { hours: [], couriers: [] },
      totals: { orders: 0, units: 0, revenue: "0.00", revenueCents: 0 },
    });
    await signInAs("ana", "pw");
    expect(text("#no-data")).toBe("Todavía no hay pedidos en este periodo.");
    expect(root.querySelectorAll("canvas")).toHaveLength(0);
    expect(drawer.charts).toEqual([]);
  });
});

describe("MonitorView: errors", () => {
  it("keeps the last figures with a notice while the API is away, and hides it when the API is back", async () => {
    await signInAs("ana", "pw");
    expect($("#connection")!.hidden).toBe(true);
    backend.apiUp = false;
    await nextRefresh();
    expect($("#connection")!.hidden).toBe(false);
    expect(text("#connection")).toContain("No hay conexión con el servidor");
    expect(text("#total-orders")).toBe("2");
    backend.apiUp = true;
    backend.orders = 2;
    await nextRefresh();
    expect($("#connection")!.hidden).toBe(true);
    expect(text("#total-orders")).toBe("3");
  });

  it("says the API is away instead of waiting for figures that cannot come", async () => {
    backend.apiUp = false;
    await signInAs("ana", "pw");
    expect(text("#dashboard-body [role=status]")).toBe(
      "No hay conexión con el servidor. Los datos mostrados pueden estar desactualizados; reintentando cada pocos segundos…",
    );
  });

  it("names the status of an API error", async () => {
    await signInAs("ana", "pw");
    backend.failWith = 500;
    await nextRefresh();
    expect(text("#connection")).toBe("El servidor respondió con un error (500). Reintentando…");
    expect(text("#total-orders")).toBe("2");
  });

  it("says the unlisted figures the totals hold", async () => {
    backend.makeReport = (period, orders) => ({
      ...report(period, orders),
      unlisted: {
        couriers: { orders: 0, units: 0, revenue: "0.00", revenueCents: 0 },
        products: { units: 1234, revenue: "12.34", revenueCents: 1234 },
      },
    });
    await signInAs("ana", "pw");
    expect($("#unlisted")!.getAttribute("role")).toBe("note");
    expect(text("#unlisted")).toMatch(
      /^Los totales incluyen 1\.234 unidades de productos que no aparecen en la lista\. El sistema lista/,
    );
  });

  it("says in the page when the app cannot start", () => {
    const page = document.createElement("div");
    page.innerHTML = '<p class="boot">Cargando…</p>';
    renderPage(page, startupProblem("No se pudo cargar la configuración.", "HTTP 404"));
    expect(page.querySelector(".boot")).toBeNull();
    expect(page.querySelector("#config-error")?.textContent).toBe("No se pudo cargar la configuración. HTTP 404");
    expect(page.querySelector("#config-error .detail")?.textContent).toBe("HTTP 404");
  });
});
