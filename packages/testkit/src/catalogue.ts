import data from "../fixtures/cargo-express.json" with { type: "json" };

/** Cargo Express's reference data from the brief: 10 products, 10 couriers and an order as couriers send it. */
export interface CatalogueProduct {
  readonly IdProducto: string;
  readonly producto: string;
  readonly precio: number;
}
export interface FleetCourier {
  readonly IdRepartidor: number;
  readonly Nombre: string;
}

export const catalogue: readonly CatalogueProduct[] = data.products;
export const fleet: readonly FleetCourier[] = data.couriers;
/** An order exactly as the existing courier client sends it. */
export const sampleOrder = data.sampleOrder;

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/** Python's str(datetime) for a Bogota wall-clock time: what couriers' clients send. */
export function naiveBogotaTimestamp(epochMs: number): string {
  const wall = new Date(epochMs - 5 * 3_600_000).toISOString(); // Bogota is UTC-5 all year
  return `${wall.slice(0, 10)} ${wall.slice(11, 23)}000`;
}

/** A random delivered order from the catalogue and fleet, in the couriers' wire format. */
export function randomOrderPayload(options: { id: string; random?: () => number; at?: number; lines?: number }) {
  const random = options.random ?? Math.random;
  const courier = pick(fleet, random);
  const lineCount = options.lines ?? 1 + Math.floor(random() * 4);
  return {
    pedido_id: options.id,
    repartidor: { IdRepartidor: courier.IdRepartidor, Nombre: courier.Nombre },
    productos: Array.from({ length: lineCount }, () => {
      const product = pick(catalogue, random);
      return { IdProducto: product.IdProducto, producto: product.producto, precio: product.precio };
    }),
    timestamp: naiveBogotaTimestamp(options.at ?? Date.now()),
  };
}
