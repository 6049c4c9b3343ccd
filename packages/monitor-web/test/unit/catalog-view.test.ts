// @vitest-environment happy-dom
/**
 * The catalogue page, the idle couriers and the figures outside the catalogue, without a browser: the real
 * controller and view against the fake Cognito and API (test/unit/fake-backend.ts), in a happy-dom document. The
 * Chromium tests (test/e2e/catalog.e2e.test.ts) do the same against the real API.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MonitorReport } from "../../src/api.js";
import type { ChartDrawer } from "../../src/charts.js";
import type { MonitorController } from "../../src/controller.js";
import { parseRoute } from "../../src/route.js";
import { config, FakeBackend } from "./fake-backend.js";
import { mountApp } from "./mounted-app.js";
import { reportWith } from "./report-mother.js";

const noCharts: ChartDrawer<object> = { create: () => ({}), update: () => undefined, destroy: () => undefined };

let backend: FakeBackend;
let root: HTMLElement;
let controller: MonitorController;

beforeEach(() => {
  vi.useFakeTimers();
  backend = new FakeBackend();
  ({ root, controller } = mountApp({ fetch: backend.fetch, charts: noCharts }));
});
afterEach(() => {
  controller.dispose();
  vi.useRealTimers();
});

const $ = <E extends Element = HTMLElement>(selector: string) => root.querySelector<E & Element>(selector);
const text = (selector: string) => $(selector)?.textContent?.replace(/\s+/g, " ").trim() ?? null;
const input = (selector: string) => $<HTMLInputElement>(selector)!;
const settle = () => vi.advanceTimersByTimeAsync(0);

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

async function openCatalog(): Promise<void> {
  await signIn();
  await follow($("#nav-catalog")!);
}

const rowNames = (table: string) =>
  [...root.querySelectorAll(`${table} tbody th .entry-name`)].map((th) => th.textContent);
const row = (table: string, id: string) => $(`${table} tr[data-id="${id}"]`)!;

async function fillAndReview(values: { id?: string; name?: string; referencePrice?: string; active?: boolean }) {
  if (values.id !== undefined) input("#entry-id").value = values.id;
  if (values.name !== undefined) input("#entry-name").value = values.name;
  if (values.referencePrice !== undefined) input("#entry-referencePrice").value = values.referencePrice;
  if (values.active !== undefined) input("#entry-active").checked = values.active;
  $<HTMLFormElement>("#catalog-form")!.requestSubmit();
  await settle();
}

async function confirm(): Promise<void> {
  $<HTMLButtonElement>("#catalog-confirm")!.click();
  await settle();
}

const changes = () =>
  [...root.querySelectorAll("#catalog-changes li")].map((li) => li.textContent!.replace(/\s+/g, " ").trim());

describe("the catalogue page", () => {
  it("opens from the navigation: products with money in es-CO, couriers, the history; the monitor stops asking", async () => {
    await signIn();
    expect($("#nav-dashboard")!.getAttribute("aria-current")).toBe("page");
    $<HTMLAnchorElement>("#nav-catalog")!.focus();
    const monitorCalls = backend.monitorRequests.length;
    await follow($("#nav-catalog")!);
    expect($("#nav-catalog")!.getAttribute("aria-current")).toBe("page");
    expect($("#nav-dashboard")!.hasAttribute("aria-current")).toBe(false);
    expect(document.activeElement).toBe($("#catalog"));
    expect(rowNames("#catalog-products")).toEqual(["Moneda", "Pila de botón"]);
    expect(text('#catalog-products tr[data-id="pk0008"]')).toBe(
      "Pila de botón pk0008 · Activo $ 2,50 Editar Desactivar",
    );
    expect(text('#catalog-couriers tr[data-id="102"]')).toBe("Carlos García 102 · Inactivo Editar Activar");
    expect(text("#catalog-history li")).toBe(
      "06/12/2026 08:00 · catalog-seed Producto pk0001 añadido: Nombre: Moneda; Precio de referencia: $ 1,00; Estado: Activo",
    );
    expect(text("#catalog-history-title + .card-intro")).toBe("Los más recientes primero; horas de America/Bogota.");
    expect($("#catalog-history time")!.getAttribute("datetime")).toBe("2026-12-06T13:00:00.000Z");
    await vi.advanceTimersByTimeAsync(config.refreshSeconds * 3000);
    expect(backend.monitorRequests).toHaveLength(monitorCalls);
    await follow($("#nav-dashboard")!);
    expect(backend.monitorRequests).toHaveLength(monitorCalls + 1);
    expect($("#total-orders")).not.toBeNull();
  });

  it("adds a product: says every mistake by its field, shows what will be saved, sends the price as text", async () => {
    await openCatalog();
    $<HTMLButtonElement>("#add-product")!.click();
    expect(text("#catalog-form-title")).toBe("Añadir un producto");
    expect(document.activeElement).toBe(input("#entry-id"));
    await fillAndReview({ id: "", name: " \u200b", referencePrice: "1,0055" });
    expect(text("#entry-id-error")).toBe("Escribe el id.");
    expect(text("#entry-name-error")).toContain("caracteres invisibles");
    expect(text("#entry-referencePrice-error")).toBe("El precio tiene como máximo dos decimales.");
    expect(input("#entry-referencePrice").getAttribute("aria-invalid")).toBe("true");
    expect(input("#entry-referencePrice").getAttribute("aria-describedby")).toBe(
      "entry-referencePrice-hint entry-referencePrice-error",
    );
    expect(document.activeElement).toBe(input("#entry-id"));
    expect(backend.catalog.puts).toEqual([]);

    await fillAndReview({ id: "pk0011", name: "  Llavero  ", referencePrice: "3,5" });
    expect(text("#catalog-confirm-entry")).toBe("Producto nuevo: pk0011");
    expect(changes()).toEqual(["Nombre: Llavero", "Precio de referencia: $ 3,50", "Estado: Activo"]);
    expect(document.activeElement).toBe($("#catalog-confirm-title"));
    $<HTMLButtonElement>("#catalog-back")!.click();
    expect(input("#entry-name").value).toBe("  Llavero  ");
    expect(document.activeElement).toBe(input("#entry-id"));
    await fillAndReview({});
    await confirm();
    expect(backend.catalog.puts).toEqual([
      { path: "/catalog/products/pk0011", body: '{"name":"Llavero","referencePrice":"3.50","active":true}' },
    ]);
    expect($("#catalog-form")).toBeNull();
    expect(text("#catalog-saved")).toBe("Guardado: Llavero (pk0011).");
    expect(document.activeElement).toBe($("#catalog-saved"));
    expect(rowNames("#catalog-products")).toEqual(["Moneda", "Pila de botón", "Llavero"]);
    expect(text("#catalog-history li .history-who")).toBe("ana");
  });

  it("edits a price: the id stays, only what changes is confirmed", async () => {
    await openCatalog();
    row("#catalog-products", "pk0008").querySelector<HTMLButtonElement>('[data-action="edit"]')!.click();
    expect(text("#catalog-form-title")).toBe("Editar el producto pk0008");
    expect(input("#entry-id").readOnly).toBe(true);
    expect(input("#entry-name").value).toBe("Pila de botón");
    expect(document.activeElement).toBe(input("#entry-name"));
    await fillAndReview({ id: "otro", referencePrice: "2,75" });
    expect(text("#catalog-confirm-entry")).toBe("Producto pk0008");
    expect(changes()).toEqual(["Precio de referencia: $ 2,50 → $ 2,75"]);
    await confirm();
    expect(backend.catalog.puts.at(-1)).toEqual({
      path: "/catalog/products/pk0008",
      body: '{"name":"Pila de botón","referencePrice":"2.75","active":true}',
    });
    expect(text('#catalog-products tr[data-id="pk0008"] td.num')).toBe("$ 2,75");
    expect(text("#catalog-history li .history-change")).toBe("Precio de referencia: $ 2,50 → $ 2,75");
  });

  it("deactivates a courier after confirming what changes, and can activate it again", async () => {
    await openCatalog();
    row("#catalog-couriers", "101").querySelector<HTMLButtonElement>('[data-action="deactivate"]')!.click();
    expect(text("#catalog-confirm-entry")).toBe("Repartidor 101");
    expect(changes()).toEqual(["Estado: Activo → Inactivo"]);
    expect(document.activeElement).toBe($("#catalog-confirm-title"));
    await confirm();
    expect(backend.catalog.puts.at(-1)).toEqual({
      path: "/catalog/couriers/101",
      body: '{"name":"María López","active":false}',
    });
    expect(text('#catalog-couriers tr[data-id="101"]')).toBe("María López 101 · Inactivo Editar Activar");
    row("#catalog-couriers", "101").querySelector<HTMLButtonElement>('[data-action="activate"]')!.click();
    expect(changes()).toEqual(["Estado: Inactivo → Activo"]);
    $<HTMLButtonElement>("#catalog-back")!.click();
    $<HTMLButtonElement>("#catalog-cancel")!.click();
    expect($("#catalog-form")).toBeNull();
    expect(backend.catalog.puts).toHaveLength(1);
  });

  it("sends nothing when nothing changed", async () => {
    await openCatalog();
    row("#catalog-products", "pk0001").querySelector<HTMLButtonElement>('[data-action="edit"]')!.click();
    await fillAndReview({ referencePrice: "1,00" });
    expect(text("#catalog-form-problem")).toBe("No hay nada que guardar: los datos son los mismos.");
    expect(backend.catalog.puts).toEqual([]);
  });

  it("shows the server's refusal next to the field it names, and changes nothing", async () => {
    await openCatalog();
    $<HTMLButtonElement>("#add-courier")!.click();
    await fillAndReview({ id: "0111", name: "Nuevo" });
    expect(text("#catalog-confirm-entry")).toBe("Repartidor nuevo: 111");
    backend.catalog.refuseNextPut = {
      status: 400,
      body: {
        status: 400,
        detail: "1 invalid field; see errors",
        errors: [{ path: "name", message: "name is taken" }],
      },
    };
    await confirm();
    expect(text("#entry-name-error")).toBe("El servidor no lo aceptó: name is taken");
    expect(input("#entry-name").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(input("#entry-name"));
    expect(input("#entry-id").value).toBe("0111");
    expect(rowNames("#catalog-couriers")).toEqual(["María López", "Carlos García"]);
    // A refusal that names no field of the form is said above it.
    backend.catalog.refuseNextPut = { status: 400, body: { status: 400, detail: "the body is not valid", errors: [] } };
    await fillAndReview({});
    await confirm();
    expect(text("#catalog-form-problem")).toBe("El servidor no lo aceptó: the body is not valid");
  });

  it("says when the API is away, keeping the form, and reads the lists again when asked", async () => {
    await openCatalog();
    $<HTMLButtonElement>("#add-courier")!.click();
    await fillAndReview({ id: "111", name: "Nuevo" });
    backend.apiUp = false;
    await confirm();
    expect(text("#catalog-form-problem")).toBe(
      "No hay conexión con el servidor; no se guardó nada. Inténtalo de nuevo.",
    );
    expect(input("#entry-name").value).toBe("Nuevo");
    $<HTMLButtonElement>("#catalog-cancel")!.click();
    await follow($("#nav-dashboard")!);
    await follow($("#nav-catalog")!);
    expect(text("#catalog-problem")).toContain("No hay conexión con el servidor; no se pudo leer el catálogo.");
    backend.apiUp = true;
    $<HTMLButtonElement>("#catalog-retry")!.click();
    await settle();
    expect($("#catalog-problem")).toBeNull();
    expect(rowNames("#catalog-products")).toEqual(["Moneda", "Pila de botón"]);
  });

  it("ends the session of a user the API refuses the catalogue's history to, showing none of it", async () => {
    await signIn();
    backend.users.set("ana", { password: "pw", supervisor: false });
    await follow($("#nav-catalog")!);
    expect(text("#sign-in-notice")).toContain("no pertenece al grupo de supervisores");
    expect($("#catalog")).toBeNull();
    expect(controller.state.catalog.catalog).toBeUndefined();
  });

  it("reads older changes of the history a page at a time", async () => {
    backend.catalog.historyPageSize = 2;
    backend.catalog.history = Array.from({ length: 5 }, (_, i) => ({
      kind: "courier" as const,
      id: String(101 + i),
      by: `supervisor-${i}`,
      at: `2026-12-0${5 - i}T15:00:00.000Z`,
      revision: 1,
      before: null,
      after: { id: String(101 + i), name: `Repartidor ${i}`, active: true },
    }));
    await openCatalog();
    const who = () => [...root.querySelectorAll("#catalog-history .history-who")].map((who) => who.textContent);
    expect(who()).toEqual(["supervisor-0", "supervisor-1"]);
    $<HTMLButtonElement>("#catalog-history-older")!.click();
    await settle();
    expect(who()).toEqual(["supervisor-0", "supervisor-1", "supervisor-2", "supervisor-3"]);
    $<HTMLButtonElement>("#catalog-history-older")!.click();
    await settle();
    expect(who()).toHaveLength(5);
    expect($("#catalog-history-older")).toBeNull();
  });

  it("speaks English on the switch, with English money", async () => {
    await openCatalog();
    $<HTMLButtonElement>('button[lang="en"]')!.click();
    expect(text("#catalog-title")).toBe("Catalogue");
    expect(text('#catalog-products tr[data-id="pk0008"]')).toBe("Pila de botón pk0008 · Active $2.50 Edit Deactivate");
    expect($('#catalog-products tr[data-id="pk0008"] [data-action="edit"]')!.getAttribute("aria-label")).toBe(
      "Edit Pila de botón",
    );
  });
});

/** Today, as the API reports it once the fleet is known: one courier delivered, two of the fleet did not. */
function todayWithFleet(orders: number): MonitorReport {
  const base = reportWith({ orders, period: "today" });
  return {
    ...base,
    products: [
      ...base.products.map((p) => ({ ...p, inCatalog: true })),
      {
        productId: "pk0099",
        productName: "Llavero rojo",
        units: 1,
        revenue: "1.00",
        revenueCents: 100,
        inCatalog: false,
      },
    ],
    couriers: [
      ...base.couriers.map((c) => ({ ...c, courierId: "777", courierName: "Ana (sin catálogo)", inCatalog: false })),
      {
        courierId: "101",
        courierName: "María López",
        productsDelivered: 0,
        ordersDelivered: 0,
        revenue: "0.00",
        revenueCents: 0,
        inCatalog: true,
        lastDeliveryAt: "2026-12-05T14:15:00.000Z",
      },
      {
        courierId: "108",
        courierName: "Jorge Pérez",
        productsDelivered: 0,
        ordersDelivered: 0,
        revenue: "0.00",
        revenueCents: 0,
        inCatalog: true,
      },
    ],
  };
}

describe("idle couriers and figures outside the catalogue on the dashboard", () => {
  it("lists the active couriers with no delivery, since when, apart from those who delivered", async () => {
    backend.makeReport = (_period, orders) => todayWithFleet(orders);
    await signIn();
    expect(text("#idle-title")).toBe("Sin entregas en este periodo");
    expect(
      [...root.querySelectorAll("#idle-couriers li")].map((li) => li.textContent!.replace(/\s+/g, " ").trim()),
    ).toEqual(["Jorge Pérez sin entregas registradas", "María López sin entregas desde 05/12/2026 09:15"]);
    expect(text("#idle-intro")).toBe(
      "Repartidores activos de la flota que no han entregado nada (hora de America/Bogota).",
    );
    expect([...root.querySelectorAll("#couriers-table tbody th")].map((th) => th.textContent)).toEqual([
      "Ana (sin catálogo) Fuera del catálogo",
    ]);
    $<HTMLButtonElement>('button[lang="en"]')!.click();
    expect(text('#idle-couriers li[data-id="101"]')).toBe("María López no deliveries since 12/05/2026 09:15");
  });

  it("lists the idle couriers on a day with no order yet", async () => {
    backend.makeReport = () => ({
      ...todayWithFleet(0),
      products: [],
      couriers: todayWithFleet(0).couriers.slice(1),
      hourly: { hours: [], couriers: [] },
      totals: { orders: 0, units: 0, revenue: "0.00", revenueCents: 0 },
    });
    await signIn();
    expect(text("#no-data")).toBe("Todavía no hay pedidos en este periodo.");
    expect(root.querySelectorAll("#idle-couriers li")).toHaveLength(2);
  });

  it("marks figures outside the catalogue; one link opens the catalogue's form filled in", async () => {
    backend.makeReport = (_period, orders) => todayWithFleet(orders);
    await signIn();
    expect(text("#couriers-table tbody th .badge")).toBe("Fuera del catálogo");
    const items = [...root.querySelectorAll("#outside-catalog li")];
    expect(items.map((li) => li.querySelector(".entry-name")!.textContent)).toEqual([
      "Llavero rojo",
      "Ana (sin catálogo)",
    ]);
    const link = items[0]!.querySelector("a")!;
    expect(link.textContent).toBe("Añadir al catálogo");
    expect(link.getAttribute("aria-label")).toBe("Añadir al catálogo: Llavero rojo (pk0099)");
    expect(link.getAttribute("href")).toBe("#/catalogo?producto=pk0099&nombre=Llavero+rojo");
    await follow(link);
    expect(text("#catalog-form-title")).toBe("Añadir un producto");
    expect(input("#entry-id").value).toBe("pk0099");
    expect(input("#entry-name").value).toBe("Llavero rojo");
    expect(document.activeElement).toBe(input("#entry-id"));
    await fillAndReview({ referencePrice: "4" });
    await confirm();
    expect(backend.catalog.puts.at(-1)).toEqual({
      path: "/catalog/products/pk0099",
      body: '{"name":"Llavero rojo","referencePrice":"4.00","active":true}',
    });
    await follow(items[1]!.querySelector("a")!);
    expect(text("#catalog-form-title")).toBe("Añadir un repartidor");
    expect(input("#entry-id").value).toBe("777");
  });

  it("lists ten figures outside the catalogue and counts the rest", async () => {
    backend.makeReport = (_period, orders) => {
      const base = todayWithFleet(orders);
      const invented = Array.from({ length: 1234 }, (_, i) => ({
        productId: `inventado-${i}`,
        productName: `Inventado ${i}`,
        units: 1,
        revenue: "0.01",
        revenueCents: 1,
        inCatalog: false,
      }));
      return { ...base, products: [...base.products, ...invented] };
    };
    await signIn();
    expect(root.querySelectorAll("#outside-catalog li")).toHaveLength(10);
    expect(text("#outside-more")).toBe("Y 1.226 más fuera del catálogo.");
  });
});
