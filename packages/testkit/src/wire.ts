import type { PlaceOrderCommand } from "@cargo-express/domain";

/** An order as couriers' clients send it (the HTTP API's wire format; its schema is http-hono's OrderPayloadSchema). */
export interface OrderPayload {
  pedido_id: string;
  repartidor: { IdRepartidor: number | string; Nombre: string };
  productos: { IdProducto: string; producto: string; precio: number | string; cantidad?: number }[];
  timestamp: string;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/**
 * A wire payload as the command it stands for, field for field, without judging it (PlaceOrder does): test data
 * written in the couriers' format, handed to the use cases. Whatever is missing or malformed stays so.
 */
export function commandFrom(payload: OrderPayload | unknown): PlaceOrderCommand {
  const wire = record(payload);
  const courier = record(wire.repartidor);
  const lines = Array.isArray(wire.productos)
    ? wire.productos.map((entry) => {
        const line = record(entry);
        return {
          productId: line.IdProducto,
          productName: line.producto,
          unitPrice: line.precio,
          ...(line.cantidad === undefined ? {} : { quantity: line.cantidad }),
        };
      })
    : wire.productos;
  return {
    orderId: wire.pedido_id,
    courier: wire.repartidor === undefined ? undefined : { id: courier.IdRepartidor, name: courier.Nombre },
    lines,
    deliveredAt: wire.timestamp,
  } as unknown as PlaceOrderCommand;
}
