/**
 * The figure table the documents are checked against: every key a `<!-- fig:... -->` marker may name, with its
 * value, computed from the one source of each figure. To give the documents a new figure, add its key here (from
 * the cost model, the code's constants, or the deployed program's resources), never a number typed by hand.
 */
import { ASSUMPTIONS, PRICES, SCENARIOS, STACK_INVENTORY } from "../../../local-stack/bench/cost-model.js";
import {
  EXCHANGE_RATE,
  FLAT_RATE_PLANS,
  flatRateComparison,
  monthExport,
  monthlyBill,
  RECORDED_LATENCY,
  RECORDED_RUNS,
  RECORDED_TIME_ON_SCREEN,
  sevenDayViewExtra,
} from "../../../local-stack/bench/documents-bill.js";
import {
  DEFAULT_REFRESH_SECONDS,
  FALLBACK_REFRESH_SECONDS,
  MAX_REFRESH_SECONDS,
} from "../../../monitor-web/src/refresh.js";
import type { DeploymentFacts } from "./deployment-facts.js";
import { limitsOf, minimumAccountQuota, timeOnScreenOnAws } from "./limits.js";

const SCENARIO_KEYS = ["today", "x6", "x12"] as const;

export function figureTable(facts: DeploymentFacts): Map<string, number> {
  const table = new Map<string, number>();
  const put = (key: string, value: number) => {
    if (table.has(key)) throw new Error(`figure ${key} defined twice`);
    if (!Number.isFinite(value)) throw new Error(`figure ${key} is not a number: ${value}`);
    table.set(key, value);
  };

  for (const [name, value] of Object.entries(PRICES)) if (typeof value === "number") put(`price.${name}`, value);
  for (const plan of FLAT_RATE_PLANS) {
    put(`plan.${plan.name}.usd`, plan.usdPerMonth);
    put(`plan.${plan.name}.requestsMillions`, plan.requests / 1e6);
    put(`plan.${plan.name}.gbOut`, plan.gbOut);
    put(`plan.${plan.name}.tbOut`, plan.gbOut / 1000);
  }
  put("fx.copPerUsd", EXCHANGE_RATE.copPerUsd);
  for (const [name, value] of Object.entries(ASSUMPTIONS)) put(`assume.${name}`, value);
  put("assume.busiestHourSharePercent", ASSUMPTIONS.busiestHourShare * 100);
  put("assume.supervisorsToday", ASSUMPTIONS.minimumSupervisors);
  put("assume.couriersPerSupervisor", 1 / ASSUMPTIONS.supervisorsPerCourier);

  for (const [name, value] of Object.entries(STACK_INVENTORY)) put(`stack.${name}`, value);
  put("stack.webAcls", STACK_INVENTORY.cloudFrontWebAcls + STACK_INVENTORY.regionalWebAcls);
  put("stack.wafRules", STACK_INVENTORY.cloudFrontWafRules + STACK_INVENTORY.regionalWafRules);
  put("web.refreshSeconds", DEFAULT_REFRESH_SECONDS);
  put("web.maxRefreshSeconds", MAX_REFRESH_SECONDS);
  put("web.fallbackRefreshSeconds", FALLBACK_REFRESH_SECONDS);

  for (const [fleet, run] of [
    ["today", RECORDED_RUNS.todayFleet],
    ["x12", RECORDED_RUNS.x12Fleet],
  ] as const) {
    put(`measured.${fleet}.couriers`, run.couriers);
    for (const [name, value] of Object.entries(run.measured)) put(`measured.${fleet}.${name}`, value);
    put(`measured.${fleet}.largestItemBytes`, run.largestItemBytes);
    put(`measured.${fleet}.largestItemKb`, run.largestItemBytes / 1000);
    put(`measured.${fleet}.largestItemPercentOfLimit`, (run.largestItemBytes / 409_600) * 100);
    put(`measured.${fleet}.answerKb`, run.measured.monitorAnswerBytes / 1000);
  }
  put("measured.x12.sevenDayAnswerBytes", RECORDED_RUNS.x12Fleet.sevenDayAnswerBytes);
  put("latency.local.p50Seconds", RECORDED_LATENCY.p50Ms / 1000);
  put("latency.local.p95Seconds", RECORDED_LATENCY.p95Ms / 1000);
  put("latency.local.maxSeconds", RECORDED_LATENCY.maxMs / 1000);
  put("latency.local.orders", RECORDED_LATENCY.orders);
  put("latency.local.p50Ms", RECORDED_LATENCY.p50Ms);
  put("latency.local.p95Ms", RECORDED_LATENCY.p95Ms);
  put("latency.local.maxMs", RECORDED_LATENCY.maxMs);
  put("screen.local.p50Seconds", RECORDED_TIME_ON_SCREEN.p50Ms / 1000);
  put("screen.local.p95Seconds", RECORDED_TIME_ON_SCREEN.p95Ms / 1000);
  put("screen.local.maxSeconds", RECORDED_TIME_ON_SCREEN.maxMs / 1000);
  put("screen.local.orders", RECORDED_TIME_ON_SCREEN.orders);

  SCENARIOS.forEach((scenario, i) => {
    const s = SCENARIO_KEYS[i]!;
    const bill = monthlyBill(scenario);
    const v = bill.volumes;
    put(`volume.${s}.multiple`, scenario.multiple);
    put(`volume.${s}.ordersPerDay`, ASSUMPTIONS.ordersPerDayToday * scenario.multiple);
    put(`volume.${s}.ordersPerMonth`, v.ordersPerMonth);
    put(`volume.${s}.couriers`, v.couriers);
    put(`volume.${s}.supervisors`, v.supervisors);
    put(`volume.${s}.webRefreshesPerMonth`, v.webRefreshesPerMonth);
    put(`volume.${s}.webRefreshesMillions`, v.webRefreshesPerMonth / 1e6);
    put(`volume.${s}.liveEventsPerMonth`, v.liveEventsPerMonth);
    put(`volume.${s}.liveOperationsMillions`, v.liveOperations / 1e6);
    put(`volume.${s}.liveConnectionMinutesMillions`, v.liveConnectionMinutes / 1e6);
    put(`volume.${s}.apiRequestsPerMonth`, v.apiRequests);
    put(`volume.${s}.apiRequestsMillions`, v.apiRequests / 1e6);
    put(`volume.${s}.busiestHourOrders`, v.busiestHourOrdersPerSecond * 3600);
    put(`volume.${s}.busiestHourOrdersPerSecond`, v.busiestHourOrdersPerSecond);
    for (const line of bill.lines) {
      put(`bill.${s}.${line.id}.list`, line.list);
      put(`bill.${s}.${line.id}.afterFree`, line.afterFree);
    }
    put(`bill.${s}.total.list`, bill.totalList);
    put(`bill.${s}.total.afterFree`, bill.totalAfterFree);
    put(`bill.${s}.total.cop`, bill.totalAfterFreeCop);
    put(`bill.${s}.total.listCop`, Math.round(bill.totalList * EXCHANGE_RATE.copPerUsd));
    const monthOut = monthExport(scenario);
    put(`export.${s}.month.orders`, monthOut.orders);
    put(`export.${s}.month.usdCents`, monthOut.usd * 100);
    put(`export.${s}.month.copPesos`, monthOut.usd * EXCHANGE_RATE.copPerUsd);
    put(`export.${s}.month.seconds`, monthOut.seconds);
    put(`export.${s}.month.fileMb`, monthOut.fileMb);
    const flat = flatRateComparison(scenario);
    put(`flat.${s}.planUsd`, flat.planUsd);
    put(`flat.${s}.requestSharePercent`, flat.requestShareOfPlan * 100);
    put(`flat.${s}.todayList`, flat.today.list);
    put(`flat.${s}.todayAfterFree`, flat.today.afterFree);
    put(`flat.${s}.savingAfterFree`, flat.savingAfterFree);
    put(`flat.${s}.costAfterFree`, flat.savingAfterFree < 0 ? -flat.savingAfterFree : 0);
  });
  const x12 = SCENARIOS.find((s) => s.multiple === 12)!;
  put("sevenDay.x12.list", sevenDayViewExtra(x12).list);
  put("sevenDay.x12.afterFree", sevenDayViewExtra(x12).afterFree);

  put("deployed.functions", facts.functions);
  put("deployed.alarms", facts.alarms);
  put("deployed.stage.rate", facts.stage.rate);
  put("deployed.stage.burst", facts.stage.burst);
  put("deployed.batchingWindowSeconds", facts.batchingWindowSeconds);
  put("deployed.iteratorAgeAlarm.seconds", facts.iteratorAgeAlarm.thresholdSeconds);
  put("deployed.iteratorAgeAlarm.minutes", facts.iteratorAgeAlarm.minutes);
  for (const [name, reserved] of facts.reservedConcurrency) put(`deployed.reserved.${name}`, reserved);
  for (const rule of facts.wafRateRules) {
    put(`deployed.waf.${rule.name}.requests`, rule.requestsPerWindow);
    put(`deployed.waf.${rule.name}.minutes`, rule.windowSeconds / 60);
    put(`deployed.waf.${rule.name}.perSecond`, rule.requestsPerWindow / rule.windowSeconds);
  }
  for (const limit of limitsOf(facts)) {
    put(`limit.${limit.id}.value`, limit.value);
    put(`limit.${limit.id}.usedAtX12`, limit.usedAtX12);
    put(`limit.${limit.id}.percentUsedAtX12`, (limit.usedAtX12 / limit.value) * 100);
    put(`limit.${limit.id}.bitesAt`, limit.bitesAt);
    put(`limit.${limit.id}.supervisorsAtLimit`, limit.supervisorsAtLimit);
  }
  put("limit.first.bitesAt", Math.min(...limitsOf(facts).map((l) => l.bitesAt)));
  put("limit.accountQuota.minimum", minimumAccountQuota(facts));
  put("limit.accountQuota.default", 1_000);
  const screen = timeOnScreenOnAws(facts);
  for (const [part, seconds] of Object.entries(screen)) put(`screen.aws.${part}`, seconds);
  return table;
}
