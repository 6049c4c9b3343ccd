import { WIRE_NAMES } from "@cargo-express/courier-wire";
import {
  formatCents,
  MAX_ORDER_TOTAL_CENTS,
  MAX_UNIT_PRICE_CENTS,
  ORDER_LIMITS,
  placeOrderCommandSchema,
} from "@cargo-express/domain";
import * as z from "zod";

/*
 * The order couriers' clients already send, field names unchanged (Spanish wire names, one table: @cargo-express/
 * courier-wire's WIRE_NAMES). The rules are the domain's (`placeOrderCommandSchema`, `PlaceOrder.check`), applied
 * to the body renamed to the command's names; a refusal is renamed back, so it names `productos[1].precio`, never
 * the domain's `lines[1].unitPrice` (routes/place-order-from-request.ts).
 */

const NAME_RULES =
  `NFC-normalised and trimmed: 1-${ORDER_LIMITS.maxNameLength} characters (code points), at most ${ORDER_LIMITS.maxNameBytes} bytes of UTF-8; ` +
  "no control characters, invisible format characters (bidi overrides, zero-width spaces, byte order marks) or unpaired surrogates";

const order = placeOrderCommandSchema.shape;
const courier = order.courier.shape;
const line = order.lines.element.shape;

/**
 * The wire schema with its documentation, the OpenAPI document's `OrderPayload`: the domain's field rules under
 * their wire names. Documentation only: bodies are judged by `PlaceOrder.check`.
 */
export const OrderPayloadSchema = z
  .object({
    [WIRE_NAMES.order.orderId]: order.orderId.meta({ description: "Order id chosen by the client (a UUID today)" }),
    [WIRE_NAMES.order.courier]: z.object({
      [WIRE_NAMES.courier.id]: courier.id.meta({
        description: 'Courier id: a number or a digit string (106 and "106" are the same courier)',
        example: 106,
      }),
      [WIRE_NAMES.courier.name]: courier.name.meta({ description: NAME_RULES }),
    }),
    [WIRE_NAMES.order.lines]: z
      .array(
        z.object({
          [WIRE_NAMES.line.productId]: line.productId,
          [WIRE_NAMES.line.productName]: line.productName.meta({ description: NAME_RULES }),
          [WIRE_NAMES.line.unitPrice]: line.unitPrice.meta({
            description:
              `Unit price with at most two decimals (read from the request's exact JSON text: 8.499999999999999999 is refused, 8.50000 is 8.50), ` +
              `0 to ${formatCents(MAX_UNIT_PRICE_CENTS)} by default; an order's total is at most ${formatCents(MAX_ORDER_TOTAL_CENTS)} by default`,
            example: 8.5,
          }),
          [WIRE_NAMES.line.quantity]: line.quantity.meta({
            description: "Units on this entry (default 1: each entry is one unit)",
          }),
        }),
      )
      .min(ORDER_LIMITS.minLines)
      .max(ORDER_LIMITS.maxLines),
    [WIRE_NAMES.order.deliveredAt]: order.deliveredAt.meta({
      description:
        "Delivery time: `2024-09-11 18:27:09.039464` (read in the business time zone) or ISO 8601 with Z or an offset; " +
        "at most 5 minutes (deployment default) after the order is received; from a courier (not a dispatcher), at most " +
        "7 days (deployment setting MAX_DELIVERY_AGE_DAYS) before it, else a 400 naming `timestamp` and the limit",
      example: "2024-09-11 18:27:09.039464",
    }),
  })
  .meta({ id: "OrderPayload", description: "An order as couriers' clients send it" });
