import { MONITOR_PERIODS } from "@cargo-express/domain";
import * as z from "zod";

/**
 * The response side of the public contract. Presenters are typed by these schemas and the OpenAPI
 * document is generated from them, so the docs cannot drift from what the API sends.
 *
 * Money: every amount appears twice, side by side: `x` is an exact decimal string with two places
 * ("10.50") and `xCents` is the same amount as an integer number of cents (1050). Neither is a float.
 */
const money = (what: string) =>
  z
    .string()
    .regex(/^\d+\.\d{2}$/)
    .meta({ description: `${what}: exact decimal string with two places, e.g. "10.50"`, example: "10.50" });
const cents = (what: string) =>
  z
    .number()
    .int()
    .min(0)
    .meta({
      description: `${what} in integer cents (the same amount as the decimal string), e.g. 1050`,
      example: 1050,
    });
const instant = (what: string) =>
  z.string().meta({ description: `${what}: ISO 8601 UTC with microseconds`, example: "2024-09-11T23:27:09.039464Z" });

/** Whether the catalogue (products) or the fleet (couriers) knows the id: its name is then the catalogue's. */
const inCatalog = (what: "product" | "courier") =>
  z.boolean().meta({
    description: `Whether the catalogue knows this ${what} (the name is then the catalogue's, whatever the orders said); false for an id outside it, counted all the same under the name its latest order gave`,
  });

export const OrderLineResponseSchema = z
  .object({
    productId: z.string(),
    productName: z.string(),
    unitPrice: money("Unit price"),
    unitPriceCents: cents("Unit price"),
    quantity: z.number().int().min(1),
    lineTotal: money("unitPrice x quantity"),
    lineTotalCents: cents("unitPrice x quantity"),
  })
  .meta({ id: "OrderLine", description: "One product of an order (entries of the same product are kept as sent)" });

export const OrderResponseSchema = z
  .object({
    id: z.string(),
    courier: z.object({
      id: z.string().meta({ description: "Canonical courier id: the digits of IdRepartidor", example: "106" }),
      name: z.string(),
    }),
    lines: z.array(OrderLineResponseSchema),
    total: money("Order total"),
    totalCents: cents("Order total"),
    units: z.number().int().meta({ description: "Units delivered (sum of quantities)" }),
    deliveredAt: instant("When it was delivered"),
    receivedAt: instant("When the API accepted it (a correction keeps it)"),
    status: z.enum(["active", "voided"]).meta({
      description: "active: counted in every figure; voided: a supervisor voided it (counted in none, kept on record)",
    }),
    revision: z.number().int().min(1).meta({ description: "1 as received, one more for each correction and the void" }),
  })
  .meta({ id: "Order", description: "An accepted order's current revision" });

export const LegacyOrderAcceptedSchema = z
  .object({
    oder_id: z.string().meta({ description: "The order id (the misspelt key the existing client reads)" }),
    order_id: z.string().meta({ description: "The order id" }),
    timestamp: instant("When it was delivered (normalised)"),
  })
  .meta({ id: "LegacyOrderAccepted", description: "What POST /order/registrar_pedido_entregado has always answered" });

export const ProductStatsResponseSchema = z
  .object({
    productId: z.string(),
    productName: z.string(),
    units: z.number().int(),
    revenue: money("Money from this product"),
    revenueCents: cents("Money from this product"),
    inCatalog: inCatalog("product"),
  })
  .meta({ id: "ProductStats" });

export const CourierStatsResponseSchema = z
  .object({
    courierId: z.string(),
    courierName: z.string(),
    productsDelivered: z.number().int(),
    ordersDelivered: z.number().int(),
    revenue: money("Money generated (sum of the courier's order totals)"),
    revenueCents: cents("Money generated"),
    inCatalog: inCatalog("courier"),
    lastDeliveryAt: z.string().optional().meta({
      description:
        "When the courier's latest delivery was received, whatever the period (ISO 8601 UTC); absent when none was",
      example: "2024-09-11T23:27:09.512Z",
    }),
  })
  .meta({
    id: "CourierStats",
    description:
      "For `today` and `7d`, every active courier of the fleet is listed, those with no delivery in the period with zero figures (after those who delivered)",
  });

export const MonitorReportResponseSchema = z
  .object({
    generatedAt: instant("When the report was made"),
    timeZone: z.string().meta({ description: "IANA zone of the hourly buckets", example: "America/Bogota" }),
    period: z
      .object({
        name: z.enum(MONITOR_PERIODS).meta({ description: "The period asked for (query parameter `period`)" }),
        from: z.string().nullable().meta({
          description: "Inclusive start: the first hour of the period's first business day; null for all time",
          example: "2024-09-05T00:00:00-05:00",
        }),
        to: z.string().meta({
          description: "Exclusive end: the start of the business day after today",
          example: "2024-09-12T00:00:00-05:00",
        }),
      })
      .meta({ description: "What products, couriers and totals cover" }),
    products: z.array(ProductStatsResponseSchema).meta({ description: "Best-selling first (units, then revenue)" }),
    couriers: z.array(CourierStatsResponseSchema).meta({ description: "Highest money generated first" }),
    hourly: z.object({
      hours: z.array(z.string()).meta({
        description: "Hour starts in the business zone, oldest first",
        example: ["2024-09-11T18:00:00-05:00"],
      }),
      couriers: z.array(
        z.object({
          courierId: z.string(),
          courierName: z.string(),
          inCatalog: inCatalog("courier"),
          deliveries: z
            .array(z.number().int())
            .meta({ description: "Deliveries in each hour of `hours`, aligned by index" }),
          total: z.number().int(),
        }),
      ),
    }),
    totals: z.object({
      orders: z.number().int(),
      units: z.number().int(),
      revenue: money("All money"),
      revenueCents: cents("All money"),
    }),
    unlisted: z
      .object({
        couriers: z.object({
          orders: z.number().int(),
          units: z.number().int(),
          revenue: money("Money of couriers not listed"),
          revenueCents: cents("Money of couriers not listed"),
        }),
        products: z.object({
          units: z.number().int(),
          revenue: money("Money of products not listed"),
          revenueCents: cents("Money of products not listed"),
        }),
      })
      .optional()
      .meta({
        description:
          "Only when some figures are not listed: each stored item lists at most 250 couriers and 250 products (a bound no real fleet or catalogue reaches; invented ids could). Their figures are in `totals` and here, never lost.",
      }),
  })
  .meta({
    id: "MonitorReport",
    description: "Near-real-time monitor (projections are updated within seconds of an order)",
  });

export const ValidationIssueSchema = z
  .object({
    path: z.string().meta({ description: "The field as a client reads it", example: "productos[1].precio" }),
    message: z.string(),
  })
  .meta({ id: "ValidationIssue" });

export const ProblemSchema = z
  .object({
    type: z.string().meta({
      description: "Problem type URI (urn:cargo-express:problem:<kind>)",
      example: "urn:cargo-express:problem:invalid-input",
    }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().meta({ description: "The request path" }),
    requestId: z.string().optional().meta({ description: "Correlates with the API's logs" }),
    errors: z
      .array(ValidationIssueSchema)
      .optional()
      .meta({ description: "Every invalid field (400 invalid-input only)" }),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details (application/problem+json)" });

export const HealthSchema = z.object({ status: z.literal("ok") }).meta({ id: "Health" });

export type OrderResponse = z.output<typeof OrderResponseSchema>;
export type LegacyOrderAccepted = z.output<typeof LegacyOrderAcceptedSchema>;
export type MonitorReportResponse = z.output<typeof MonitorReportResponseSchema>;
