import { describe, expect, it } from "vitest";
import { exportCost, monthlyCost, SCENARIOS, volumesOf, type MeasuredPerOrder } from "../bench/cost-model.js";
import { flatRateComparison, monthlyBill } from "../bench/documents-bill.js";

/** Per-order figures of the shape `npm run bench:growth` measures (round numbers, to check the arithmetic by hand). */
const measured: MeasuredPerOrder = {
  httpRequests: 2,
  monitorReadsPerOrder: 1,
  wcu: 60,
  projectorRcu: 10,
  projectorInvocations: 1,
  orderBytes: 500,
  rcuPerMonitorRead: 5,
  monitorAnswerBytes: 30_000,
};
const x12 = SCENARIOS.find((s) => s.multiple === 12)!;
const line = (name: string) => monthlyCost(x12, measured).lines.find((l) => l.item === name)!;

describe("cost model (bench/cost-model.ts, bench/documents-bill.ts)", () => {
  it("scales today's 400 orders a day and 10 couriers, with one supervisor per five couriers", () => {
    expect(SCENARIOS.map((s) => s.multiple)).toEqual([1, 6, 12]);
    expect(volumesOf(SCENARIOS[0]!, measured)).toMatchObject({ ordersPerMonth: 12_000, couriers: 10, supervisors: 2 });
    const v = volumesOf(x12, measured);
    expect(v).toMatchObject({ ordersPerMonth: 144_000, couriers: 120, supervisors: 24 });
    // Every order its own projector call, each publishing one event: 24 pages refetch once per event (3,456,000),
    // plus 1 % of their 10 h x 30 days open polling every 30 s while their live channel is down (8,640).
    expect(v.liveEventsPerMonth).toBe(144_000);
    expect(v.webRefreshesPerMonth).toBe(24 * 144_000 + 24 * 0.01 * ((10 * 3600 * 30) / 30));
    expect(v.webRefreshesPerMonth).toBe(3_464_640);
    expect(v.apiRequests).toBe(144_000 * 2 + 3_464_640);
    expect(v.monitorReads).toBe(144_000 + 3_464_640);
    // A publish and 24 deliveries per event, a connect and a subscribe per page twice a day; 24 pages x 10 h open.
    expect(v.liveOperations).toBe(144_000 * 25 + 24 * 2 * 30 * 2);
    expect(v.liveConnectionMinutes).toBe(24 * 10 * 60 * 30);
  });

  it("counts the tumbling window's end-of-window projector call, one per order at most, among the Lambda calls", () => {
    const v = volumesOf(x12, measured);
    expect(v.windowEndCalls).toBe(144_000);
    // API calls, the projector's calls with the orders, its calls ending each window, and one sign-in trigger call
    // per token issued (64,800: see the WAF line below).
    expect(v.lambdaCalls).toBe(v.apiRequests + 144_000 + 144_000 + 64_800);
    expect(line("Lambda requests").basis).toBe(`${v.lambdaCalls.toLocaleString("en-US")} invocations`);
  });

  it("prices each line from the volumes and the dated unit prices", () => {
    expect(line("DynamoDB writes").list).toBe(Math.round(144_000 * 60 * 0.625e-6 * 100) / 100);
    expect(line("DynamoDB reads").list).toBe(
      Math.round((144_000 * 10 + (144_000 + 3_464_640) * 5) * 0.125e-6 * 100) / 100,
    );
    expect(line("API Gateway (HTTP API)").list).toBe(3.75);
    // $1 per million operations, $0.08 per million connection-minutes, no always-free allowance.
    expect(line("AppSync Events (live updates)")).toMatchObject({
      list: Math.round(((144_000 * 25 + 2_880) * 1e-6 + 432_000 * 0.08e-6) * 100) / 100,
      afterFree: 3.64,
    });
    // 15 alarms at $0.10 and three custom metrics at $0.30; ten alarms and ten metrics are free.
    expect(line("CloudWatch alarms, metric")).toMatchObject({ list: 2.4, afterFree: 0.5 });
    // Two web ACLs ($5 each: CloudFront's and the user pools') + three rules ($1 each) + $0.60 per million requests
    // inspected: 3,464,640 CloudFront requests and 64,800 tokens issued ((120 couriers x 1 + 24 supervisors x 4) an
    // hour x 10 h x 30 days); no free allowance.
    expect(line("AWS WAF (per-client limit)")).toMatchObject({ list: 15.12, afterFree: 15.12 });
    const today = monthlyCost(SCENARIOS[0]!, measured).lines.find((l) => l.item === "AWS WAF (per-client limit)")!;
    // 24,720 CloudFront requests and 5,400 tokens: 13 + 0.0181 = 13.02
    expect(today).toMatchObject({ list: 13.02, afterFree: 13.02 });
  });

  it("never charges more after the always-free allowances than at list prices", () => {
    for (const scenario of SCENARIOS)
      for (const l of monthlyCost(scenario, measured).lines)
        expect(l.afterFree, `${scenario.name} ${l.item}`).toBeLessThanOrEqual(l.list);
  });

  it("grows with the volume", () => {
    const totals = SCENARIOS.map((s) => monthlyCost(s, measured).lines.reduce((sum, l) => sum + l.list, 0));
    expect(totals[0]!).toBeLessThan(totals[1]!);
    expect(totals[1]!).toBeLessThan(totals[2]!);
  });

  it("prices one export of a month: compute, ledger reads, the job's writes, the file's PUT, GET and day of storage", () => {
    const x12 = SCENARIOS.find((s) => s.multiple === 12)!;
    const cost = exportCost(x12, { orderBytes: 600 });
    // 144,000 orders at 2,500 a second on 1 GB; 144,000 x 600 B / 4 KB x 0.5 RRU; 4 WRU; a PUT, a GET, a day of 57.6 MB.
    const expected =
      57.6 * 0.0000133334 +
      0.2e-6 +
      ((144_000 * 600) / 4096) * 0.5 * 0.125e-6 +
      4 * 0.625e-6 +
      0.005 / 1000 +
      0.0004 / 1000 +
      ((144_000 * 400) / 1024 ** 3) * (0.023 / 30);
    expect(cost.orders).toBe(144_000);
    expect(cost.seconds).toBeCloseTo(57.6, 6);
    expect(cost.usd).toBeCloseTo(expected, 12);
    expect(cost.usd).toBeLessThan(0.01);
  });

  it("totals the documents' bill from its lines, and converts it at the dated exchange rate", () => {
    for (const scenario of SCENARIOS) {
      const bill = monthlyBill(scenario);
      const sum = (pick: (l: (typeof bill.lines)[number]) => number) =>
        Math.round(bill.lines.reduce((total, l) => total + pick(l), 0) * 100) / 100;
      expect(bill.totalList).toBe(sum((l) => l.list));
      expect(bill.totalAfterFree).toBe(sum((l) => l.afterFree));
      expect(bill.totalAfterFreeCop).toBe(Math.round(bill.totalAfterFree * 3_687.87));
    }
  });

  it("picks the cheapest CloudFront flat-rate plan whose allowance holds the refreshes", () => {
    // 24,720 refetches today fit the Free plan's 1 M requests; 3.46 M at x12 need Pro's 10 M.
    expect(flatRateComparison(SCENARIOS[0]!)).toMatchObject({ plan: "Free", planUsd: 0 });
    expect(flatRateComparison(x12)).toMatchObject({ plan: "Pro", planUsd: 15, requestShareOfPlan: 0.346464 });
  });
});
