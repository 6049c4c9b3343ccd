import * as z from "zod";
import { ORDER_LIMITS } from "./order-limits.js";
import {
  courierIdSchema,
  idSchema,
  nameSchema,
  priceSchema,
  quantitySchema,
  timestampTextSchema,
} from "./order-fields.js";

/**
 * A courier's delivered order, field by field, with every rule that needs nothing but the order itself (types,
 * ids, names, price text, quantities, number of lines, timestamp length). Read once: a price becomes integer cents,
 * a courier id its canonical text, a name its NFC-normalised, trimmed text. The rules that need the use case's
 * settings (time zone, receipt time, caps) are `orderRulesFor`'s (order-rules.ts).
 *
 * - `orderId`: chosen by the client (a UUID today): 1-64 letters, digits and `. _ : -`.
 * - `courier.id`: digits (up to 15) or a whole number; `106`, `"106"` and `"0106"` are courier `"106"`.
 * - `lines[].unitPrice`: decimal text with at most two decimals (`"8.50"`, `"8.5"`, `"12"`), read exactly into
 *   integer cents (`parseMoney`); a JS number is accepted too, read through its shortest text.
 * - `lines[].quantity`: units on this line, 1-1000; absent, one.
 * - `deliveredAt`: when it was delivered, as text: `2024-09-11 18:27:09.039464` (wall-clock time in the business
 *   time zone) or ISO 8601 with `Z` or an offset; at most microseconds.
 */
export const placeOrderCommandSchema = z.object(
  {
    orderId: idSchema("orderId"),
    courier: z.object(
      { id: courierIdSchema("id"), name: nameSchema("name") },
      { error: "courier must be an object with id and name" },
    ),
    lines: z
      .array(
        z.object(
          {
            productId: idSchema("productId"),
            productName: nameSchema("productName"),
            unitPrice: priceSchema("unitPrice"),
            quantity: quantitySchema("quantity"),
          },
          { error: "each entry of lines must be an object" },
        ),
        { error: "lines must be a list" },
      )
      .min(ORDER_LIMITS.minLines, { error: "lines must have at least one entry" })
      .max(ORDER_LIMITS.maxLines, { error: `lines must have at most ${ORDER_LIMITS.maxLines} entries` }),
    deliveredAt: timestampTextSchema("deliveredAt"),
  },
  { error: "the order must be an object" },
);

/** A courier's delivered order, as `PlaceOrder` takes it: what `placeOrderCommandSchema` reads. */
export type PlaceOrderCommand = z.input<typeof placeOrderCommandSchema>;

/**
 * One line of a `PlaceOrderCommand`.
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export type PlaceOrderLine = PlaceOrderCommand["lines"][number];

/** A command as the schema read it: prices in cents, the courier id canonical, names normalised. */
export type ParsedOrderCommand = z.output<typeof placeOrderCommandSchema>;
