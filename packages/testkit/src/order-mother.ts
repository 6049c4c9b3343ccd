import { randomOrderPayload, sampleOrder } from "./catalogue.js";
import type { OrderPayload } from "./order-payload.js";

let counter = 0;
/** A unique order id per call, readable in test output. */
export const nextOrderId = (prefix = "order"): string => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

/** Object Mother for courier payloads (the wire format). */
export const OrderMother = {
  /** The brief's sample order, unchanged. */
  sample(): OrderPayload {
    return structuredClone(sampleOrder) as OrderPayload;
  },

  /** A random valid order from the Cargo Express catalogue and fleet. */
  random(options: { id?: string; random?: () => number; at?: number; lines?: number } = {}): OrderPayload {
    return randomOrderPayload({ ...options, id: options.id ?? nextOrderId() });
  },

  /** The sample order with its products replaced. */
  withProducts(productos: OrderPayload["productos"], id: string = nextOrderId()): OrderPayload {
    return { ...OrderMother.sample(), pedido_id: id, productos };
  },
};
