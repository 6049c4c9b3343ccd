import { describe, expect, it } from "vitest";
import { monthlyCost, SCENARIOS, volumesOf, type MeasuredPerOrder } from "../bench/cost-model.js";
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
    // 24 supervisors x 10 h x 1,200 refreshes an hour (every 3 s, the web app's default) x 30 days
    expect(v.webRefreshesPerMonth).toBe(8_640_000);
    expect(v.apiRequests).toBe(144_000 * 2 + 8_640_000);
    expect(v.monitorReads).toBe(144_000 + 8_640_000);
  });

  it("prices each line from the volumes and the dated unit prices", () => {
    expect(line("DynamoDB writes").list).toBe(Math.round(144_000 * 60 * 0.625e-6 * 100) / 100);
    expect(line("DynamoDB reads").list).toBe(
      Math.round((144_000 * 10 + (144_000 + 8_640_000) * 5) * 0.125e-6 * 100) / 100,
    );
    expect(line("API Gateway (HTTP API)").list).toBe(8.93);
    // 11 alarms at $0.10 and one custom metric at $0.30; ten alarms are free.
    expect(line("CloudWatch alarms, metric")).toMatchObject({ list: 1.4, afterFree: 0.1 });
    // Two web ACLs ($5 each: CloudFront's and the user pools') + three rules ($1 each) + $0.60 per million requests
    // inspected: 8,640,000 CloudFront requests and 64,800 tokens issued ((120 couriers x 1 + 24 supervisors x 4) an
    // hour x 10 h x 30 days); no free allowance.
    expect(line("AWS WAF (per-client limit)")).toMatchObject({ list: 18.22, afterFree: 18.22 });
    const today = monthlyCost(SCENARIOS[0]!, measured).lines.find((l) => l.item === "AWS WAF (per-client limit)")!;
    // 720,000 CloudFront requests and 5,400 tokens: 13 + 0.4352 = 13.44
    expect(today).toMatchObject({ list: 13.44, afterFree: 13.44 });
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
    // 720,000 refreshes today fit the Free plan's 1 M requests; 8.64 M at x12 need Pro's 10 M.
    expect(flatRateComparison(SCENARIOS[0]!)).toMatchObject({ plan: "Free", planUsd: 0 });
    expect(flatRateComparison(x12)).toMatchObject({ plan: "Pro", planUsd: 15, requestShareOfPlan: 0.864 });
  });
});
