/**
 * The capacity figures every limit of the stack is sized from, and the limits themselves, in one place. docs/growth.md
 * explains the figures; docs/deploy.md ("Per-client limits") says which limit bites first and at what multiple of
 * today. The docs' consistency check reads these named constants, so guide and program cannot drift.
 */

/**
 * Today's volume (docs/growth.md): couriers, orders a day, supervisors with the web app open.
 * @public read by the documents' check (packages/docs-check) as well as below
 */
export const TODAY = { couriers: 10, ordersPerDay: 400, supervisors: 2 } as const;

/** The multiples of today the limits must carry: next year and the year after. */
export const GROWTH_MULTIPLES = { nextYear: 6, yearAfter: 12 } as const;

/**
 * The share of a day's orders that arrives in its busiest hour. docs/growth.md assumes 15 %; the limits are sized for
 * 25 %, a worse day than the one the cost model prices.
 * @public read by the documents' check (packages/docs-check) as well as below
 */
export const BUSIEST_HOUR_SHARE = 0.25;

/** The web app's refresh period while a tab is open (the app's default). */
export const MONITOR_REFRESH_SECONDS = 3;

/** Staff sharing one public address (an office behind one NAT) that the per-address limit must let through. */
export const STAFF_BEHIND_ONE_ADDRESS = 100;

/** Supervisors the monitor route must carry at once, from all addresses: 1.5 times one full office. */
export const MONITOR_CAPACITY_SUPERVISORS = 150;

/** WAF counts rate-based rules over a window; 5 minutes, WAF's default. */
export const WAF_WINDOW_SECONDS = 300;

/** Orders a second in the busiest hour at a multiple of today's volume (each order is one POST). */
export function busiestHourOrdersPerSecond(multiple: number): number {
  return (TODAY.ordersPerDay * multiple * BUSIEST_HOUR_SHARE) / 3600;
}

/**
 * API Gateway's per-route limits (requests per second steady, and burst), each under the stage-wide
 * `apiThrottleRateLimit`:
 * - orderIntake (each of the two POST routes): 10/s. The ×12 busiest hour needs 0.33/s; one client misbehaving is
 *   held by WAF to ORDER_RATE_PER_TOKEN (1/s), so the fleet at ×12 with one, or even seven, clients looping still
 *   fits. At 10/s intake lasts to 360 times today's busiest hour.
 * - monitor (each of the two monitor routes): MONITOR_CAPACITY_SUPERVISORS refreshing every MONITOR_REFRESH_SECONDS,
 *   50/s.
 * - orderLookup, 5/s: a supervisor opening single orders.
 * - public (health, OpenAPI, docs; no sign-in), 5/s: probes and people reading the docs; an anonymous flood is
 *   refused here without reaching the signed-in routes' share.
 */
export const ROUTE_THROTTLES = {
  orderIntake: { rateLimit: 10, burstLimit: 20 },
  orderLookup: { rateLimit: 5, burstLimit: 10 },
  monitor: {
    rateLimit: Math.ceil(MONITOR_CAPACITY_SUPERVISORS / MONITOR_REFRESH_SECONDS),
    burstLimit: 2 * Math.ceil(MONITOR_CAPACITY_SUPERVISORS / MONITOR_REFRESH_SECONDS),
  },
  public: { rateLimit: 5, burstLimit: 10 },
} as const;

/**
 * Per client token on the order routes (WAF, keyed on the Authorization header): 300 per 5 minutes, 1 a second on
 * average, a tenth of the intake route's 10/s, so no one client takes more than a fair share of intake. A phone
 * posts a few orders an hour (40 a day at ×12); a dispatcher posting every order of the ×12 fleet's busiest hour
 * needs 0.33/s, three times under it.
 */
export const ORDER_REQUESTS_PER_TOKEN = 300;

/**
 * Per client address on the CloudFront distribution (WAF): STAFF_BEHIND_ONE_ADDRESS supervisors refreshing every
 * MONITOR_REFRESH_SECONDS make 10,000 requests per 5 minutes; 12,000 leaves room for page loads and sign-ins.
 */
export const REQUESTS_PER_ADDRESS = Math.ceil(
  ((STAFF_BEHIND_ONE_ADDRESS * WAF_WINDOW_SECONDS) / MONITOR_REFRESH_SECONDS) * 1.2,
);

/**
 * Per client address on the two user pools (regional WAF): sign-ins, MFA answers and token refreshes. 100 staff
 * behind one address refreshing every 15 minutes make about 34 per 5 minutes, and a morning's sign-ins of all of them
 * 200 (password and code); 300 per 5 minutes lets that through and holds password spraying from one address to 1 a
 * second.
 */
export const SIGN_IN_REQUESTS_PER_ADDRESS = 300;
