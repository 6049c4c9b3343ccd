import { LIST_ORDERS_LIMITS, listOrdersQuerySchema } from "@cargo-express/domain";
import * as z from "zod";

/** GET /orders's query string: the domain's rules, with `limit` read from the URL's text. */
export const ListOrdersQueryParamsSchema = listOrdersQuerySchema({
  wholeNumber: (message) => z.coerce.number({ error: message }),
  fieldMeta: {
    from: { description: "First business day (YYYY-MM-DD, business time zone), inclusive", example: "2024-09-01" },
    to: {
      description: `Last business day, inclusive (default: from); at most ${LIST_ORDERS_LIMITS.maxDays} days from from`,
      example: "2024-09-30",
    },
    courier: { description: "Only this courier's orders (IdRepartidor)", example: "106" },
    product: { description: "Only orders with a line of this product (IdProducto)", example: "pk0004" },
    limit: {
      description: `Most orders in the page (${LIST_ORDERS_LIMITS.limit.min}-${LIST_ORDERS_LIMITS.limit.max}, default ${LIST_ORDERS_LIMITS.limit.default})`,
    },
    cursor: {
      description:
        "The previous page's nextCursor, with the same from, to, courier and product (any other cursor is a 400)",
    },
  },
});
