/**
 * The monthly AWS bill of Cargo Express, today, after +500 % (x6) and after doubling again (x12), from the
 * per-order figures `npm run bench:growth` measures. docs/growth.md and docs/es/crecimiento.md quote its table;
 * every price and assumption is stated here once.
 */

// The web app's refresh default, from its one source of truth: refresh.ts imports nothing and touches no DOM
// (dependency-cruiser lets local-stack read it; monitor-web itself may import nothing from other packages).
import { DEFAULT_REFRESH_SECONDS } from "../../monitor-web/src/refresh.js";

/**
 * us-east-1 on-demand list prices, USD, as published on AWS's pricing pages (last checked: June 2025; DynamoDB
 * after its November 2024 on-demand price cut). Recheck them in the AWS pricing calculator before a budget.
 */
export const PRICES = {
  asOf: "June 2025",
  apiGatewayHttpPerMillion: 1.0,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  dynamoStoragePerGbMonth: 0.25,
  dynamoPitrPerGbMonth: 0.2,
  /** Reading a DynamoDB stream from a Lambda trigger costs nothing. */
  dynamoStreamsForLambda: 0,
  /** CloudFront, South America edges (the ones Colombia uses): HTTPS requests and data out. */
  cloudFrontPer10kHttps: 0.022,
  cloudFrontPerGbOut: 0.11,
  s3StandardPerGbMonth: 0.023,
  logsIngestionPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  alarmPerMonth: 0.1,
  /** A custom CloudWatch metric (the projector's DeadLetters, published with the embedded metric format). */
  customMetricPerMonth: 0.3,
  /** Cognito user pools (Lite and Essentials): the first 10,000 monthly active users are free. */
  cognitoFreeMau: 10_000,
  /**
   * AWS WAF on the CloudFront distribution (the per-client limit, infra-pulumi/src/web.ts): per web ACL-month, per
   * rule-month, and per million requests inspected (every request CloudFront receives). WAF has no always-free allowance.
   */
  wafWebAclPerMonth: 5.0,
  wafRulePerMonth: 1.0,
  wafPerMillionRequests: 0.6,
} as const;

/** Allowances every AWS account gets every month, for ever (not the 12-month free tier). */
const ALWAYS_FREE = {
  lambdaRequests: 1_000_000,
  lambdaGbSeconds: 400_000,
  logsGb: 5,
  alarms: 10,
  customMetrics: 10,
  dynamoStorageGb: 25,
  cloudFrontRequests: 10_000_000,
  cloudFrontGbOut: 1_000,
} as const;

/** What the model assumes about Cargo Express, besides the measured figures. */
export const ASSUMPTIONS = {
  ordersPerDayToday: 400,
  couriersToday: 10,
  /** Two supervisors today; one per five couriers as the fleet grows. */
  supervisorsPerCourier: 0.2,
  /** The web app refreshes every 3 s while visible (its default, packages/monitor-web/src/refresh.ts), 10 business hours a day. */
  webRefreshSeconds: DEFAULT_REFRESH_SECONDS,
  businessHoursPerDay: 10,
  daysPerMonth: 30,
  /** Lambda memory (infra-pulumi FUNCTION_SIZING) and billed time per call (rounded up from local runs). */
  lambdaGb: 0.5,
  apiCallSeconds: 0.1,
  projectorCallSeconds: 0.3,
  /** Log bytes per Lambda call (application, platform and API access-log lines). */
  logBytesPerCall: 1_500,
  /** Months of orders kept when pricing storage (the bill grows with history; two years of it here). */
  monthsStored: 24,
  /** The stack's CloudWatch alarms and custom metrics (infra-pulumi/src/alarms.ts). */
  alarms: 10,
  customMetrics: 1,
  /** The web ACL's rules (infra-pulumi/src/web.ts: one rate-based rule, 3,000 requests per 5 minutes per client address). */
  wafRules: 1,
} as const;

/** Per order and per monitor read, as `npm run bench:growth` measured them. */
export interface MeasuredPerOrder {
  /** HTTP requests a phone makes per order (POST, then GET /monitor/status). */
  readonly httpRequests: number;
  /** Monitor reads among those requests (the GET /monitor/status). */
  readonly monitorReadsPerOrder: number;
  /** Write capacity units: the Orders item plus the projector's share. */
  readonly wcu: number;
  /** Read capacity units the projector spends per order. */
  readonly projectorRcu: number;
  /** Projector invocations per order in AWS (1 is the upper bound: every order in its own batch). */
  readonly projectorInvocations: number;
  readonly orderBytes: number;
  readonly rcuPerMonitorRead: number;
  /** Bytes of one GET /monitor answer (JSON) with this fleet. */
  readonly monitorAnswerBytes: number;
}

export interface Scenario {
  readonly name: string;
  readonly multiple: number;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "today", multiple: 1 },
  { name: "x6 (+500 %)", multiple: 6 },
  { name: "x12 (then x2)", multiple: 12 },
];

export interface CostLine {
  readonly item: string;
  readonly list: number;
  /** After the always-free allowances. */
  readonly afterFree: number;
  readonly basis: string;
}

const GB = 1024 ** 3;
const round = (value: number) => Math.round(value * 100) / 100;

export interface ScenarioVolumes {
  readonly ordersPerMonth: number;
  readonly couriers: number;
  readonly supervisors: number;
  readonly webRefreshesPerMonth: number;
  readonly apiRequests: number;
  readonly monitorReads: number;
  readonly lambdaCalls: number;
}

export function volumesOf(scenario: Scenario, measured: MeasuredPerOrder): ScenarioVolumes {
  const a = ASSUMPTIONS;
  const ordersPerMonth = a.ordersPerDayToday * scenario.multiple * a.daysPerMonth;
  const couriers = a.couriersToday * scenario.multiple;
  const supervisors = Math.max(2, Math.round(couriers * a.supervisorsPerCourier));
  const webRefreshesPerMonth = supervisors * ((a.businessHoursPerDay * 3600) / a.webRefreshSeconds) * a.daysPerMonth;
  const apiRequests = ordersPerMonth * measured.httpRequests + webRefreshesPerMonth;
  const monitorReads = ordersPerMonth * measured.monitorReadsPerOrder + webRefreshesPerMonth;
  const lambdaCalls = apiRequests + ordersPerMonth * measured.projectorInvocations;
  return { ordersPerMonth, couriers, supervisors, webRefreshesPerMonth, apiRequests, monitorReads, lambdaCalls };
}

export function monthlyCost(
  scenario: Scenario,
  measured: MeasuredPerOrder,
): { volumes: ScenarioVolumes; lines: CostLine[] } {
  const p = PRICES;
  const a = ASSUMPTIONS;
  const f = ALWAYS_FREE;
  const v = volumesOf(scenario, measured);
  const n = (x: number) => Math.round(x).toLocaleString("en-US");

  const gbSeconds =
    v.apiRequests * a.apiCallSeconds * a.lambdaGb +
    v.ordersPerMonth * measured.projectorInvocations * a.projectorCallSeconds * a.lambdaGb;
  const wru = v.ordersPerMonth * measured.wcu;
  const rru = v.ordersPerMonth * measured.projectorRcu + v.monitorReads * measured.rcuPerMonitorRead;
  const storedGb = (v.ordersPerMonth * a.monthsStored * measured.orderBytes) / GB;
  const logGb = (v.lambdaCalls * a.logBytesPerCall) / GB;
  const webGbOut = (v.webRefreshesPerMonth * measured.monitorAnswerBytes) / GB;

  const lines: CostLine[] = [
    {
      item: "API Gateway (HTTP API)",
      list: (v.apiRequests / 1e6) * p.apiGatewayHttpPerMillion,
      afterFree: (v.apiRequests / 1e6) * p.apiGatewayHttpPerMillion,
      basis: `${n(v.apiRequests)} requests`,
    },
    {
      item: "Lambda requests",
      list: (v.lambdaCalls / 1e6) * p.lambdaPerMillionRequests,
      afterFree: (Math.max(0, v.lambdaCalls - f.lambdaRequests) / 1e6) * p.lambdaPerMillionRequests,
      basis: `${n(v.lambdaCalls)} invocations`,
    },
    {
      item: "Lambda compute (arm64)",
      list: gbSeconds * p.lambdaArmPerGbSecond,
      afterFree: Math.max(0, gbSeconds - f.lambdaGbSeconds) * p.lambdaArmPerGbSecond,
      basis: `${n(gbSeconds)} GB-s`,
    },
    {
      item: "DynamoDB writes",
      list: (wru / 1e6) * p.dynamoPerMillionWru,
      afterFree: (wru / 1e6) * p.dynamoPerMillionWru,
      basis: `${n(wru)} WRU`,
    },
    {
      item: "DynamoDB reads",
      list: (rru / 1e6) * p.dynamoPerMillionRru,
      afterFree: (rru / 1e6) * p.dynamoPerMillionRru,
      basis: `${n(rru)} RRU`,
    },
    {
      item: "DynamoDB storage + PITR",
      list: storedGb * (p.dynamoStoragePerGbMonth + p.dynamoPitrPerGbMonth),
      afterFree:
        Math.max(0, storedGb - f.dynamoStorageGb) * p.dynamoStoragePerGbMonth + storedGb * p.dynamoPitrPerGbMonth,
      basis: `${storedGb.toFixed(2)} GB after ${a.monthsStored} months`,
    },
    {
      item: "CloudFront (web app)",
      list: (v.webRefreshesPerMonth / 1e4) * p.cloudFrontPer10kHttps + webGbOut * p.cloudFrontPerGbOut,
      afterFree:
        (Math.max(0, v.webRefreshesPerMonth - f.cloudFrontRequests) / 1e4) * p.cloudFrontPer10kHttps +
        Math.max(0, webGbOut - f.cloudFrontGbOut) * p.cloudFrontPerGbOut,
      basis: `${n(v.webRefreshesPerMonth)} requests, ${webGbOut.toFixed(1)} GB`,
    },
    {
      // WAF inspects every request CloudFront receives: the web app's refreshes (its API calls through CloudFront),
      // counted as in the CloudFront line. The app's files (a handful per page load, a few page loads per supervisor
      // a day) are not counted there either; the couriers' phones call the API's own address, which WAF does not see.
      item: "AWS WAF (per-client limit)",
      list:
        p.wafWebAclPerMonth + a.wafRules * p.wafRulePerMonth + (v.webRefreshesPerMonth / 1e6) * p.wafPerMillionRequests,
      afterFree:
        p.wafWebAclPerMonth + a.wafRules * p.wafRulePerMonth + (v.webRefreshesPerMonth / 1e6) * p.wafPerMillionRequests,
      basis: `1 web ACL, ${a.wafRules} rule, ${n(v.webRefreshesPerMonth)} requests`,
    },
    {
      item: "CloudWatch Logs",
      list: logGb * p.logsIngestionPerGb,
      afterFree: Math.max(0, logGb - f.logsGb) * p.logsIngestionPerGb,
      basis: `${logGb.toFixed(2)} GB`,
    },
    {
      item: "CloudWatch alarms, metric",
      list: a.alarms * p.alarmPerMonth + a.customMetrics * p.customMetricPerMonth,
      afterFree:
        Math.max(0, a.alarms - f.alarms) * p.alarmPerMonth +
        Math.max(0, a.customMetrics - f.customMetrics) * p.customMetricPerMonth,
      basis: `${a.alarms} alarms, ${a.customMetrics} custom metric`,
    },
    {
      item: "Cognito",
      list: 0,
      afterFree: 0,
      basis: `${n(v.couriers + v.supervisors)} users, under ${n(p.cognitoFreeMau)} free`,
    },
  ];
  return {
    volumes: v,
    lines: lines.map((line) => ({ ...line, list: round(line.list), afterFree: round(line.afterFree) })),
  };
}
