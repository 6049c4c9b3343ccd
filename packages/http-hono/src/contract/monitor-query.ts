import { DEFAULT_HOURS, MONITOR_QUERY_LIMITS, monitorQuerySchema } from "@cargo-express/domain";
import * as z from "zod";

/**
 * GET /monitor's query string: the domain's query rules, with numbers read from the URL's text (`top=5`). A
 * repeated parameter arrives as a list and is refused as not a whole number; an unknown one is named.
 */
export const MonitorQueryParamsSchema = monitorQuerySchema({
  wholeNumber: (message) => z.coerce.number({ error: message }),
  fieldMeta: {
    period: {
      description:
        "What products, couriers and totals cover: `today` (the business day so far), `7d` (the last 7 business days, today included) or `all` (default). " +
        "With `today` and `7d` the hourly deliveries cover the period's hours up to now.",
    },
    top: {
      description: `How many best-selling products (${MONITOR_QUERY_LIMITS.top.min}-${MONITOR_QUERY_LIMITS.top.max}, default ${MONITOR_QUERY_LIMITS.top.default})`,
    },
    hours: {
      description: `Hourly window ending with the current hour (${MONITOR_QUERY_LIMITS.hours.min}-${MONITOR_QUERY_LIMITS.hours.max}, default ${DEFAULT_HOURS}); only with period=all`,
    },
    couriers: {
      description: `How many couriers, highest money first (${MONITOR_QUERY_LIMITS.couriers.min}-${MONITOR_QUERY_LIMITS.couriers.max}, default ${MONITOR_QUERY_LIMITS.couriers.default})`,
    },
  },
});
