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
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { randomInt, randomUUID } from "node:crypto";
import { createDocumentClient, orderToItem, TABLE_DEFINITIONS } from "@cargo-express/adapters-dynamodb";
import { DYNAMODB_LOCAL_CREDENTIALS, DYNAMODB_LOCAL_REGION } from "@cargo-express/adapters-dynamodb/dynamodb-local";
import { parseOrderInput } from "@cargo-express/domain";
import { commandFrom } from "@cargo-express/testkit";
import { catalogue, fleet, randomOrderPayload } from "@cargo-express/testkit/catalogue";
// The projector benchmark's meter, reused as is: it prices transactions the way DynamoDB does.
import { CapacityMeter, itemSizeBytes, type CapacityTotals } from "../../stream-handler/bench/capacity-meter.js";
import { loadLocalStackConfig } from "../src/config.js";
import { signIn, table, type DemoSettings } from "../src/demo.js";
import { clientSettingsOf, startLocalStack, type LocalStack } from "../src/stack.js";
import { LOCAL_TABLES, type DynamoDbClientRole } from "../src/storage.js";
import { ASSUMPTIONS, monthlyCost, PRICES, SCENARIOS, type MeasuredPerOrder } from "./cost-model.js";

const HELP = `npm run bench:growth [-- options]

  --levels LIST          multiples of today's busiest hour to run, in order (default 12,120)
  --seconds N            how long each level runs at its rate (default 60)
  --couriers N           couriers delivering: the fleet's 10, then synthetic ones (default 120, the fleet at x12)
  --orders-per-day N     today's orders a day (default 400, from the brief)
  --peak-share F         share of a day's orders in its busiest hour (default 0.15)
  --max-in-flight N      most orders in flight at once (default 64)
  --help                 this text`;

const { values } = parseArgs({
  options: {
    levels: { type: "string", default: "12,120" },
    seconds: { type: "string", default: "60" },
    couriers: { type: "string", default: "120" },
    "orders-per-day": { type: "string", default: "400" },
    "peak-share": { type: "string", default: "0.15" },
    "max-in-flight": { type: "string", default: "64" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const levels = values.levels.split(",").map(Number);
const seconds = Number(values.seconds);
const courierCount = Number(values.couriers);
const ordersPerDay = Number(values["orders-per-day"]);
const peakShare = Number(values["peak-share"]);
const maxInFlight = Number(values["max-in-flight"]);
if (
  levels.some((l) => !(l > 0)) ||
  !(seconds > 0 && seconds <= 600) ||
  !Number.isInteger(courierCount) ||
  courierCount < 1 ||
  !(peakShare > 0 && peakShare <= 1)
) {
  console.error(HELP);
  process.exit(2);
}
/** Today's busiest hour, in orders per second. */
const peakPerSecond = (ordersPerDay * peakShare) / 3600;
/** Orders the bench will post at most, over all levels: the bound on its work. */
const MAX_ORDERS = 20_000;
const DRAIN_MS = 60_000;

/** Lambda's event source mapping as deployed (infra-pulumi defaults): batch size 100, batching window 1 s. */
const BATCH_SIZE = 100;
const BATCHING_WINDOW_S = 1;
/**
 * Projector invocations per order in AWS, modelled: Lambda gathers a shard's records for up to the batching
 * window from the first one, so at λ orders/s one invocation takes about 1 + λ·W orders (at most the batch
 * size). One shard (the Orders table is far below a shard's 1,000 writes/s).
 */
const projectorInvocationsPerOrder = (perSecond: number) => 1 / Math.min(BATCH_SIZE, 1 + perSecond * BATCHING_WINDOW_S);

type Payload = ReturnType<typeof randomOrderPayload>;

/** The fleet the orders come from: the real 10, then synthetic couriers with names as long as real ones. */
const couriers = Array.from(
  { length: courierCount },
  (_, k) => fleet[k] ?? { IdRepartidor: 1_001 + k, Nombre: `Mensajero Número ${k + 1}` },
);
const newOrder = (courier = couriers[randomInt(couriers.length)]!): Payload => ({
  ...randomOrderPayload({ id: randomUUID(), random: () => randomInt(1_000_000) / 1_000_000 }),
  repartidor: { IdRepartidor: courier.IdRepartidor, Nombre: courier.Nombre },
});
const cents = (precio: number) => Math.round(precio * 100);
const centsOf = (decimal: string) => {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(decimal);
  if (!match) throw new Error(`not a money string: ${decimal}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number(match[3]));
};

interface Figures {
  orders: number;
  units: number;
  cents: number;
}
interface Expected {
  totals: Figures;
  products: Map<string, Figures>;
  couriers: Map<string, Figures>;
}
interface Report {
  products: { productId: string; units: number; revenue: string }[];
  couriers: { courierId: string; ordersDelivered: number; productsDelivered: number; revenue: string }[];
  totals: { orders: number; units: number; revenue: string };
}

const emptyExpected = (): Expected => ({
  totals: { orders: 0, units: 0, cents: 0 },
  products: new Map(),
  couriers: new Map(),
});
function add(expected: Expected, order: Payload): void {
  const bump = (map: Map<string, Figures>, key: string, orders: number, units: number, money: number) => {
    const f = map.get(key) ?? { orders: 0, units: 0, cents: 0 };
    map.set(key, { orders: f.orders + orders, units: f.units + units, cents: f.cents + money });
  };
  const total = order.productos.reduce((sum, p) => sum + cents(p.precio), 0);
  expected.totals.orders += 1;
  expected.totals.units += order.productos.length;
  expected.totals.cents += total;
  bump(expected.couriers, String(order.repartidor.IdRepartidor), 1, order.productos.length, total);
  for (const p of order.productos) bump(expected.products, p.IdProducto, 0, 1, cents(p.precio));
}

/** Differences between the monitor (after minus before) and what was posted; empty when exact. */
function differences(expected: Expected, before: Report, after: Report): string[] {
  const problems: string[] = [];
  const check = (what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${what}: monitor ${got}, posted ${want}`);
  };
  check("orders", after.totals.orders - before.totals.orders, expected.totals.orders);
  check("units", after.totals.units - before.totals.units, expected.totals.units);
  check("money (cents)", centsOf(after.totals.revenue) - centsOf(before.totals.revenue), expected.totals.cents);
  const byId = <T, K extends keyof T>(rows: T[], key: K) => new Map(rows.map((row) => [String(row[key]), row]));
  const [pb, pa] = [byId(before.products, "productId"), byId(after.products, "productId")];
  for (const [id, want] of expected.products) {
    check(`${id} units`, (pa.get(id)?.units ?? 0) - (pb.get(id)?.units ?? 0), want.units);
    check(
      `${id} money (cents)`,
      centsOf(pa.get(id)?.revenue ?? "0.00") - centsOf(pb.get(id)?.revenue ?? "0.00"),
      want.cents,
    );
  }
  const [cb, ca] = [byId(before.couriers, "courierId"), byId(after.couriers, "courierId")];
  for (const [id, want] of expected.couriers) {
    check(`courier ${id} orders`, (ca.get(id)?.ordersDelivered ?? 0) - (cb.get(id)?.ordersDelivered ?? 0), want.orders);
    check(
      `courier ${id} products`,
      (ca.get(id)?.productsDelivered ?? 0) - (cb.get(id)?.productsDelivered ?? 0),
      want.units,
    );
    check(
      `courier ${id} money (cents)`,
      centsOf(ca.get(id)?.revenue ?? "0.00") - centsOf(cb.get(id)?.revenue ?? "0.00"),
      want.cents,
    );
  }
  return problems;
}

/** A copy of a meter's running totals (the meters count from the stack's start). */
const snapshot = (t: CapacityTotals) => ({
  writeRequests: t.writeRequests,
  readRequests: t.readRequests,
  wcu: t.wcu,
  rcu: t.rcu,
  transactions: t.byCommand.get("TransactWriteItemsCommand") ?? 0,
});
type Snapshot = ReturnType<typeof snapshot>;
const minus = (a: Snapshot, b: Snapshot): Snapshot => ({
  writeRequests: a.writeRequests - b.writeRequests,
  readRequests: a.readRequests - b.readRequests,
  wcu: a.wcu - b.wcu,
  rcu: a.rcu - b.rcu,
  transactions: a.transactions - b.transactions,
});

interface LevelResult {
  level: number;
  offered: number;
  achieved: number;
  posted: number;
  freshness: number[];
  statuses: Map<string, number>;
  exact: string[];
  httpRequests: number;
  ordersApi: Snapshot;
  projector: Snapshot;
  projectorDynamoMs: number;
  monitor: Snapshot;
  monitorReads: number;
  orderBytes: number;
  postMs: number[];
}

const log = (text: string) => process.stderr.write(`${text}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const totalOrders = levels.reduce((sum, level) => sum + Math.round(peakPerSecond * level * seconds), courierCount);
  if (totalOrders > MAX_ORDERS)
    throw new Error(`that would post ${totalOrders} orders; the bench stops at ${MAX_ORDERS}`);
  const dataDir = mkdtempSync(join(tmpdir(), "cargo-express-growth-"));
  const meters = new Map<DynamoDbClientRole, CapacityMeter>();
  const dynamoMs = new Map<DynamoDbClientRole, number>();
  let stack: LocalStack | undefined;
  const stop = async () => {
    await stack?.stop();
    stack = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    log("starting the local stack (DynamoDB Local answers after ~5 s) ...");
    stack = await startLocalStack(
      loadLocalStackConfig({
        PORT: "0",
        COGNITO_PORT: "0",
        DYNAMODB_PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        STORAGE: "dynamodb",
        LOG_LEVEL: "ERROR",
      }),
      {
        instrumentDynamoDb: (client, { role, endpoint }) => {
          const indexes = new Map(
            TABLE_DEFINITIONS.map(
              (definition) => [LOCAL_TABLES[definition.key], definition.globalSecondaryIndexes] as const,
            ),
          );
          const inspector = createDocumentClient({
            endpoint,
            region: DYNAMODB_LOCAL_REGION,
            credentials: DYNAMODB_LOCAL_CREDENTIALS,
          });
          const meter = new CapacityMeter({ inspector, indexes });
          meter.attach(client);
          // Added after the meter, so it runs inside it: the time of the request itself, not of the meter's reads.
          dynamoMs.set(role, 0);
          client.middlewareStack.add(
            (next) => async (args) => {
              const started = performance.now();
              try {
                return await next(args);
              } finally {
                dynamoMs.set(role, dynamoMs.get(role)! + performance.now() - started);
              }
            },
            { step: "initialize", name: "growth-bench-timer" },
          );
          meters.set(role, meter);
        },
      },
    );
    const api = stack.apiUrl;
    const token = await signIn(clientSettingsOf(stack) as DemoSettings);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    let monitorReads = 0;
    const readMonitor = async (): Promise<Report> => {
      monitorReads += 1;
      const response = await fetch(`${api}/monitor?couriers=1000`, { headers });
      if (response.status !== 200) throw new Error(`GET /monitor answered ${response.status}`);
      return (await response.json()) as Report;
    };
    const waitFor = async (orders: number) => {
      const deadline = Date.now() + DRAIN_MS;
      for (;;) {
        const report = await readMonitor();
        if (report.totals.orders >= orders) return report;
        if (Date.now() > deadline)
          throw new Error(
            `the monitor shows ${report.totals.orders} orders, ${orders} expected, after ${DRAIN_MS / 1000} s`,
          );
        await sleep(50);
      }
    };

    // Warm-up: one order from each courier, so the read model holds the whole fleet as it does after a day.
    log(`warm-up: one order from each of ${courierCount} couriers ...`);
    for (const courier of couriers) {
      const response = await fetch(`${api}/order/registrar_pedido_entregado`, {
        method: "POST",
        headers,
        body: JSON.stringify(newOrder(courier)),
      });
      if (response.status !== 200)
        throw new Error(`warm-up POST answered ${response.status}: ${await response.text()}`);
    }
    await waitFor(courierCount);

    const results: LevelResult[] = [];
    for (const level of levels) results.push(await runLevel(level));
    print(results);
    // What one supervisor's refresh costs and downloads, per period the web app offers (its default is all).
    const periods: (string | number)[][] = [];
    let monitorAnswerBytes = 0;
    for (const period of ["all", "today", "7d"]) {
      const meter = meters.get("monitor-api")!.totals;
      const [requests0, rcu0] = [meter.readRequests, meter.rcu];
      let bytes = 0;
      for (let i = 0; i < 10; i += 1)
        bytes = (await (await fetch(`${api}/monitor?period=${period}`, { headers })).arrayBuffer()).byteLength;
      if (period === "all") monitorAnswerBytes = bytes;
      periods.push([
        period,
        ((meter.readRequests - requests0) / 10).toFixed(1),
        ((meter.rcu - rcu0) / 10).toFixed(2),
        bytes,
      ]);
    }
    console.log(
      `\nPer monitor read by period (the web app's GET /monitor?period=...; 10 reads each, after the levels)\n`,
    );
    console.log(table(["period", "DynamoDB rd req/read", "RCU/read", "answer bytes"], periods));
    printCosts(results[0]!, monitorAnswerBytes);
    // The largest read-model items the projector wrote (DynamoDB's item limit is 400 KB).
    const largest = [...meters.get("projector")!.totals.largestItemBytes].sort((a, b) => b[1] - a[1]).slice(0, 3);
    console.log(
      `\nLargest items written by the projector (${courierCount} couriers; DynamoDB's limit is 409,600 bytes)\n`,
    );
    console.log(
      table(
        ["table | key", "bytes", "bytes per courier"],
        largest.map(([key, bytes]) => [key, bytes, (bytes / courierCount).toFixed(0)]),
      ),
    );
    const failed = results.filter((r) => r.exact.length > 0 || r.posted === 0);
    if (failed.length > 0) {
      for (const r of failed)
        console.error(
          `level x${r.level}: NOT counted exactly: ${r.exact.slice(0, 10).join("; ") || "no order was accepted"}`,
        );
      process.exitCode = 1;
    }

    async function runLevel(level: number): Promise<LevelResult> {
      const rate = peakPerSecond * level;
      const count = Math.max(1, Math.round(rate * seconds));
      log(`level x${level}: ${count} orders at ${rate.toFixed(3)}/s for ${seconds} s ...`);
      const before = await readMonitor();
      const startReads = monitorReads;
      const at = (role: DynamoDbClientRole) => snapshot(meters.get(role)!.totals);
      const start = {
        orders: at("orders-api"),
        projector: at("projector"),
        monitor: at("monitor-api"),
        projectorMs: dynamoMs.get("projector")!,
      };
      const expected = emptyExpected();
      const statuses = new Map<string, number>();
      const count1 = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
      /** Per accepted order: when its POST started and when it completed (in completion order). */
      const accepted: { started: number; done: number }[] = [];
      const postMs: number[] = [];
      let orderBytes = 0;
      let httpRequests = 0;
      let inFlight = 0;
      let probing = true;

      // The prober: reads the monitor one request after another, noting when each count was first seen.
      const seen: { orders: number; at: number }[] = [];
      const prober = (async () => {
        while (probing) {
          const report = await readMonitor();
          seen.push({ orders: report.totals.orders - before.totals.orders, at: performance.now() });
          await sleep(20);
        }
      })();

      const t0 = performance.now();
      const sends: Promise<void>[] = [];
      for (let i = 0; i < count; i += 1) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        while (inFlight >= maxInFlight) await sleep(5);
        inFlight += 1;
        const order = newOrder();
        sends.push(
          (async () => {
            const started = performance.now();
            try {
              httpRequests += 1;
              const response = await fetch(`${api}/order/registrar_pedido_entregado`, {
                method: "POST",
                headers,
                body: JSON.stringify(order),
              });
              await response.arrayBuffer();
              const done = performance.now();
              count1(`POST ${response.status}`);
              if (response.status !== 200) return;
              postMs.push(done - started);
              accepted.push({ started, done });
              add(expected, order);
              const parsed = parseOrderInput(commandFrom(order), {
                timeZone: "America/Bogota",
                receivedAtMs: Date.now(),
              });
              if (parsed.ok) orderBytes += itemSizeBytes({ ...orderToItem(parsed.value) });
              // What the phones do next.
              httpRequests += 1;
              monitorReads += 1;
              const status = await fetch(`${api}/monitor/status`, { headers });
              await status.arrayBuffer();
              count1(`GET status ${status.status}`);
            } catch (error) {
              count1(`network error (${error instanceof Error ? error.message : String(error)})`);
            } finally {
              inFlight -= 1;
            }
          })(),
        );
      }
      await Promise.all(sends);
      const postingSeconds = (performance.now() - t0) / 1000;
      const deadline = performance.now() + DRAIN_MS;
      while ((seen.at(-1)?.orders ?? 0) < accepted.length && performance.now() < deadline) await sleep(50);
      probing = false;
      await prober;
      const after = await waitFor(before.totals.orders + accepted.length);
      // Counted exactly, and nothing more arrives later (a double count would show up after the drain).
      await sleep(1500);
      const settled = await readMonitor();
      const exact = differences(expected, before, settled);
      if (settled.totals.orders !== after.totals.orders)
        exact.push(`the monitor kept counting after the drain: ${after.totals.orders} -> ${settled.totals.orders}`);

      // Freshness: the k-th order completed is visible at the first read counting at least k orders.
      const freshness = accepted
        .sort((a, b) => a.done - b.done)
        .map((order, k) => {
          const visible = seen.find((s) => s.orders >= k + 1 && s.at >= order.done)?.at ?? Number.NaN;
          return visible - order.started;
        })
        .filter((ms) => Number.isFinite(ms))
        .sort((a, b) => a - b);
      const end = { orders: at("orders-api"), projector: at("projector"), monitor: at("monitor-api") };
      return {
        level,
        offered: rate,
        achieved: accepted.length / Math.max(postingSeconds, seconds),
        posted: accepted.length,
        freshness,
        statuses,
        exact,
        httpRequests,
        ordersApi: minus(end.orders, start.orders),
        projector: minus(end.projector, start.projector),
        projectorDynamoMs: dynamoMs.get("projector")! - start.projectorMs,
        monitor: minus(end.monitor, start.monitor),
        monitorReads: monitorReads - startReads,
        orderBytes: accepted.length > 0 ? orderBytes / accepted.length : 0,
        postMs: postMs.sort((a, b) => a - b),
      };
    }
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await stop();
  }
}

function print(results: LevelResult[]): void {
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

/** The monthly bill today, x6 and x12, from the first level's per-order figures (bench/cost-model.ts). */
function printCosts(r: LevelResult, monitorAnswerBytes: number): void {
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
      `${ASSUMPTIONS.businessHoursPerDay} h a day refreshing every ${ASSUMPTIONS.webRefreshSeconds} s.\n`,
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

await main();
