import * as z from "zod";

/** GET /monitor/daily's answer. Money twice, as everywhere: exact decimal text and integer cents. */
export const DailySeriesResponseSchema = z
  .object({
    timeZone: z.string().meta({ description: "IANA zone of the business days", example: "America/Bogota" }),
    from: z.string().meta({ description: "First day of the series", example: "2024-09-01" }),
    to: z.string().meta({ description: "Last day of the series", example: "2024-09-30" }),
    days: z
      .array(
        z.object({
          day: z.string().meta({ description: "Business day (YYYY-MM-DD)", example: "2024-09-11" }),
          orders: z.number().int(),
          units: z.number().int(),
          revenue: z
            .string()
            .regex(/^\d+\.\d{2}$/)
            .meta({ description: 'Money that day: exact decimal string with two places, e.g. "10.50"' }),
          revenueCents: z.number().int().min(0).meta({ description: "The same money in integer cents" }),
        }),
      )
      .meta({ description: "Every day from `from` to `to`, oldest first, days without orders as zeros" }),
  })
  .meta({
    id: "DailySeries",
    description: "Orders, units and money per business day, from the same figures as the monitor",
  });

export type DailySeriesResponse = z.output<typeof DailySeriesResponseSchema>;
