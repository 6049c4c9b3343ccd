import { ApplyOrderChanges, GetMonitorReport, PlaceOrder, type MonitorReport } from "@cargo-express/domain";
import { commandFrom } from "@cargo-express/testkit";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FixedClock,
  InMemoryCatalogueStore,
  InMemoryOrderChangeFeed,
  InMemoryOrderRepository,
  InMemoryProjectionStore,
} from "../src/index.js";

const TZ = "America/Bogota";
const NOW = Date.parse("2024-09-11T23:40:00Z");
/** Ids the catalogue may know; others in the orders are outside it. */
const PRODUCTS = ["pk0001", "pk0002", "pk0003", "zz-unknown"];
const COURIERS = ["101", "102", "103", "999"];

const order = fc.record({
  repartidor: fc.record({ IdRepartidor: fc.constantFrom(...COURIERS), Nombre: fc.constantFrom("Ana", "Beto") }),
  productos: fc.array(
    fc.record({
      IdProducto: fc.constantFrom(...PRODUCTS),
      producto: fc.constantFrom("Moneda", "Clip"),
      precio: fc.integer({ min: 0, max: 5000 }).map((cents) => cents / 100),
      cantidad: fc.integer({ min: 1, max: 5 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  minutesAgo: fc.integer({ min: 0, max: 600 }),
});

const name = fc.string({ minLength: 1, maxLength: 12 }).map((text) => `N ${text.replace(/[^\p{L}\p{N} ]/gu, "x")}`);

/** A report's figures without any name: what a rename must leave alone. */
const figures = (report: MonitorReport) => ({
  products: report.products.map(({ productName: _name, ...rest }) => rest),
  couriers: report.couriers.map(({ courierName: _name, ...rest }) => rest),
  hourly: report.hourly.couriers.map(({ courierName: _name, ...rest }) => rest),
  totals: report.totals,
});

describe("monitor names from the catalogue (property)", () => {
  it("moves only names when the catalogue is renamed; unknown ids are counted under their payload's names and flagged", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 25 }),
        fc.subarray(PRODUCTS.slice(0, 3)),
        fc.subarray(COURIERS.slice(0, 3)),
        fc.array(name, { minLength: 6, maxLength: 6 }),
        fc.constantFrom("today" as const, "7d" as const, "all" as const),
        async (orders, knownProducts, knownCouriers, renames, period) => {
          const repository = new InMemoryOrderRepository();
          const store = new InMemoryProjectionStore();
          const catalogue = new InMemoryCatalogueStore();
          const clock = new FixedClock(NOW);
          const feed = new InMemoryOrderChangeFeed(repository);
          const place = new PlaceOrder({ orders: repository, clock, timeZone: TZ });
          const at = { by: "test", at: "2024-09-11T20:00:00.000Z" };
          for (const id of knownProducts)
            await catalogue.put(
              { kind: "product", value: { id, name: `P ${id}`, referencePrice: 100, active: true } },
              at,
            );
          for (const id of knownCouriers)
            await catalogue.put({ kind: "courier", value: { id, name: `C ${id}`, active: true } }, at);
          for (const [i, o] of orders.entries()) {
            const timestamp = new Date(NOW - o.minutesAgo * 60_000).toISOString();
            const placed = await place.execute(
              commandFrom({ pedido_id: `o-${i}`, repartidor: o.repartidor, productos: o.productos, timestamp }),
            );
            expect(placed.ok).toBe(true);
          }
          await feed.drain((batch) =>
            new ApplyOrderChanges({ store, timeZone: TZ }).execute(batch).then(() => undefined),
          );
          const report = new GetMonitorReport({ queries: store, catalogue, clock, timeZone: TZ });
          const before = await report.execute({ period, top: 100 });

          // Rename every known entry.
          for (const [i, id] of knownProducts.entries())
            await catalogue.put(
              { kind: "product", value: { id, name: renames[i]!, referencePrice: 100, active: true } },
              at,
            );
          for (const [i, id] of knownCouriers.entries())
            await catalogue.put({ kind: "courier", value: { id, name: renames[3 + i]!, active: true } }, at);
          const after = await report.execute({ period, top: 100 });
          if (!before.ok || !after.ok) throw new Error("refused");

          // Only names moved.
          expect(figures(after.value)).toEqual(figures(before.value));
          const current = await catalogue.read();
          for (const product of after.value.products) {
            const known = current.products.find((p) => p.id === product.productId);
            expect(product.inCatalog).toBe(known !== undefined);
            expect(product.productName).toBe(
              known?.name ?? before.value.products.find((p) => p.productId === product.productId)!.productName,
            );
          }
          for (const courier of [...after.value.couriers, ...after.value.hourly.couriers]) {
            const known = current.couriers.find((c) => c.id === courier.courierId);
            expect(courier.inCatalog).toBe(known !== undefined);
            if (known) expect(courier.courierName).toBe(known.name);
          }
          // Unknown ids are counted: the listed products' units and the couriers' orders add up to the totals.
          expect(after.value.products.reduce((sum, p) => sum + p.units, 0)).toBe(after.value.totals.units);
          expect(after.value.couriers.reduce((sum, c) => sum + c.ordersDelivered, 0)).toBe(after.value.totals.orders);
          const unknownUnits = orders
            .flatMap((o) => o.productos)
            .filter((line) => !knownProducts.includes(line.IdProducto))
            .reduce((sum, line) => sum + line.cantidad, 0);
          const reportedUnknown = after.value.products.filter((p) => !p.inCatalog).reduce((sum, p) => sum + p.units, 0);
          if (period === "all") expect(reportedUnknown).toBe(unknownUnits);
        },
      ),
      { numRuns: 60 },
    );
  });
});
