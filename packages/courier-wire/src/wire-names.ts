/**
 * The couriers' wire name of each field of the domain's order command (`PlaceOrderCommand`), object by object:
 * the one table of the Spanish vocabulary the couriers' clients already send. Everything that reads or writes
 * that vocabulary (the HTTP API, its OpenAPI document, test data) takes its names from here.
 */
export const WIRE_NAMES = {
  /** The order itself. */
  order: { orderId: "pedido_id", courier: "repartidor", lines: "productos", deliveredAt: "timestamp" },
  /** `repartidor`, the command's `courier`. */
  courier: { id: "IdRepartidor", name: "Nombre" },
  /** Each entry of `productos`, a line of the command's `lines`. */
  line: { productId: "IdProducto", productName: "producto", unitPrice: "precio", quantity: "cantidad" },
} as const;

/** What a refusal says when the body is not an object at all (the domain says "the order must be an object"). */
export const WIRE_NOT_AN_OBJECT = "the order must be a JSON object";

type Names = typeof WIRE_NAMES;

/** `T` with each field named as `N` names it (fields `N` does not name are left out); writable, as test data is. */
type Renamed<T, N> = { -readonly [K in keyof T as K extends keyof N ? N[K] & string : never]: T[K] };

/**
 * An order command's type in the wire vocabulary, field for field: `WireOrder<PlaceOrderCommand>` is the body
 * couriers' clients send (`{ pedido_id, repartidor: { IdRepartidor, Nombre }, productos: [...], timestamp }`).
 */
export type WireOrder<Command extends { readonly courier: object; readonly lines: readonly object[] }> = Renamed<
  Omit<Command, "courier" | "lines">,
  Names["order"]
> & { -readonly [K in Names["order"]["courier"]]: Renamed<Command["courier"], Names["courier"]> } & {
  -readonly [K in Names["order"]["lines"]]: Renamed<Command["lines"][number], Names["line"]>[];
};
