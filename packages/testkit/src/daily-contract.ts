import { deltaOf, encodePosition, type DailyFigures, type Order, type ProjectionStore } from "@cargo-express/domain";
import { describe, expect, it } from "vitest";
import { orderFrom } from "./contracts.js";
import { OrderMother, nextOrderId } from "./order-mother.js";

const TZ = "America/Bogota";

/** A store the projector writes and the daily figures it answers, fresh and empty. */
export interface DailyFiguresAdapters {
  readonly store: ProjectionStore;
  readonly daily: DailyFigures;
}

/** An order delivered at a UTC instant, by a courier, with its lines (wire payload fields). */
const orderAt = (
  iso: string,
  courier: number,
  productos: { IdProducto: string; precio: number; cantidad?: number }[],
) =>
  orderFrom({
    ...OrderMother.withProducts(
      productos.map((p) => ({ ...p, producto: `Producto ${p.IdProducto}` })),
      nextOrderId("daily"),
    ),
    repartidor: { IdRepartidor: courier, Nombre: `Repartidor ${courier}` },
    timestamp: iso,
  });

/** The behaviour every DailyFigures must have over what its ProjectionStore committed. */
export function describeDailyFiguresContract(
  name: string,
  make: () => Promise<DailyFiguresAdapters> | DailyFiguresAdapters,
): void {
  describe(`DailyFigures contract: ${name}`, () => {
    const commit = async (store: ProjectionStore, orders: readonly Order[], sequence: string) =>
      store.commit({
        partition: "shard-a",
        from: encodePosition(sequence),
        to: encodePosition(sequence),
        orders: orders.map((order) => deltaOf([order], TZ)),
      });

    it("leaves out or zeroes days without orders", async () => {
      const { daily } = await make();
      const found = await daily.totalsByDay(["2024-09-10", "2024-09-11"]);
      for (const day of ["2024-09-10", "2024-09-11"])
        expect(found.get(day) ?? { orders: 0, units: 0, revenue: 0 }).toEqual({ orders: 0, units: 0, revenue: 0 });
    });

    it("sums each business day's orders, units and money to the cent, over every courier, by the business zone", async () => {
      const { store, daily } = await make();
      const orders = [
        // 23:30 in Bogota on the 10th, although already the 11th in UTC.
        orderAt("2024-09-11T04:30:00Z", 101, [{ IdProducto: "pk0001", precio: 0.1, cantidad: 3 }]),
        orderAt("2024-09-11T15:00:00Z", 102, [
          { IdProducto: "pk0002", precio: 0.2 },
          { IdProducto: "pk0003", precio: 12.05, cantidad: 2 },
        ]),
        orderAt("2024-09-11T16:00:00Z", 103, [{ IdProducto: "pk0002", precio: 0.2 }]),
        orderAt("2024-09-11T17:00:00Z", 104, [{ IdProducto: "pk0004", precio: 1 }]),
        // 00:10 in Bogota on the 13th.
        orderAt("2024-09-13T05:10:00Z", 101, [{ IdProducto: "pk0001", precio: 8 }]),
      ];
      expect(await commit(store, orders.slice(0, 3), "10")).toBe("committed");
      expect(await commit(store, orders.slice(3), "11")).toBe("committed");
      const found = await daily.totalsByDay(["2024-09-10", "2024-09-11", "2024-09-12", "2024-09-13"]);
      expect(found.get("2024-09-10")).toEqual({ orders: 1, units: 3, revenue: 30 });
      expect(found.get("2024-09-11")).toEqual({ orders: 3, units: 5, revenue: 20 + 2410 + 20 + 100 });
      expect(found.get("2024-09-12") ?? { orders: 0, units: 0, revenue: 0 }).toEqual({
        orders: 0,
        units: 0,
        revenue: 0,
      });
      expect(found.get("2024-09-13")).toEqual({ orders: 1, units: 1, revenue: 800 });
      // Only the days asked for.
      expect([...(await daily.totalsByDay(["2024-09-13"])).keys()]).toEqual(["2024-09-13"]);
    });
  });
}
