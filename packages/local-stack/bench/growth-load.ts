/**
 * The growth simulation's load generator: orders from the fleet posted the way the couriers' phones post them
 * (the legacy POST, then GET /monitor/status) at a level's rate, a prober reading the monitor meanwhile, and what
 * one level measured (freshness, answers, exactness, DynamoDB use per role).
 */
import { randomInt, randomUUID } from "node:crypto";
import { orderToItem } from "@cargo-express/adapters-dynamodb";
import { parseOrderInput } from "@cargo-express/domain";
import { itemSizeBytes } from "@cargo-express/stream-handler/capacity-meter";
import { commandFrom } from "@cargo-express/testkit";
import { fleet, randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { addAccepted, differences, emptyExpected, type Payload } from "./growth-exactness.js";
import type { GrowthOptions } from "./growth-options.js";
import { DRAIN_MS, log, minus, sleep, type MeteredStack, type Snapshot } from "./growth-stack.js";

/** What one level measured. */
export interface LevelResult {
  readonly level: number;
  /** Orders per second offered. */
  readonly offered: number;
  readonly achieved: number;
  /** Orders accepted (200). */
  readonly posted: number;
  /** Per accepted order: POST started -> counted in GET /monitor, ms, sorted. */
  readonly freshness: number[];
  /** Answers by request and HTTP status. */
  readonly statuses: Map<string, number>;
  /** Differences between the monitor and what was accepted: empty when counted exactly. */
  readonly exact: string[];
  readonly httpRequests: number;
  readonly ordersApi: Snapshot;
  readonly projector: Snapshot;
  readonly projectorDynamoMs: number;
  readonly monitor: Snapshot;
  readonly monitorReads: number;
  /** Mean Orders item size, bytes. */
  readonly orderBytes: number;
  /** POST answer times of accepted orders, ms, sorted. */
  readonly postMs: number[];
}

interface Courier {
  readonly IdRepartidor: number;
  readonly Nombre: string;
}

/** The fleet the orders come from: the real 10, then synthetic couriers with names as long as real ones. */
export const couriersOf = (count: number): Courier[] =>
  Array.from({ length: count }, (_, k) => fleet[k] ?? { IdRepartidor: 1_001 + k, Nombre: `Mensajero Número ${k + 1}` });

const newOrder = (courier: Courier): Payload => ({
  ...randomOrderPayload({ id: randomUUID(), random: () => randomInt(1_000_000) / 1_000_000 }),
  repartidor: { IdRepartidor: courier.IdRepartidor, Nombre: courier.Nombre },
});
const anyCourier = (couriers: readonly Courier[]) => couriers[randomInt(couriers.length)]!;

/** Warm-up: one order from each courier, so the read model holds the whole fleet as it does after a day. */
export async function warmUp(stack: MeteredStack, couriers: readonly Courier[]): Promise<void> {
  log(`warm-up: one order from each of ${couriers.length} couriers ...`);
  for (const courier of couriers) {
    const response = await fetch(`${stack.api}/order/registrar_pedido_entregado`, {
      method: "POST",
      headers: stack.headers,
      body: JSON.stringify(newOrder(courier)),
    });
    if (response.status !== 200) throw new Error(`warm-up POST answered ${response.status}: ${await response.text()}`);
  }
  await stack.waitFor(couriers.length);
}

/** The Orders item's size of an accepted order, as DynamoDB counts it. */
function orderItemBytes(order: Payload): number {
  const parsed = parseOrderInput(commandFrom(order), { timeZone: "America/Bogota", receivedAtMs: Date.now() });
  return parsed.ok ? itemSizeBytes({ ...orderToItem(parsed.value) }) : 0;
}

/** Runs one level: `level` times today's busiest hour, for `options.seconds`, then drains and checks. */
export async function runLevel(
  stack: MeteredStack,
  couriers: readonly Courier[],
  options: GrowthOptions,
  level: number,
): Promise<LevelResult> {
  const { seconds, maxInFlight } = options;
  const rate = options.peakPerSecond * level;
  const count = Math.max(1, Math.round(rate * seconds));
  log(`level x${level}: ${count} orders at ${rate.toFixed(3)}/s for ${seconds} s ...`);
  const before = await stack.readMonitor();
  const startReads = stack.monitorReads.count;
  const start = {
    orders: stack.at("orders-api"),
    projector: stack.at("projector"),
    monitor: stack.at("monitor-api"),
    projectorMs: stack.dynamoMs("projector"),
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
      const report = await stack.readMonitor();
      seen.push({ orders: report.totals.orders - before.totals.orders, at: performance.now() });
      await sleep(20);
    }
  })();

  const postOne = async (order: Payload) => {
    const started = performance.now();
    try {
      httpRequests += 1;
      const response = await fetch(`${stack.api}/order/registrar_pedido_entregado`, {
        method: "POST",
        headers: stack.headers,
        body: JSON.stringify(order),
      });
      await response.arrayBuffer();
      const done = performance.now();
      count1(`POST ${response.status}`);
      if (response.status !== 200) return;
      postMs.push(done - started);
      accepted.push({ started, done });
      addAccepted(expected, order);
      orderBytes += orderItemBytes(order);
      // What the phones do next.
      httpRequests += 1;
      stack.monitorReads.count += 1;
      const status = await fetch(`${stack.api}/monitor/status`, { headers: stack.headers });
      await status.arrayBuffer();
      count1(`GET status ${status.status}`);
    } catch (error) {
      count1(`network error (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      inFlight -= 1;
    }
  };

  const t0 = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight >= maxInFlight) await sleep(5);
    inFlight += 1;
    sends.push(postOne(newOrder(anyCourier(couriers))));
  }
  await Promise.all(sends);
  const postingSeconds = (performance.now() - t0) / 1000;
  const deadline = performance.now() + DRAIN_MS;
  while ((seen.at(-1)?.orders ?? 0) < accepted.length && performance.now() < deadline) await sleep(50);
  probing = false;
  await prober;
  const after = await stack.waitFor(before.totals.orders + accepted.length);
  // Counted exactly, and nothing more arrives later (a double count would show up after the drain).
  await sleep(1500);
  const settled = await stack.readMonitor();
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
  return {
    level,
    offered: rate,
    achieved: accepted.length / Math.max(postingSeconds, seconds),
    posted: accepted.length,
    freshness,
    statuses,
    exact,
    httpRequests,
    ordersApi: minus(stack.at("orders-api"), start.orders),
    projector: minus(stack.at("projector"), start.projector),
    projectorDynamoMs: stack.dynamoMs("projector") - start.projectorMs,
    monitor: minus(stack.at("monitor-api"), start.monitor),
    monitorReads: stack.monitorReads.count - startReads,
    orderBytes: accepted.length > 0 ? orderBytes / accepted.length : 0,
    postMs: postMs.sort((a, b) => a - b),
  };
}

/** What one supervisor's refresh costs and downloads, per period the web app offers (its default is all). */
export interface PeriodReads {
  readonly period: string;
  readonly readRequestsPerRead: number;
  readonly rcuPerRead: number;
  readonly answerBytes: number;
}

/** Reads GET /monitor?period=... 10 times per period, after the levels. */
export async function monitorReadsByPeriod(stack: MeteredStack): Promise<PeriodReads[]> {
  const periods: PeriodReads[] = [];
  for (const period of ["all", "today", "7d"]) {
    const meter = stack.totalsOf("monitor-api");
    const [requests0, rcu0] = [meter.readRequests, meter.rcu];
    let bytes = 0;
    for (let i = 0; i < 10; i += 1)
      bytes = (await (await fetch(`${stack.api}/monitor?period=${period}`, { headers: stack.headers })).arrayBuffer())
        .byteLength;
    periods.push({
      period,
      readRequestsPerRead: (meter.readRequests - requests0) / 10,
      rcuPerRead: (meter.rcu - rcu0) / 10,
      answerBytes: bytes,
    });
  }
  return periods;
}
