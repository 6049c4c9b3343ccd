import { describe, expect, it } from "vitest";
import { parseRoute, routeHash } from "../../src/route.js";

describe("the page's address", () => {
  it("names each page, and anything unknown is the dashboard", () => {
    expect(parseRoute("")).toEqual({ page: "dashboard" });
    expect(parseRoute("#/")).toEqual({ page: "dashboard" });
    expect(parseRoute("#/nada")).toEqual({ page: "dashboard" });
    expect(parseRoute("#/catalogo")).toEqual({ page: "catalog" });
    expect(routeHash({ page: "dashboard" })).toBe("#/");
    expect(routeHash({ page: "catalog" })).toBe("#/catalogo");
  });

  it("carries a product or courier to add, with any characters in its name, there and back", () => {
    for (const prefill of [
      { kind: "product" as const, id: "pk0099", name: "Llavero rojo & azul #2 ?=" },
      { kind: "courier" as const, id: "777", name: "Ñandú Pérez" },
    ]) {
      const hash = routeHash({ page: "catalog", prefill });
      expect(parseRoute(hash)).toEqual({ page: "catalog", prefill });
    }
    expect(routeHash({ page: "catalog", prefill: { kind: "product", id: "pk9", name: "A b" } })).toBe(
      "#/catalogo?producto=pk9&nombre=A+b",
    );
    // An empty id is no entry to add.
    expect(parseRoute("#/catalogo?producto=&nombre=x")).toEqual({ page: "catalog" });
  });

  it("carries the orders' filters in Spanish, there and back; a day that is no date is left to the page", () => {
    const query = { from: "2026-12-01", to: "2026-12-06", courier: "101", product: "pk 1&2" };
    const hash = routeHash({ page: "orders", query });
    expect(hash).toBe("#/pedidos?desde=2026-12-01&hasta=2026-12-06&repartidor=101&producto=pk+1%262");
    expect(parseRoute(hash)).toEqual({ page: "orders", query });
    expect(routeHash({ page: "orders", query: {} })).toBe("#/pedidos");
    expect(parseRoute("#/pedidos")).toEqual({ page: "orders", query: {} });
    expect(parseRoute("#/pedidos?desde=2026-02-30&hasta=ayer&repartidor=")).toEqual({ page: "orders", query: {} });
  });
});
