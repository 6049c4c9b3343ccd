import * as z from "zod";
import { OrderResponseSchema } from "./schemas.js";

/** GET /orders's answer: a page of orders, each as GET /orders/{id} answers it. */
export const OrdersPageResponseSchema = z
  .object({
    orders: z.array(OrderResponseSchema).meta({ description: "Newest delivery first" }),
    nextCursor: z.string().nullable().meta({
      description:
        "Pass as cursor (with the same query) for the next page; null when the range holds no more. A page may hold fewer than limit orders and still have a next one (a product filter reads a bounded number of orders per page).",
    }),
  })
  .meta({ id: "OrdersPage", description: "A page of the orders delivered on a range of business days" });

export type OrdersPageResponse = z.output<typeof OrdersPageResponseSchema>;
