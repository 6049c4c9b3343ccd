/**
 * Which limit of the deployed stack growth reaches first, and the time a delivery takes to reach a supervisor's
 * screen on AWS: arithmetic on the program's own limits (read from the deployment) and the cost model's volumes.
 * Demand grows with the volume, the supervisors' share faster than in proportion: each open page refetches once per
 * live event, and both the pages and the events grow with the fleet (each event at most one per batching window).
 * So each limit "bites at" the multiple of today's volume where its demand reaches it, found by bisection.
 */
import { ASSUMPTIONS, volumesOf } from "../../../local-stack/bench/cost-model.js";
import { RECORDED_RUNS } from "../../../local-stack/bench/documents-bill.js";
import type { DeploymentFacts } from "./deployment-facts.js";

export interface Limit {
  readonly id: string;
  /** Requests a second, or concurrent executions. */
  readonly value: number;
  /** What the busiest hour asks of it at a multiple of today's volume. */
  readonly demandAt: (multiple: number) => number;
  readonly usedAtX12: number;
  readonly bitesAt: number;
  readonly supervisorsAtLimit: number;
}

/**
 * Requests a second in the busiest hour at `multiple` times today's volume: each supervisor's page refetches once per
 * live event (one per projector call that changed the figures: at most the orders a second, at most one a batching
 * window), plus its fallback polls while its channel is down; the phones make two calls per order.
 */
function busiestHour(multiple: number, facts: DeploymentFacts) {
  const v = volumesOf({ name: `x${multiple}`, multiple }, RECORDED_RUNS.todayFleet.measured);
  // One call per batching window, or with no window one per poll (Lambda polls each shard 4 times a second).
  const perWindow = 1 / Math.max(facts.batchingWindowSeconds, ASSUMPTIONS.streamPollSeconds);
  const eventsPerSecond = Math.min(v.busiestHourOrdersPerSecond, perWindow);
  const fallback = ASSUMPTIONS.liveDownShare / ASSUMPTIONS.webFallbackRefreshSeconds;
  return {
    webPerSecond: v.supervisors * (eventsPerSecond + fallback),
    ordersPerSecond: v.busiestHourOrdersPerSecond,
    supervisors: v.supervisors,
  };
}

/** The multiple of today's volume at which `demandAt` reaches `value` (demand grows with the multiple). */
function bitesAt(value: number, demandAt: (multiple: number) => number): number {
  let low = 0.01;
  let high = 1e6;
  for (let i = 0; i < 200; i += 1) {
    const mid = (low + high) / 2;
    if (demandAt(mid) >= value) high = mid;
    else low = mid;
  }
  return high;
}

export function limitsOf(facts: DeploymentFacts): Limit[] {
  const at = (multiple: number) => busiestHour(multiple, facts);
  const route = (key: string) => {
    const limit = facts.routes.get(key);
    if (limit === undefined) throw new Error(`the deployment has no route ${key}`);
    return limit.rate;
  };
  const reserved = (name: string) => {
    const value = facts.reservedConcurrency.get(name);
    if (value === undefined) throw new Error(`function ${name} has no reserved concurrency`);
    return value;
  };
  const perAddress = facts.wafRateRules.find((rule) => rule.aggregateKey === "IP");
  // A rule keyed on the token (scoped to the order routes) holds one client: it bites with growth only for a client
  // that posts every order, such as one back-office dispatcher carrying the whole fleet.
  const perToken = facts.wafRateRules.find((rule) => rule.aggregateKey !== "IP");
  const web = (m: number) => at(m).webPerSecond;
  const orders = (m: number) => at(m).ordersPerSecond;
  const limits: { id: string; value: number; demandAt: (m: number) => number }[] = [
    // Every supervisor's browser behind one office address counts as one client for the per-address rule.
    ...(perAddress === undefined
      ? []
      : [{ id: "wafPerAddress", value: perAddress.requestsPerWindow / perAddress.windowSeconds, demandAt: web }]),
    ...(perToken === undefined
      ? []
      : [{ id: "wafPerToken", value: perToken.requestsPerWindow / perToken.windowSeconds, demandAt: orders }]),
    { id: "monitorRoute", value: route("GET /monitor"), demandAt: web },
    { id: "stage", value: facts.stage.rate, demandAt: (m) => web(m) + 2 * orders(m) },
    { id: "statusRoute", value: route("GET /monitor/status"), demandAt: orders },
    { id: "orderRoute", value: route("POST /order/registrar_pedido_entregado"), demandAt: orders },
    {
      id: "monitorReserved",
      value: reserved("monitor-api"),
      demandAt: (m) => (web(m) + orders(m)) * ASSUMPTIONS.apiCallSeconds,
    },
    {
      id: "ordersReserved",
      value: reserved("orders-api"),
      demandAt: (m) => orders(m) * ASSUMPTIONS.apiCallSeconds,
    },
  ];
  return limits.map((limit) => {
    const multiple = bitesAt(limit.value, limit.demandAt);
    return {
      ...limit,
      usedAtX12: limit.demandAt(12),
      bitesAt: multiple,
      supervisorsAtLimit: at(multiple).supervisors,
    };
  });
}

/** Seconds from a phone's POST to the order on a supervisor's screen on AWS, part by part (worst case). */
export function timeOnScreenOnAws(facts: DeploymentFacts) {
  const parts = {
    intake: ASSUMPTIONS.apiCallSeconds,
    stream: ASSUMPTIONS.streamPublishSeconds,
    poll: ASSUMPTIONS.streamPollSeconds,
    window: facts.batchingWindowSeconds,
    projector: ASSUMPTIONS.projectorCallSeconds,
    push: ASSUMPTIONS.livePublishSeconds + ASSUMPTIONS.pushDeliverySeconds,
    read: ASSUMPTIONS.apiCallSeconds,
  };
  // Summed in milliseconds, so 0.1 + 0.25 + ... adds up exactly.
  const totalMs = Object.values(parts).reduce((sum, seconds) => sum + Math.round(seconds * 1000), 0);
  return { ...parts, total: totalMs / 1000 };
}

/** Lambda's account quota must leave 100 executions unreserved: the least quota the stack deploys into. */
export function minimumAccountQuota(facts: DeploymentFacts): number {
  return [...facts.reservedConcurrency.values()].reduce((sum, n) => sum + n, 0) + 100;
}
