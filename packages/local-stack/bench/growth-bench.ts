/**
 * `npm run bench:growth [-- --levels 12,120 --seconds 60 --couriers 120 --orders-per-day 400 --peak-share 0.15]`
 *
 * The growth simulation behind docs/growth.md and docs/es/: starts the whole local stack (DynamoDB Local, its
 * stream, the local stand-in for Lambda's event source mapping, the projector, the Hono API, the local
 * sign-in) on free loopback ports, drives it the way the couriers' phones do (the legacy POST, then
 * GET /monitor/status) at a multiple of today's busiest hour, and prints:
 *   - orders per second offered and achieved, and answers by HTTP status;
 *   - freshness: POST started -> the order counted in GET /monitor (p50, p99, max);
 *   - that every order is counted exactly: totals, units and money (to the cent) per product, per courier
 *     and overall in the monitor equal what was posted (the process exits 1 otherwise);
 *   - per order, what the cost model needs: HTTP requests, DynamoDB requests and capacity units (priced as
 *     DynamoDB charges them by the projector benchmark's CapacityMeter), bytes stored, and Lambda invocations
 *     (modelled from the stream batching: see `projectorInvocationsPerOrder`).
 *
 * Today's busiest hour is an assumption, stated once here: ~400 orders a day (10 couriers) with 15 % of them
 * in the busiest hour = 60 orders in that hour. Level 12 is the brief's two-year volume (+500 %, then x2)
 * in its busiest hour: 720 orders/hour = 0.2 orders/s; level 120 is ten times that again, as headroom. Each
 * level runs `--seconds` at that hour's rate (the hour compressed to a bounded run at the same orders per
 * second), so the number of orders is bounded (rate x seconds) and so is the time (seconds + a 60 s drain).
 *
 * A benchmark, not a test: timings depend on the machine and DynamoDB Local is not DynamoDB; the counts of
 * requests and capacity units are what DynamoDB would charge for the same calls. Everything it starts
 * (DynamoDB Local's Java process, the servers) is stopped before it exits, also on Ctrl-C.
 *
 * The parts, one job each: growth-options.ts (the command line), growth-stack.ts (the metered stack),
 * growth-load.ts (the load generator and what a level measured), growth-exactness.ts (posted vs counted, money
 * in integer cents through the domain's Money), growth-report.ts (the tables) and cost-model.ts (the bill).
 */
import { couriersOf, monitorReadsByPeriod, runLevel, warmUp, type LevelResult } from "./growth-load.js";
import { GROWTH_HELP, MAX_ORDERS, ordersToPost, parseGrowthArguments, type GrowthOptions } from "./growth-options.js";
import { printCosts, printLargestItems, printLevels, printPeriods, reportInexact } from "./growth-report.js";
import { startMeteredStack } from "./growth-stack.js";

/** Runs every level on one stack, prints the report; exit code 1 when a level was not counted exactly. */
async function main(options: GrowthOptions): Promise<void> {
  const totalOrders = ordersToPost(options);
  if (totalOrders > MAX_ORDERS)
    throw new Error(`that would post ${totalOrders} orders; the bench stops at ${MAX_ORDERS}`);
  const stack = await startMeteredStack();
  try {
    const couriers = couriersOf(options.courierCount);
    await warmUp(stack, couriers);
    const results: LevelResult[] = [];
    for (const level of options.levels) results.push(await runLevel(stack, couriers, options, level));
    printLevels(results, options);
    const periods = await monitorReadsByPeriod(stack);
    printPeriods(periods);
    printCosts(results[0]!, periods.find((p) => p.period === "all")!.answerBytes);
    printLargestItems(stack.totalsOf("projector").largestItemBytes, options.courierCount);
    if (reportInexact(results)) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

const parsed = parseGrowthArguments(process.argv.slice(2));
if (parsed.kind === "help") console.log(GROWTH_HELP);
else if (parsed.kind === "invalid") {
  console.error(GROWTH_HELP);
  process.exitCode = 2;
} else await main(parsed.options);
