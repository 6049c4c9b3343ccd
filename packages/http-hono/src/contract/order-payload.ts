import {
  formatCents,
  MAX_ORDER_TOTAL_CENTS,
  MAX_UNIT_PRICE_CENTS,
  ORDER_LIMITS,
  orderInputSchema,
  type OrderFieldNames,
} from "@cargo-express/domain";

/**
 * The order couriers' clients already send, field names unchanged (Spanish wire names). The rules are the
 * domain's (`orderInputSchema`, `PlaceOrder.check`), read in this vocabulary: a refusal names `productos[1].precio`,
 * never the domain's `lines[1].unitPrice`. Mapped once, field for field, in `WIRE_NAMES`.
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

// The rules in this vocabulary (what PlaceOrder.check applies), built once as the app loads, not on the first order.
orderInputSchema(WIRE_NAMES);

const NAME_RULES =
  `NFC-normalised and trimmed: 1-${ORDER_LIMITS.maxNameLength} characters (code points), at most ${ORDER_LIMITS.maxNameBytes} bytes of UTF-8; ` +
  "no control characters, invisible format characters (bidi overrides, zero-width spaces, byte order marks) or unpaired surrogates";

/** The wire schema with its documentation: the OpenAPI document's `OrderPayload`. */
export const OrderPayloadSchema = orderInputSchema(WIRE_NAMES, {
  order: { id: "OrderPayload", description: "An order as couriers' clients send it" },
  orderId: { description: "Order id chosen by the client (a UUID today)" },
  courierId: {
    description: 'Courier id: a number or a digit string (106 and "106" are the same courier)',
    example: 106,
  },
  courierName: { description: NAME_RULES },
  productName: { description: NAME_RULES },
  unitPrice: {
    description:
      `Unit price with at most two decimals (read from the request's exact JSON text: 8.499999999999999999 is refused, 8.50000 is 8.50), ` +
      `0 to ${formatCents(MAX_UNIT_PRICE_CENTS)} by default; an order's total is at most ${formatCents(MAX_ORDER_TOTAL_CENTS)} by default`,
    example: 8.5,
  },
  quantity: { description: "Units on this entry (default 1: each entry is one unit)" },
  deliveredAt: {
    description:
      "Delivery time: `2024-09-11 18:27:09.039464` (read in the business time zone) or ISO 8601 with Z or an offset; " +
      "at most 5 minutes (deployment default) after the order is received",
    example: "2024-09-11 18:27:09.039464",
  },
});

const courierIdSchema = (OrderPayloadSchema.shape[WIRE_NAMES.courier] as typeof OrderPayloadSchema).shape[
  WIRE_NAMES.courierId
]!;

/** `repartidor.IdRepartidor` read with the order's own rule; undefined when the order would be refused for it. */
export function wireCourierId(body: unknown): string | number | undefined {
  const courier = typeof body === "object" && body !== null ? (body as { repartidor?: unknown }).repartidor : undefined;
  const id =
    typeof courier === "object" && courier !== null ? (courier as { IdRepartidor?: unknown }).IdRepartidor : undefined;
  const parsed = courierIdSchema.safeParse(id);
  return parsed.success ? (parsed.data as string | number) : undefined;
}
