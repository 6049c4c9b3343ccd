import { DAILY_SERIES_MAX_DAYS, dailySeriesQuerySchema } from "@cargo-express/domain";

/** GET /monitor/daily's query string: the domain's rules, annotated for the OpenAPI document. */
export const DailySeriesQueryParamsSchema = dailySeriesQuerySchema({
  fieldMeta: {
    from: { description: "First business day (YYYY-MM-DD, business time zone), inclusive", example: "2024-09-01" },
    to: {
      description: `Last business day, inclusive (default: from); at most ${DAILY_SERIES_MAX_DAYS} days from from`,
      example: "2024-09-30",
    },
  },
});
