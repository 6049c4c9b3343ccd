// @vitest-environment happy-dom
/**
 * The orders page, the links from the dashboard's figures to their orders and the last 30 days, without a browser:
 * the real controller and view against the fake Cognito and API (test/unit/fake-backend.ts, its ledger in
 * test/unit/fake-ledger.ts), in a happy-dom document. The Chromium tests (test/e2e/orders.e2e.test.ts) do the same
 * against the real API.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BarChartConfig, ChartDrawer } from "../../src/charts.js";
import type { MonitorController } from "../../src/controller.js";
import { parseRoute, routeHash } from "../../src/route.js";
import { FakeBackend } from "./fake-backend.js";
import { orderOf } from "./fake-ledger.js";
import { mountApp } from "./mounted-app.js";
import { reportWith } from "./report-mother.js";

/** Charts as the view asked for them (happy-dom has no canvas). */
const drawn: BarChartConfig[] = [];
const recordingCharts: ChartDrawer<object> = {
  create: (_canvas, chart) => {
    drawn.push(chart);
    return {};
  },
  update: (_chart, chart) => void drawn.push(chart),
  destroy: () => undefined,
};

let backend: FakeBackend;
let root: HTMLElement;
let controller: MonitorController;

/** 10:00 in Bogotá on 6 December 2026. */
const NOW = Date.parse("2026-12-06T15:00:00Z");

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  drawn.length = 0;
  backend = new FakeBackend();
  backend.ledger.orders = [
    orderOf(
      "o-1",
      "2026-12-06T14:30:00.000000Z",
      ["101", "María López"],
      [
        ["pk0001", "Moneda", 100, 2],
        ["pk0008", "Pila de botón", 250, 1],
      ],
    ),
    orderOf("o-2", "2026-12-06T13:00:00.000000Z", ["102", "Carlos García"], [["pk0008", "Pila de botón", 250, 3]]),
    // 23:00 of the 5th in Bogotá, already the 6th in UTC.
    orderOf("o-3", "2026-12-06T04:00:00.000000Z", ["101", "María López"], [["pk0001", "Moneda", 100, 1]]),
  ];
  ({ root, controller } = mountApp({ fetch: backend.fetch, charts: recordingCharts }));
});
afterEach(() => {
  controller.dispose();
  vi.useRealTimers();
});

const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E & Element>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, " ").trim() ?? null;
const texts = (selector: string) =>
  [...root.querySelectorAll(selector)].map((element) => element.textContent!.replace(/\s+/g, " ").trim());
const input = (selector: string) => $<HTMLInputElement>(selector)!;
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await vi.advanceTimersByTimeAsync(0);
};

async function signIn(): Promise<void> {
  input("#username").value = "ana";
  input("#password").value = "pw";
  $<HTMLFormElement>("#sign-in-form")!.requestSubmit();
  await settle();
}

/** What the browser does when a link is followed: the address changes, main.ts hands the new route over. */
async function follow(link: Element): Promise<void> {
  controller.navigate(parseRoute(link.getAttribute("href")!));
  await settle();
}

async function search(values: { from?: string; to?: string; courier?: string; product?: string }): Promise<void> {
  if (values.from !== undefined) input("#orders-from").value = values.from;
  if (values.to !== undefined) input("#orders-to").value = values.to;
  if (values.courier !== undefined) $<HTMLSelectElement>("#orders-courier")!.value = values.courier;
  if (values.product !== undefined) $<HTMLSelectElement>("#orders-product")!.value = values.product;
  $<HTMLFormElement>("#orders-filters")!.requestSubmit();
  await settle();
}

const lastList = () => Object.fromEntries(backend.ledger.listRequests.at(-1)!);

describe("the orders page", () => {
  it("opens on today's orders in the business zone, newest first: when, who, units, money from cents", async () => {
    await signIn();
    await follow($("#nav-orders")!);
    expect($("#nav-orders")!.getAttribute("aria-current")).toBe("page");
    expect(lastList()).toEqual({ from: "2026-12-06", to: "2026-12-06" });
    expect(input("#orders-from").value).toBe("2026-12-06");
    expect(text("#orders-hint")).toBe("Días de America/Bogota, hasta 31 a la vez.");
    expect(text("#orders-count")).toBe("2 pedidos mostrados");
    expect(texts("#orders-list .order-summary")).toEqual([
      "06/12/2026 09:30 María López 3 u. $ 4,50",
      "06/12/2026 08:00 Carlos García 3 u. $ 7,50",
    ]);
    expect(document.activeElement).toBe($("#orders"));
  });

  it("shows an order's products on click and hides them again; the button says whether they are shown", async () => {
    await signIn();
    await follow($("#nav-orders")!);
    const button = $<HTMLButtonElement>("#order-0")!;
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect($("#order-lines-0")!.hidden).toBe(true);
    button.click();
    await settle();
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(button.getAttribute("aria-controls")).toBe("order-lines-0");
    expect($("#order-lines-0")!.hidden).toBe(false);
    expect(text("#order-lines-0 caption")).toBe("Productos del pedido o-1");
    expect(texts("#order-lines-0 tbody tr")).toEqual([
      "Moneda pk0001 2 $ 1,00 $ 2,00",
      "Pila de botón pk0008 1 $ 2,50 $ 2,50",
    ]);
    expect(text("#order-lines-0 tfoot")).toBe("Total 3 $ 4,50");
    expect(text("#order-lines-0 .order-meta")).toBe("Pedido o-1 · Recibido el 06/12/2026 09:30 (America/Bogota)");
    // The same button, so a keyboard user's focus stays on it.
    expect($("#order-0")).toBe(button);
    button.click();
    await settle();
    expect($("#order-lines-0")!.hidden).toBe(true);
  });

  it("filters by days, courier and product by the catalogue's names; the address follows the search", async () => {
    await signIn();
    await follow($("#nav-orders")!);
    expect(texts("#orders-courier option")).toEqual(["Todos", "Carlos García (102)", "María López (101)"]);
    expect(texts("#orders-product option")).toEqual(["Todos", "Moneda (pk0001)", "Pila de botón (pk0008)"]);
    await search({ from: "2026-12-05", courier: "101" });
    expect(lastList()).toEqual({ from: "2026-12-05", to: "2026-12-06", courier: "101" });
    expect(texts("#orders-list .order-courier")).toEqual(["María López", "María López"]);
    expect(text("#orders-range")).toBe("Del 05/12/2026 al 06/12/2026 · America/Bogota");
    expect(routeHash(controller.state.route)).toBe("#/pedidos?desde=2026-12-05&hasta=2026-12-06&repartidor=101");
    await search({ courier: "", product: "pk0008" });
    expect(lastList()).toEqual({ from: "2026-12-05", to: "2026-12-06", product: "pk0008" });
    expect(texts("#orders-list .order-courier")).toEqual(["María López", "Carlos García"]);
    await search({ product: "pk0001", courier: "102" });
    expect(text("#orders-count")).toBe("No hay pedidos con estos filtros.");
  });

  it("pages with the API's cursor: 'more' appends the next page until there is none", async () => {
    backend.ledger.pageSize = 1;
    await signIn();
    await follow($("#nav-orders")!);
    expect(text("#orders-count")).toBe("1 pedidos mostrados; hay más");
    $<HTMLButtonElement>("#order-0")!.click();
    $<HTMLButtonElement>("#orders-more")!.click();
    await settle();
    expect(lastList()).toEqual({ from: "2026-12-06", to: "2026-12-06", cursor: "1" });
    expect(texts("#orders-list .order-courier")).toEqual(["María López", "Carlos García"]);
    // The first order keeps its products open.
    expect($("#order-lines-0")!.hidden).toBe(false);
    expect(text("#orders-count")).toBe("2 pedidos mostrados");
    expect($("#orders-more")).toBeNull();
  });

  it("refuses a range the API would refuse without asking, and says the API's own refusal plainly", async () => {
    await signIn();
    await follow($("#nav-orders")!);
    const asked = backend.ledger.listRequests.length;
    await search({ from: "2026-12-06", to: "2026-12-01" });
    expect(text("#orders-problem")).toBe("El día «hasta» no puede ser anterior al día «desde».");
    expect(input("#orders-to").getAttribute("aria-invalid")).toBe("true");
    await search({ from: "2026-10-01", to: "2026-11-01" });
    expect(text("#orders-problem")).toBe("Elige como máximo 31 días.");
    expect(backend.ledger.listRequests).toHaveLength(asked);
    backend.ledger.refuseNextList = {
      status: 400,
      body: {
        status: 400,
        detail: "invalid query",
        errors: [{ path: "cursor", message: "not a cursor of this query" }],
      },
    };
    await search({ from: "2026-12-06", to: "2026-12-06" });
    expect(text("#orders-problem")).toBe(
      "El servidor no aceptó la búsqueda: cursor: not a cursor of this query invalid query",
    );
    expect($("#orders-list")).toBeNull();
  });

  it("says when the API is away, and a retry shows the orders", async () => {
    await signIn();
    backend.apiUp = false;
    await follow($("#nav-orders")!);
    expect(text("#orders-problem")).toBe(
      "No hay conexión con el servidor; no se pudieron leer los pedidos. Reintentar",
    );
    backend.apiUp = true;
    $<HTMLButtonElement>("#orders-retry")!.click();
    await settle();
    expect($("#orders-problem")).toBeNull();
    expect(text("#orders-count")).toBe("2 pedidos mostrados");
  });

  it("speaks English on the switch", async () => {
    await signIn();
    await follow($("#nav-orders")!);
    controller.setLanguage("en");
    expect(text("#orders-title")).toBe("Orders");
    expect(text('label[for="orders-from"]')).toBe("From");
    expect(texts("#orders-list .order-summary")[0]).toBe("12/06/2026 09:30 María López 3 u. $4.50");
  });
});

describe("from a figure to its orders", () => {
  beforeEach(() => {
    backend.makeReport = (period, orders) => reportWith({ orders, period: period as "today" | "7d" | "all" });
  });

  it("links each courier, each product and the period's tiles to the orders of the dashboard's days", async () => {
    await signIn();
    controller.setPeriod("today");
    await settle();
    const courier = $<HTMLAnchorElement>('#couriers-table a[href*="repartidor"]')!;
    expect(courier.textContent).toBe("Ana");
    expect(courier.getAttribute("href")).toBe("#/pedidos?desde=2026-11-29&hasta=2026-11-29&repartidor=101");
    expect(courier.getAttribute("aria-label")).toBe("Pedidos de Ana");
    expect(texts("#products-table tbody tr")).toEqual(["Llavero 1 $ 2,50"]);
    expect($("#products-table a")!.getAttribute("href")).toBe(
      "#/pedidos?desde=2026-11-29&hasta=2026-11-29&producto=pk0001",
    );
    expect($("#period-orders")!.getAttribute("href")).toBe("#/pedidos?desde=2026-11-29&hasta=2026-11-29");
    await follow(courier);
    expect(lastList()).toEqual({ from: "2026-11-29", to: "2026-11-29", courier: "101" });
    expect($<HTMLSelectElement>("#orders-courier")!.value).toBe("101");
    expect(input("#orders-from").value).toBe("2026-11-29");
  });

  it("all time opens the last 31 days, the most the list holds at once", async () => {
    await signIn();
    expect(text("#period-orders")).toBe("Ver los pedidos de los últimos 31 días");
    expect($("#period-orders")!.getAttribute("href")).toBe("#/pedidos?desde=2026-10-30&hasta=2026-11-29");
  });
});

describe("the last 30 days", () => {
  it("shows orders and money per day as a chart and as a table, each day a link to its orders", async () => {
    await signIn();
    $<HTMLInputElement>("#period-30d")!.click();
    await settle();
    const asked = Object.fromEntries(backend.ledger.dailyRequests.at(-1)!);
    // Every UTC day that may hold the business zone's last 30 days, one more on each side.
    expect(asked).toEqual({ from: "2026-11-06", to: "2026-12-07" });
    expect(text("#period-range")).toBe("30 días · Del 07/11/2026 al 06/12/2026 (America/Bogota)");
    expect(texts("#daily-table tbody tr")).toHaveLength(30);
    expect(texts("#daily-table tbody tr").slice(-2)).toEqual(["05/12/2026 1 1 $ 1,00", "06/12/2026 2 6 $ 12,00"]);
    expect(text("#daily-table tbody tr")).toBe("07/11/2026 0 0 $ 0,00");
    expect($("#daily-table tbody tr:first-child a")).toBeNull();
    expect($('#daily-table tr[data-day="2026-12-06"] a')!.getAttribute("href")).toBe(
      "#/pedidos?desde=2026-12-06&hasta=2026-12-06",
    );
    expect(text("#total-orders")).toBe("3");
    expect(text("#total-money")).toBe("$ 13,00");
    expect($("#period-orders")!.getAttribute("href")).toBe("#/pedidos?desde=2026-11-07&hasta=2026-12-06");
    const chart = drawn.at(-1)!;
    expect(chart.data.labels).toHaveLength(30);
    expect(chart.data.labels?.at(-1)).toBe("06/12");
    expect(chart.data.datasets.map((set) => set.data.at(-1))).toEqual([2, 1200]);
    expect($("#daily-title + .chart-box canvas")!.getAttribute("aria-label")).toBe(
      "Gráfico de barras: pedidos y dinero por día, los últimos 30 días",
    );
    await follow($('#daily-table tr[data-day="2026-12-05"] a')!);
    expect(lastList()).toEqual({ from: "2026-12-05", to: "2026-12-05" });
    expect(texts("#orders-list .order-summary")).toEqual(["05/12/2026 23:00 María López 1 u. $ 1,00"]);
  });
});

describe("the export", () => {
  async function exportDays(values: { from?: string; to?: string; format?: "csv" | "xlsx" }): Promise<void> {
    $<HTMLDetailsElement>("#export")!.open = true;
    if (values.from !== undefined) input("#export-from").value = values.from;
    if (values.to !== undefined) input("#export-to").value = values.to;
    if (values.format) input(`#export-${values.format}`).checked = true;
    $<HTMLFormElement>("#export-form")!.requestSubmit();
    await settle();
  }

  it("asks for the days in the chosen format, follows the job with the seconds it takes, then offers the link", async () => {
    await signIn();
    await follow($("#nav-orders")!);
    expect($<HTMLDetailsElement>("#export")!.open).toBe(false);
    expect(input("#export-from").value).toBe("2026-12-06");
    await exportDays({ from: "2026-12-01", format: "xlsx" });
    expect(backend.exports.asked).toEqual([{ from: "2026-12-01", to: "2026-12-06", format: "xlsx" }]);
    expect(text("#export-status")).toBe("En cola… (0 s)");
    expect($<HTMLButtonElement>("#export-button")!.disabled).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(text("#export-status")).toBe("Preparando el archivo… (1 s)");
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.exports.reads).toEqual(["job-1", "job-1"]);
    expect(text("#export-status")).toContain("Listo: 42 filas.");
    const link = $<HTMLAnchorElement>("#export-download")!;
    expect(link.getAttribute("href")).toBe("http://files.test/job-1.csv?signature=abc");
    expect(link.hasAttribute("download")).toBe(true);
    expect(link.textContent).toBe("Descargar el archivo XLSX");
    expect(text("#export-expires")).toBe(
      "El enlace deja de funcionar a las 10:15 (America/Bogota); después, exporta de nuevo.",
    );
    expect($<HTMLButtonElement>("#export-button")!.disabled).toBe(false);
    // Nothing more is asked once the file is ready.
    await vi.advanceTimersByTimeAsync(5000);
    expect(backend.exports.reads).toHaveLength(2);
  });

  it("says plainly what went wrong: a range too long, the API's refusal, a failed job, the API away", async () => {
    await signIn();
    await follow($("#nav-orders")!);
    await exportDays({ from: "2025-01-01", to: "2026-01-02" });
    expect(text("#export-problem")).toBe("Una exportación cubre como máximo 366 días.");
    expect(backend.exports.asked).toEqual([]);
    backend.exports.refuseNextPost = {
      status: 400,
      body: { status: 400, detail: "invalid input", errors: [{ path: "to", message: "to is not a date" }] },
    };
    await exportDays({ from: "2026-12-01", to: "2026-12-06" });
    expect(text("#export-problem")).toBe("El servidor no aceptó la exportación: to: to is not a date invalid input");
    backend.exports.statuses = ["failed"];
    await exportDays({});
    await vi.advanceTimersByTimeAsync(1000);
    expect(text("#export-problem")).toBe("No se pudo preparar el archivo. Inténtalo de nuevo.");
    backend.apiUp = false;
    await exportDays({});
    expect(text("#export-problem")).toBe("No hay conexión con el servidor; no se pudo exportar. Inténtalo de nuevo.");
  });
});
