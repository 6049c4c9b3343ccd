/**
 * Which limit of the deployed stack growth reaches first, and the time a delivery takes to reach a supervisor's
 * screen on AWS: arithmetic on the program's own limits (read from the deployment) and the cost model's volumes.
 * Every limit's demand grows in proportion to the volume (fleet and supervisors together), so each bites at
 * limit / demand-at-today's-volume times today's volume.
 */
import { ASSUMPTIONS, SCENARIOS, volumesOf } from "../../../local-stack/bench/cost-model.js";
import { RECORDED_RUNS } from "../../../local-stack/bench/documents-bill.js";
import { DEFAULT_REFRESH_SECONDS } from "../../../monitor-web/src/refresh.js";
import type { DeploymentFacts } from "./deployment-facts.js";

export interface Limit {
  readonly id: string;
  /** Requests a second, or concurrent executions. */
  readonly value: number;
  /** What today's volume asks of it in the busiest hour. */
  readonly demandPerMultiple: number;
  readonly supervisorsAtLimit: number;
}

/** Requests a second in today's busiest hour: the supervisors' refreshes and the phones' two calls per order. */
function busiestHourToday() {
  const today = volumesOf(SCENARIOS[0]!, RECORDED_RUNS.todayFleet.measured);
  return {
    webPerSecond: today.supervisors / DEFAULT_REFRESH_SECONDS,
    ordersPerSecond: today.busiestHourOrdersPerSecond,
  };
}

export function limitsOf(facts: DeploymentFacts): Limit[] {
  const { webPerSecond, ordersPerSecond } = busiestHourToday();
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
  const limits: Omit<Limit, "supervisorsAtLimit">[] = [
    // Every supervisor's browser behind one office address counts as one client for the per-address rule.
    ...(perAddress === undefined
      ? []
      : [
          {
            id: "wafPerAddress",
            value: perAddress.requestsPerWindow / perAddress.windowSeconds,
            demandPerMultiple: webPerSecond,
          },
        ]),
    ...(perToken === undefined
      ? []
      : [
          {
            id: "wafPerToken",
            value: perToken.requestsPerWindow / perToken.windowSeconds,
            demandPerMultiple: ordersPerSecond,
          },
        ]),
    { id: "monitorRoute", value: route("GET /monitor"), demandPerMultiple: webPerSecond },
    { id: "stage", value: facts.stage.rate, demandPerMultiple: webPerSecond + 2 * ordersPerSecond },
    { id: "statusRoute", value: route("GET /monitor/status"), demandPerMultiple: ordersPerSecond },
    {
      id: "orderRoute",
      value: route("POST /order/registrar_pedido_entregado"),
      demandPerMultiple: ordersPerSecond,
    },
    {
      id: "monitorReserved",
      value: reserved("monitor-api"),
      demandPerMultiple: (webPerSecond + ordersPerSecond) * ASSUMPTIONS.apiCallSeconds,
    },
    {
      id: "ordersReserved",
      value: reserved("orders-api"),
      demandPerMultiple: ordersPerSecond * ASSUMPTIONS.apiCallSeconds,
    },
  ];
  return limits.map((limit) => ({
    ...limit,
    supervisorsAtLimit:
      ASSUMPTIONS.couriersToday * ASSUMPTIONS.supervisorsPerCourier * (limit.value / limit.demandPerMultiple),
  }));
}

/** Seconds from a phone's POST to the order on a supervisor's screen on AWS, part by part (worst case). */
export function timeOnScreenOnAws(facts: DeploymentFacts) {
  const parts = {
    intake: ASSUMPTIONS.apiCallSeconds,
    stream: ASSUMPTIONS.streamPublishSeconds,
    window: facts.batchingWindowSeconds,
    projector: ASSUMPTIONS.projectorCallSeconds,
    refresh: DEFAULT_REFRESH_SECONDS,
    read: ASSUMPTIONS.apiCallSeconds,
  };
  return { ...parts, total: Object.values(parts).reduce((sum, seconds) => sum + seconds, 0) };
}

/** Lambda's account quota must leave 100 executions unreserved: the least quota the stack deploys into. */
export function minimumAccountQuota(facts: DeploymentFacts): number {
  return [...facts.reservedConcurrency.values()].reduce((sum, n) => sum + n, 0) + 100;
}
