import {
  type OrderFieldNames,
  type OrderParsingOptions,
  orderInputSchema,
  type PlaceOrderCommand,
  parseOrderInput,
} from "../../src/index.js";

/**
 * The vocabulary couriers' clients send (the HTTP API's wire names, defined for real in http-hono's contract):
 * the domain's rules read in it, so these tests pin every message a client reads, field names included.
 */
export const WIRE_NAMES = {
  orderId: "pedido_id",
  courier: "repartidor",
  courierId: "IdRepartidor",
  courierName: "Nombre",
  lines: "productos",
  productId: "IdProducto",
  productName: "producto",
  unitPrice: "precio",
  quantity: "cantidad",
  deliveredAt: "timestamp",
  notAnObject: "the order must be a JSON object",
} as const satisfies OrderFieldNames;

// Built as this module loads, as an adapter would (and so outside any one test).
orderInputSchema(WIRE_NAMES);

/** The domain's order rules over a payload in the wire vocabulary. */
export const parseOrderPayload = (input: unknown, options: Omit<OrderParsingOptions, "names"> = {}) =>
  parseOrderInput(input, { ...options, names: WIRE_NAMES });

interface WirePayload {
  pedido_id: string;
  repartidor: { IdRepartidor: number | string; Nombre: string };
  productos: { IdProducto: string; producto: string; precio: number | string; cantidad?: number }[];
  timestamp: string;
}

/** A wire payload as the command it stands for, field for field (no validation: that is the use case's). */
export function commandFrom(payload: WirePayload): PlaceOrderCommand {
  return {
    orderId: payload.pedido_id,
    courier: { id: payload.repartidor.IdRepartidor, name: payload.repartidor.Nombre },
    lines: payload.productos.map((line) => ({
      productId: line.IdProducto,
      productName: line.producto,
      unitPrice: line.precio,
      ...(line.cantidad === undefined ? {} : { quantity: line.cantidad }),
    })),
    deliveredAt: payload.timestamp,
  };
}
