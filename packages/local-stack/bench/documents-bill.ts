/**
 * The bill the documents quote (README.md, docs/growth.md, docs/deploy.md, docs/es): the cost model
 * (cost-model.ts) applied to the recorded bench runs, in dollars and pesos, and CloudFront's flat-rate plans beside
 * today's design. `npm run docs:check` (packages/docs-check) compares every figure in those documents with this.
 */
import {
  ALWAYS_FREE,
  type CostLine,
  exportCost,
  type LineId,
  monthlyCost,
  PRICES,
  round,
  type Scenario,
  type ScenarioVolumes,
  STACK_INVENTORY,
  volumesOf,
  webGbOut,
} from "./cost-model.js";

/**
 * CloudFront's flat-rate plans (launched 18 November 2025): one distribution each, its AWS WAF web ACL included,
 * no overage charges (past the allowance AWS may slow the distribution down or ask for a bigger plan). Only the
 * CloudFront and CloudFront-WAF lines of this system could move to a plan; the API, Lambda, DynamoDB, Cognito and
 * any regional web ACL stay pay-as-you-go.
 */
export const FLAT_RATE_PLANS = [
  { name: "Free", usdPerMonth: 0, requests: 1_000_000, gbOut: 100 },
  { name: "Pro", usdPerMonth: 15, requests: 10_000_000, gbOut: 50_000 },
  { name: "Business", usdPerMonth: 200, requests: 125_000_000, gbOut: 50_000 },
  { name: "Premium", usdPerMonth: 1_000, requests: 500_000_000, gbOut: 50_000 },
] as const;

/**
 * Colombian pesos per US dollar: the TRM (the official rate the Superintendencia Financiera certifies) of
 * 12 March 2026, the latest this project could read without internet access. An assumption, dated: the rate moved
 * between 3,670 and 3,880 in the months before it.
 */
export const EXCHANGE_RATE = { copPerUsd: 3_687.87, date: "2026-03-12" } as const;

/**
 * The runs the documents quote (`npm run bench:growth`, 30 November 2026, 02:15-02:19 UTC, a quiet 2-core machine):
 * today's fleet (`-- --couriers 10 --levels 12`) prices today, the x12 fleet (120 couriers) prices x6 and x12 (an
 * upper bound for x6, whose 60 couriers make smaller items). The monitor's reads are priced as Lambda makes them:
 * every refresh one `BatchGetItem` (the bench's reads by period, "all": 2 RCU with 10 couriers, 3 with 120; the
 * local server shares answers for 100 ms, Lambda does not) plus at most 1 RCU for the active generation's
 * consistent read (cached 5 s per instance). Replace these after a new run; docs:check then names every figure
 * in the documents that moved.
 */
export const RECORDED_RUNS = {
  date: "2026-11-30",
  todayFleet: {
    couriers: 10,
    measured: {
      httpRequests: 2,
      monitorReadsPerOrder: 1,
      wcu: 7,
      projectorRcu: 4,
      projectorInvocations: 1,
      orderBytes: 469,
      rcuPerMonitorRead: 2 + 1,
      monitorAnswerBytes: 4_517,
    },
    largestItemBytes: 926,
  },
  x12Fleet: {
    couriers: 120,
    measured: {
      httpRequests: 2,
      monitorReadsPerOrder: 1,
      wcu: 19,
      projectorRcu: 5,
      projectorInvocations: 1,
      orderBytes: 462,
      rcuPerMonitorRead: 3 + 1,
      monitorAnswerBytes: 31_446,
    },
    largestItemBytes: 4_446,
    /** Answer bytes of the "last 7 days" report with 120 couriers (the web app's default is "all time"). */
    sevenDayAnswerBytes: 69_524,
  },
} as const;

/**
 * The last `npm run bench:latency` (50 orders one after another on the local stack with DynamoDB Local, 6 December
 * 2026, 09:01 UTC, on the shared 2-core development machine while other work ran): POST /orders until the order
 * counts in GET /monitor, in milliseconds. The web app's refresh comes on top.
 */
export const RECORDED_LATENCY = { date: "2026-12-06", orders: 50, p50Ms: 204, p95Ms: 373, maxMs: 1_062 } as const;

/**
 * Time on screen, locally: `npm run bench -- --only screen` (packages/local-stack/bench/time-on-screen.ts), a
 * supervisor's page in Chromium on the local stack with DynamoDB Local, orders posted one by one, from the POST's
 * answer until the page shows the order, pushed over the live channel (6 December 2026, the shared machine busy).
 */
export const RECORDED_TIME_ON_SCREEN = { date: "2026-12-06", orders: 20, p50Ms: 320, p95Ms: 570, maxMs: 630 } as const;

/** The recorded run that prices a scenario: today's fleet for today, the x12 fleet beyond. */
function recordedRunFor(scenario: Scenario) {
  return scenario.multiple === 1 ? RECORDED_RUNS.todayFleet : RECORDED_RUNS.x12Fleet;
}

export interface MonthlyBill {
  readonly scenario: Scenario;
  readonly volumes: ScenarioVolumes;
  readonly lines: readonly CostLine[];
  readonly totalList: number;
  /** The realistic figure: after the always-free allowances (an account that runs nothing else). */
  readonly totalAfterFree: number;
  readonly totalAfterFreeCop: number;
}

/** The bill the documents quote, from the recorded runs. */
export function monthlyBill(scenario: Scenario): MonthlyBill {
  const { volumes, lines } = monthlyCost(scenario, recordedRunFor(scenario).measured);
  const totalList = round(lines.reduce((sum, line) => sum + line.list, 0));
  const totalAfterFree = round(lines.reduce((sum, line) => sum + line.afterFree, 0));
  return {
    scenario,
    volumes,
    lines,
    totalList,
    totalAfterFree,
    totalAfterFreeCop: Math.round(totalAfterFree * EXCHANGE_RATE.copPerUsd),
  };
}

/**
 * What supervisors who keep "last 7 days" open all day (instead of "all time") add to the CloudFront line at
 * x12: no reads (both are one BatchGetItem of the same size class), only bytes out.
 */
export function sevenDayViewExtra(scenario: Scenario): { readonly list: number; readonly afterFree: number } {
  const run = RECORDED_RUNS.x12Fleet;
  const v = volumesOf(scenario, run.measured);
  const allGb = webGbOut(v, run.measured.monitorAnswerBytes);
  const sevenGb = webGbOut(v, run.sevenDayAnswerBytes);
  const paid = (gb: number) => Math.max(0, gb - ALWAYS_FREE.cloudFrontGbOut) * PRICES.cloudFrontPerGbOut;
  return {
    list: round((sevenGb - allGb) * PRICES.cloudFrontPerGbOut),
    afterFree: round(paid(sevenGb) - paid(allGb)),
  };
}

/**
 * Today's design (CloudFront and its web ACL, pay-as-you-go) beside the cheapest CloudFront flat-rate plan whose
 * allowance holds the scenario's web traffic.
 */
export function flatRateComparison(scenario: Scenario) {
  const bill = monthlyBill(scenario);
  const line = (id: LineId) => bill.lines.find((l) => l.id === id)!;
  const gbOut = webGbOut(bill.volumes, recordedRunFor(scenario).measured.monitorAnswerBytes);
  const plan = FLAT_RATE_PLANS.find((p) => p.requests >= bill.volumes.webRefreshesPerMonth && p.gbOut >= gbOut)!;
  // The plan includes the distribution's web ACL, its rules and the requests it inspects; a regional web ACL
  // stays outside it.
  const s = STACK_INVENTORY;
  const wafOnCloudFront =
    s.cloudFrontWebAcls * PRICES.wafWebAclPerMonth + s.cloudFrontWafRules * PRICES.wafRulePerMonth;
  const wafRequests = (bill.volumes.webRefreshesPerMonth / 1e6) * PRICES.wafPerMillionRequests;
  const today = {
    list: round(line("cloudFront").list + wafOnCloudFront + wafRequests),
    afterFree: round(line("cloudFront").afterFree + wafOnCloudFront + wafRequests),
  };
  return {
    plan: plan.name,
    planUsd: plan.usdPerMonth,
    requestShareOfPlan: bill.volumes.webRefreshesPerMonth / plan.requests,
    today,
    /** Positive: the plan saves this much a month against today's design after the always-free allowances. */
    savingAfterFree: round(today.afterFree - plan.usdPerMonth),
  };
}

/** One export of a month of orders at the scenario's volume (what the documents quote): USD, seconds, file size. */
export function monthExport(scenario: Scenario): ReturnType<typeof exportCost> {
  return exportCost(scenario, recordedRunFor(scenario).measured);
}
