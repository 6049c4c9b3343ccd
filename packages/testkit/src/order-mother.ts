import type { OrderPayload } from "@cargo-express/domain";
import { catalogue, fleet, sampleOrder } from "./catalogue.js";

let counter = 0;
/** A unique order id per call, readable in test output. */
export const nextOrderId = (prefix = "order"): string => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/** Python's str(datetime) for a Bogota wall-clock time: what couriers' clients send. */
export function naiveBogotaTimestamp(epochMs: number): string {
  const wall = new Date(epochMs - 5 * 3_600_000).toISOString(); // Bogota is UTC-5 all year
  return `${wall.slice(0, 10)} ${wall.slice(11, 23)}000`;
}

/** Object Mother for courier payloads (the wire format). */
export const OrderMother = {
  /** The brief's sample order, unchanged. */
  sample(): OrderPayload {
    return structuredClone(sampleOrder) as OrderPayload;
  },

  /** A random valid order from the Cargo Express catalogue and fleet. */
  random(options: { id?: string; random?: () => number; at?: number; lines?: number } = {}): OrderPayload {
    const random = options.random ?? Math.random;
    const courier = pick(fleet, random);
    const lineCount = options.lines ?? 1 + Math.floor(random() * 4);
    return {
      pedido_id: options.id ?? nextOrderId(),
      repartidor: { IdRepartidor: courier.IdRepartidor, Nombre: courier.Nombre },
      productos: Array.from({ length: lineCount }, () => {
        const product = pick(catalogue, random);
        return { IdProducto: product.IdProducto, producto: product.producto, precio: product.precio };
      }),
      timestamp: naiveBogotaTimestamp(options.at ?? Date.now()),
    };
  },

  /** The sample order with its products replaced. */
  withProducts(productos: OrderPayload["productos"], id: string = nextOrderId()): OrderPayload {
    return { ...OrderMother.sample(), pedido_id: id, productos };
  },
};
