/**
 * The growth simulation's report: the tables it prints (levels, per order, per monitor read, per period, the
 * largest items, the monthly bill from bench/cost-model.ts) and the exactness verdict.
 */
import { catalogue } from "@cargo-express/testkit/catalogue";
import { table } from "../src/demo.js";
import { ASSUMPTIONS, monthlyCost, PRICES, SCENARIOS, type MeasuredPerOrder } from "./cost-model.js";
import type { LevelResult, PeriodReads } from "./growth-load.js";
import type { GrowthOptions } from "./growth-options.js";

/** Lambda's event source mapping as deployed (infra-pulumi defaults): batch size 100, batching window 1 s. */
const BATCH_SIZE = 100;
const BATCHING_WINDOW_S = 1;
/**
 * Projector invocations per order in AWS, modelled: Lambda gathers a shard's records for up to the batching
 * window from the first one, so at λ orders/s one invocation takes about 1 + λ·W orders (at most the batch
 * size). One shard (the Orders table is far below a shard's 1,000 writes/s).
 */
const projectorInvocationsPerOrder = (perSecond: number) => 1 / Math.min(BATCH_SIZE, 1 + perSecond * BATCHING_WINDOW_S);

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** The levels, per order and per monitor read tables. */
export function printLevels(results: readonly LevelResult[], options: GrowthOptions): void {
  const { ordersPerDay, peakShare, peakPerSecond, courierCount, seconds } = options;
  const n = (value: number, digits = 2) => value.toFixed(digits);
  const per = (value: number, r: LevelResult) => n(value / Math.max(1, r.posted));
  console.log(
    `\nGrowth simulation on the local stack (DynamoDB Local). Today's busiest hour: ${ordersPerDay} orders/day x ${peakShare * 100} % = ` +
      `${n(ordersPerDay * peakShare, 0)} orders/h (${n(peakPerSecond, 4)}/s). ${courierCount} couriers, ${catalogue.length} products; ` +
      `${seconds} s per level; each order is the phones' POST /order/registrar_pedido_entregado then GET /monitor/status.\n`,
  );
  console.log(
    table(
      [
        "level",
        "orders",
        "offered/s",
        "achieved/s",
        "fresh p50 ms",
        "fresh p99 ms",
        "fresh max ms",
        "POST p50 ms",
        "answers",
        "counted exactly",
      ],
      results.map((r) => [
        `x${r.level}`,
        r.posted,
        n(r.offered, 3),
        n(r.achieved, 3),
        n(quantile(r.freshness, 0.5), 0),
        n(quantile(r.freshness, 0.99), 0),
        n(r.freshness.at(-1) ?? Number.NaN, 0),
        n(quantile(r.postMs, 0.5), 0),
        [...r.statuses].map(([k, v]) => `${k}: ${v}`).join(", "),
        r.exact.length === 0
          ? "yes (orders, units, money to the cent; per product and courier)"
          : `NO (${r.exact.length} differences)`,
      ]),
    ),
  );
  console.log(`\nPer order (what the cost model uses; DynamoDB capacity priced as DynamoDB charges it)\n`);
  console.log(
    table(
      [
        "level",
        "HTTP req",
        "orders API wr req",
        "orders API WCU",
        "projector wr req",
        "projector WCU",
        "projector rd req",
        "projector RCU",
        "commits (local)",
        "projector DynamoDB ms",
        "Lambda inv (AWS, modelled)",
        "Orders item bytes",
      ],
      results.map((r) => [
        `x${r.level}`,
        per(r.httpRequests, r),
        per(r.ordersApi.writeRequests, r),
        per(r.ordersApi.wcu, r),
        per(r.projector.writeRequests, r),
        per(r.projector.wcu, r),
        per(r.projector.readRequests, r),
        per(r.projector.rcu, r),
        per(r.projector.transactions, r),
        per(r.projectorDynamoMs, r),
        n(2 + projectorInvocationsPerOrder(r.offered)),
        n(r.orderBytes, 0),
      ]),
    ),
  );
  console.log(
    `\nLambda invocations per order in AWS (modelled): 1 orders API (POST) + 1 monitor API (GET /monitor/status) + projector 1/(1 + λ·W) ` +
      `(λ orders/s, batching window W = ${BATCHING_WINDOW_S} s, batch size ${BATCH_SIZE}, one shard). "commits (local)" is the local poller's ` +
      `transactions per order (it polls every 50 ms, so it batches less than Lambda).\n`,
  );
  console.log(`Per monitor read (the bench's GET /monitor and the phones' GET /monitor/status)\n`);
  console.log(
    table(
      ["level", "monitor reads", "DynamoDB rd req/read", "RCU/read"],
      results.map((r) => [
        `x${r.level}`,
        r.monitorReads,
        n(r.monitor.readRequests / Math.max(1, r.monitorReads)),
        n(r.monitor.rcu / Math.max(1, r.monitorReads)),
      ]),
    ),
  );
}

/** Per monitor read by period (10 reads each, after the levels). */
export function printPeriods(periods: readonly PeriodReads[]): void {
  console.log(
    `\nPer monitor read by period (the web app's GET /monitor?period=...; 10 reads each, after the levels)\n`,
  );
  console.log(
    table(
      ["period", "DynamoDB rd req/read", "RCU/read", "answer bytes"],
      periods.map((p) => [p.period, p.readRequestsPerRead.toFixed(1), p.rcuPerRead.toFixed(2), p.answerBytes]),
    ),
  );
}

/** The monthly bill today, x6 and x12, from the first level's per-order figures (bench/cost-model.ts). */
export function printCosts(r: LevelResult, monitorAnswerBytes: number): void {
  const orders = Math.max(1, r.posted);
  const measured: MeasuredPerOrder = {
    httpRequests: r.httpRequests / orders,
    monitorReadsPerOrder: 1,
    wcu: (r.ordersApi.wcu + r.projector.wcu) / orders,
    projectorRcu: r.projector.rcu / orders,
    projectorInvocations: 1,
    orderBytes: r.orderBytes,
    rcuPerMonitorRead: r.monitor.rcu / Math.max(1, r.monitorReads),
    monitorAnswerBytes,
  };
  const runs = SCENARIOS.map((scenario) => ({ scenario, ...monthlyCost(scenario, measured) }));
  const usd = (x: number) => `$${x.toFixed(2)}`;
  const count = (x: number) => Math.round(x).toLocaleString("en-US");
  console.log(
    `\nMonthly cost, us-east-1 list prices as of ${PRICES.asOf} (bench/cost-model.ts), from level x${r.level}'s figures per order: ` +
      `${measured.wcu.toFixed(1)} WCU, ${measured.projectorRcu.toFixed(1)} projector RCU, ${measured.httpRequests.toFixed(0)} HTTP requests, ` +
      `1 projector invocation (upper bound), ${measured.orderBytes.toFixed(0)} bytes stored; ${measured.rcuPerMonitorRead.toFixed(2)} RCU and ` +
      `${count(monitorAnswerBytes)} bytes per monitor read. Supervisors: 1 per 5 couriers (at least 2), web app open ` +
      `${ASSUMPTIONS.businessHoursPerDay} h a day, refetching once per live event (polling every ${ASSUMPTIONS.webFallbackRefreshSeconds} s only while its live channel is down).\n`,
  );
  console.log(
    table(
      ["", ...runs.map((run) => run.scenario.name)],
      [
        ["orders a month", ...runs.map((run) => count(run.volumes.ordersPerMonth))],
        ["couriers / supervisors", ...runs.map((run) => `${run.volumes.couriers} / ${run.volumes.supervisors}`)],
        ["API requests a month", ...runs.map((run) => count(run.volumes.apiRequests))],
        ...runs[0]!.lines.map((line, i) => [
          line.item,
          ...runs.map((run) => `${usd(run.lines[i]!.list)} (${run.lines[i]!.basis})`),
        ]),
        ["TOTAL, list prices", ...runs.map((run) => usd(run.lines.reduce((sum, line) => sum + line.list, 0)))],
        [
          "TOTAL after always-free allowances",
          ...runs.map((run) => usd(run.lines.reduce((sum, line) => sum + line.afterFree, 0))),
        ],
      ],
    ),
  );
}

/** The largest read-model items the projector wrote (DynamoDB's item limit is 400 KB). */
export function printLargestItems(largestItemBytes: ReadonlyMap<string, number>, courierCount: number): void {
  const largest = [...largestItemBytes].sort((a, b) => b[1] - a[1]).slice(0, 3);
  console.log(
    `\nLargest items written by the projector (${courierCount} couriers; DynamoDB's limit is 409,600 bytes)\n`,
  );
  console.log(
    table(
      ["table | key", "bytes", "bytes per courier"],
      largest.map(([key, bytes]) => [key, bytes, (bytes / courierCount).toFixed(0)]),
    ),
  );
}

/** One line per level the monitor did not count exactly (or where nothing was accepted); true if any. */
export function reportInexact(results: readonly LevelResult[]): boolean {
  const failed = results.filter((r) => r.exact.length > 0 || r.posted === 0);
  for (const r of failed)
    console.error(
      `level x${r.level}: NOT counted exactly: ${r.exact.slice(0, 10).join("; ") || "no order was accepted"}`,
    );
  return failed.length > 0;
}
