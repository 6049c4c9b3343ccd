/**
 * The monthly AWS bill of Cargo Express, today, after +500 % (x6) and after doubling again (x12): every price and
 * assumption is stated here once. `npm run bench:growth` prices its own run with `monthlyCost`; the documents
 * quote documents-bill.ts, which applies it to the recorded runs, and `npm run docs:check` (packages/docs-check)
 * fails when a figure in README.md, docs/growth.md, docs/deploy.md or docs/es/* disagrees.
 */

// The web app's fallback refresh, from its one source of truth: refresh.ts imports nothing and touches no DOM
// (dependency-cruiser lets local-stack read it; monitor-web itself may import nothing from other packages).
import { FALLBACK_REFRESH_SECONDS } from "../../monitor-web/src/refresh.js";

/**
 * us-east-1 on-demand list prices, USD. Rechecked on `asOf` against stored copies of AWS's pricing pages (no
 * live browsing was possible; the figures had not changed since the previous check, June 2025; DynamoDB after its
 * November 2024 on-demand price cut). Recheck them in the AWS pricing calculator before a budget.
 */
export const PRICES = {
  asOf: "2026-12-06",
  previousCheck: "June 2025",
  apiGatewayHttpPerMillion: 1.0,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  dynamoStoragePerGbMonth: 0.25,
  dynamoPitrPerGbMonth: 0.2,
  /** On-demand backups (the operator's copy before a tear-down), per GB-month. */
  dynamoBackupPerGbMonth: 0.1,
  /** Reading a DynamoDB stream from a Lambda trigger costs nothing. */
  dynamoStreamsForLambda: 0,
  /** CloudFront, South America edges (the ones Colombia uses): HTTPS requests and data out. */
  cloudFrontPer10kHttps: 0.022,
  cloudFrontPerGbOut: 0.11,
  s3StandardPerGbMonth: 0.023,
  /** S3 Standard requests: PUT (an export file written) and GET (one downloaded), per 1,000. */
  s3PutPer1000: 0.005,
  s3GetPer1000: 0.0004,
  logsIngestionPerGb: 0.5,
  alarmPerMonth: 0.1,
  /** A custom CloudWatch metric (the projector's DeadLetters, published with the embedded metric format). */
  customMetricPerMonth: 0.3,
  /** Cognito user pools (Lite and Essentials): the first 10,000 monthly active users are free. */
  cognitoFreeMau: 10_000,
  /** AWS WAF: per web ACL-month, per rule-month, per million requests inspected. No always-free allowance. */
  wafWebAclPerMonth: 5.0,
  wafRulePerMonth: 1.0,
  wafPerMillionRequests: 0.6,
  /**
   * AWS AppSync Events (the live channel): per million Event API operations (each publish, each delivery to a
   * subscriber, each connect and subscribe request) and per million connection-minutes. Its free tier lasts 12
   * months only, so no always-free allowance.
   */
  appSyncEventsPerMillionOperations: 1.0,
  appSyncEventsPerMillionConnectionMinutes: 0.08,
  /** Not deployed; the alternative docs/growth.md weighs: API Gateway WebSocket APIs, per million messages and connection-minutes. */
  apiGatewayWebSocketPerMillionMessages: 1.0,
  apiGatewayWebSocketPerMillionConnectionMinutes: 0.25,
} as const;

/** Allowances every AWS account gets every month, for ever (not the 12-month free tier). */
export const ALWAYS_FREE = {
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
  /** The brief: 10 couriers and about 400 orders a day today. */
  ordersPerDayToday: 400,
  couriersToday: 10,
  /** An assumption: the busiest hour holds 15 % of the day's orders (a 10-hour day with a lunch and an evening peak). */
  busiestHourShare: 0.15,
  /** An assumption: two supervisors today, one per five couriers as the fleet grows. */
  supervisorsPerCourier: 0.2,
  minimumSupervisors: 2,
  /**
   * The web app is open 10 business hours a day and refetches GET /monitor (with its ETag) once per live event; it
   * polls only while its live channel is down, every 30 s (packages/monitor-web/src/refresh.ts).
   */
  webFallbackRefreshSeconds: FALLBACK_REFRESH_SECONDS,
  /** An assumption: the share of its open time a page spends with its live channel down, polling. */
  liveDownShare: 0.01,
  /** An assumption: live connections a page opens a day (a sign-in, one reconnection); each connects and subscribes. */
  liveConnectionsPerSupervisorDay: 2,
  /** Added to a projector call's billed time by its publish after the commit (an HTTPS request to AppSync). */
  livePublishSeconds: 0.05,
  /** From the publish to the event in every open page (AppSync Events' fan-out; an assumption, no AWS figure). */
  pushDeliverySeconds: 0.2,
  businessHoursPerDay: 10,
  daysPerMonth: 30,
  /** Lambda memory (infra-pulumi FUNCTION_SIZING) and billed time per call (rounded up from local runs). */
  lambdaGb: 0.5,
  apiCallSeconds: 0.1,
  projectorCallSeconds: 0.3,
  /**
   * The sign-in trigger runs once per token Cognito issues (a sign-in or a refresh): the access tokens' lifetimes,
   * couriers' pool and staff (supervisors') pool, as the program sets them; docs:check holds these to the deployed
   * app clients. Every user is taken as signed in through the business hours.
   */
  courierTokenMinutes: 60,
  staffTokenMinutes: 15,
  triggerCallSeconds: 0.05,
  /** Log bytes per Lambda call (application, platform and API access-log lines). */
  logBytesPerCall: 1_500,
  /** Months of orders kept when pricing storage (the bill grows with history; two years of it here). */
  monthsStored: 24,
  /**
   * DynamoDB Streams makes a write readable well under a second after it (AWS: "near real time"); this is the
   * assumed worst case, used for the time on screen.
   */
  streamPublishSeconds: 1,
  /**
   * Lambda polls each shard of a DynamoDB stream 4 times a second (AWS Lambda developer guide, "Using AWS Lambda with
   * Amazon DynamoDB", polling and batching streams): with no batching window (the deployed 0 s) it invokes as soon as
   * a poll finds records, so a readable record waits at most this long. Used for the time on screen.
   */
  streamPollSeconds: 0.25,
  /**
   * The projector's tumbling window (infra-pulumi TUMBLING_WINDOW_SECONDS, 1 s) ends each window that saw records
   * with one more call without records (isFinalInvokeForWindow), which the projector answers at once. Priced at its
   * upper bound, one per order (every order alone in its window: with no batching window, and at today's and ×12's
   * rates, nearly every order is), each billed this long (rounded up; it reads and writes nothing).
   */
  windowEndCallsPerOrder: 1,
  windowEndCallSeconds: 0.01,
  /**
   * Exports (the ledger to CSV or XLSX): the export function's memory (infra-pulumi FUNCTION_SIZING), orders it
   * writes a second (a round figure below `npm run bench`'s export rows on a busy laptop with DynamoDB Local: 6,400 a
   * second to CSV, 3,200 to XLSX), and the CSV's bytes per order (rounded up from the bench's 270).
   */
  exportLambdaGb: 1,
  exportOrdersPerSecond: 2_500,
  exportBytesPerOrder: 400,
  /** The AWS Budgets alert the documents recommend, USD a month. */
  budgetAlertUsd: 50,
} as const;

/**
 * What the deployed stack holds that is billed per unit: npm run docs:check counts the same things in the Pulumi
 * program (under its mocks) and fails when they differ, so a new alarm, web ACL or rule cannot go unpriced.
 */
export const STACK_INVENTORY = {
  /** Lambda functions: orders API, monitor API, projector, export function, and Cognito's sign-in trigger. */
  functions: 5,
  /**
   * Twelve on the functions, the queue, the dead letters and the API; the catalogue table's system errors, the
   * corrections volume, and failed exports.
   */
  alarms: 15,
  /** Custom CloudWatch metrics: the projector's DeadLetters and CorrectionsApplied, the export function's FailedExports. */
  customMetrics: 3,
  /**
   * AWS WAF in front of CloudFront (inspects the web app's requests): one web ACL, two rate rules (per client
   * token on the order routes, per client address).
   */
  cloudFrontWebAcls: 1,
  cloudFrontWafRules: 2,
  /** AWS WAF on the two Cognito user pools (inspects sign-ins and token refreshes): one web ACL, one rate rule. */
  regionalWebAcls: 1,
  regionalWafRules: 1,
} as const;

/** Per order and per monitor read, as `npm run bench:growth` measures them. */
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

/** Stable names of the bill's lines, for the documents' figure keys. */
export type LineId =
  | "apiGateway"
  | "lambdaRequests"
  | "lambdaCompute"
  | "dynamoWrites"
  | "dynamoReads"
  | "dynamoStorage"
  | "cloudFront"
  | "waf"
  | "logs"
  | "alarms"
  | "cognito"
  | "liveEvents";

export interface CostLine {
  readonly id: LineId;
  readonly item: string;
  readonly list: number;
  /** After the always-free allowances. */
  readonly afterFree: number;
  readonly basis: string;
}

const GB = 1024 ** 3;
export const round = (value: number) => Math.round(value * 100) / 100;

export interface ScenarioVolumes {
  readonly ordersPerMonth: number;
  readonly couriers: number;
  readonly supervisors: number;
  /** Events the projector publishes a month: one per call that changed the figures (every order its own call, at most). */
  readonly liveEventsPerMonth: number;
  /** The web app's GET /monitor a month: one per event per open page, and the fallback polls. */
  readonly webRefreshesPerMonth: number;
  readonly liveOperations: number;
  readonly liveConnectionMinutes: number;
  readonly apiRequests: number;
  readonly monitorReads: number;
  /** Tokens Cognito issues a month (sign-ins and hourly refreshes), each one sign-in trigger call. */
  readonly tokensIssued: number;
  /** The projector's calls without records that end each tumbling window (at most one per order). */
  readonly windowEndCalls: number;
  readonly lambdaCalls: number;
  /** Orders a second in the busiest hour. */
  readonly busiestHourOrdersPerSecond: number;
}

function supervisorsFor(couriers: number): number {
  return Math.max(ASSUMPTIONS.minimumSupervisors, Math.round(couriers * ASSUMPTIONS.supervisorsPerCourier));
}

export function volumesOf(scenario: Scenario, measured: MeasuredPerOrder): ScenarioVolumes {
  const a = ASSUMPTIONS;
  const ordersPerMonth = a.ordersPerDayToday * scenario.multiple * a.daysPerMonth;
  const couriers = a.couriersToday * scenario.multiple;
  const supervisors = supervisorsFor(couriers);
  const liveEventsPerMonth = ordersPerMonth * measured.projectorInvocations;
  const openSeconds = a.businessHoursPerDay * 3600 * a.daysPerMonth;
  const fallbackPolls = supervisors * a.liveDownShare * (openSeconds / a.webFallbackRefreshSeconds);
  const webRefreshesPerMonth = supervisors * liveEventsPerMonth + fallbackPolls;
  const connections = supervisors * a.liveConnectionsPerSupervisorDay * a.daysPerMonth;
  const liveOperations = liveEventsPerMonth * (1 + supervisors) + connections * 2;
  const liveConnectionMinutes = (supervisors * openSeconds) / 60;
  const apiRequests = ordersPerMonth * measured.httpRequests + webRefreshesPerMonth;
  const monitorReads = ordersPerMonth * measured.monitorReadsPerOrder + webRefreshesPerMonth;
  const tokensPerHour = couriers * (60 / a.courierTokenMinutes) + supervisors * (60 / a.staffTokenMinutes);
  const tokensIssued = tokensPerHour * a.businessHoursPerDay * a.daysPerMonth;
  const windowEndCalls = ordersPerMonth * a.windowEndCallsPerOrder;
  const lambdaCalls = apiRequests + ordersPerMonth * measured.projectorInvocations + windowEndCalls + tokensIssued;
  const busiestHourOrdersPerSecond = (a.ordersPerDayToday * scenario.multiple * a.busiestHourShare) / 3600;
  return {
    ordersPerMonth,
    couriers,
    supervisors,
    liveEventsPerMonth,
    webRefreshesPerMonth,
    liveOperations,
    liveConnectionMinutes,
    apiRequests,
    monitorReads,
    tokensIssued,
    windowEndCalls,
    lambdaCalls,
    busiestHourOrdersPerSecond,
  };
}

/** GB the web app's refreshes send out a month with answers of this size. */
export function webGbOut(volumes: ScenarioVolumes, answerBytes: number): number {
  return (volumes.webRefreshesPerMonth * answerBytes) / GB;
}

/**
 * What one export of a month of orders costs at a scenario's volume, USD: the export function's run (GB-s and one
 * request), its reads of the ledger's month index (eventually consistent: half a read unit per 4 KB), the job's
 * few writes, the file's PUT, one GET to download it and a day of storage; the API's two or three requests are
 * under a millionth of a dollar. Nothing is paid while no export runs.
 */
export function exportCost(scenario: Scenario, measured: Pick<MeasuredPerOrder, "orderBytes">) {
  const p = PRICES;
  const a = ASSUMPTIONS;
  const orders = a.ordersPerDayToday * scenario.multiple * a.daysPerMonth;
  const seconds = orders / a.exportOrdersPerSecond;
  const compute = seconds * a.exportLambdaGb * p.lambdaArmPerGbSecond + p.lambdaPerMillionRequests / 1e6;
  const reads = ((orders * measured.orderBytes) / 4096) * 0.5 * (p.dynamoPerMillionRru / 1e6);
  const jobWrites = 4 * (p.dynamoPerMillionWru / 1e6);
  const fileGb = (orders * a.exportBytesPerOrder) / GB;
  const file = p.s3PutPer1000 / 1000 + p.s3GetPer1000 / 1000 + (fileGb * p.s3StandardPerGbMonth) / a.daysPerMonth;
  return { orders, seconds, fileMb: (fileGb * GB) / 1e6, usd: compute + reads + jobWrites + file };
}

export function monthlyCost(
  scenario: Scenario,
  measured: MeasuredPerOrder,
): { volumes: ScenarioVolumes; lines: CostLine[] } {
  const p = PRICES;
  const a = ASSUMPTIONS;
  const f = ALWAYS_FREE;
  const s = STACK_INVENTORY;
  const v = volumesOf(scenario, measured);
  const n = (x: number) => Math.round(x).toLocaleString("en-US");

  const gbSeconds =
    (v.apiRequests * a.apiCallSeconds +
      v.ordersPerMonth * measured.projectorInvocations * (a.projectorCallSeconds + a.livePublishSeconds) +
      v.windowEndCalls * a.windowEndCallSeconds +
      v.tokensIssued * a.triggerCallSeconds) *
    a.lambdaGb;
  const wru = v.ordersPerMonth * measured.wcu;
  const rru = v.ordersPerMonth * measured.projectorRcu + v.monitorReads * measured.rcuPerMonitorRead;
  const storedGb = (v.ordersPerMonth * a.monthsStored * measured.orderBytes) / GB;
  const logGb = (v.lambdaCalls * a.logBytesPerCall) / GB;
  const gbOut = webGbOut(v, measured.monitorAnswerBytes);
  // The CloudFront web ACL inspects every request CloudFront receives: the web app's refreshes (its API calls
  // through CloudFront), counted as in the CloudFront line. The app's files (a handful per page load) are not
  // counted there either; the couriers' phones call the API's own address, which that web ACL does not see. A
  // regional web ACL on the user pools inspects the sign-ins and token refreshes (one per token issued).
  const webAcls = s.cloudFrontWebAcls + s.regionalWebAcls;
  const wafRules = s.cloudFrontWafRules + s.regionalWafRules;
  const wafInspected = v.webRefreshesPerMonth + (s.regionalWebAcls > 0 ? v.tokensIssued : 0);
  const waf = webAcls * p.wafWebAclPerMonth + wafRules * p.wafRulePerMonth;
  const wafRequests = (wafInspected / 1e6) * p.wafPerMillionRequests;

  const lines: CostLine[] = [
    {
      id: "apiGateway",
      item: "API Gateway (HTTP API)",
      list: (v.apiRequests / 1e6) * p.apiGatewayHttpPerMillion,
      afterFree: (v.apiRequests / 1e6) * p.apiGatewayHttpPerMillion,
      basis: `${n(v.apiRequests)} requests`,
    },
    {
      id: "lambdaRequests",
      item: "Lambda requests",
      list: (v.lambdaCalls / 1e6) * p.lambdaPerMillionRequests,
      afterFree: (Math.max(0, v.lambdaCalls - f.lambdaRequests) / 1e6) * p.lambdaPerMillionRequests,
      basis: `${n(v.lambdaCalls)} invocations`,
    },
    {
      id: "lambdaCompute",
      item: "Lambda compute (arm64)",
      list: gbSeconds * p.lambdaArmPerGbSecond,
      afterFree: Math.max(0, gbSeconds - f.lambdaGbSeconds) * p.lambdaArmPerGbSecond,
      basis: `${n(gbSeconds)} GB-s`,
    },
    {
      id: "dynamoWrites",
      item: "DynamoDB writes",
      list: (wru / 1e6) * p.dynamoPerMillionWru,
      afterFree: (wru / 1e6) * p.dynamoPerMillionWru,
      basis: `${n(wru)} WRU`,
    },
    {
      id: "dynamoReads",
      item: "DynamoDB reads",
      list: (rru / 1e6) * p.dynamoPerMillionRru,
      afterFree: (rru / 1e6) * p.dynamoPerMillionRru,
      basis: `${n(rru)} RRU`,
    },
    {
      id: "dynamoStorage",
      item: "DynamoDB storage + PITR",
      list: storedGb * (p.dynamoStoragePerGbMonth + p.dynamoPitrPerGbMonth),
      afterFree:
        Math.max(0, storedGb - f.dynamoStorageGb) * p.dynamoStoragePerGbMonth + storedGb * p.dynamoPitrPerGbMonth,
      basis: `${storedGb.toFixed(2)} GB after ${a.monthsStored} months`,
    },
    {
      id: "cloudFront",
      item: "CloudFront (web app)",
      list: (v.webRefreshesPerMonth / 1e4) * p.cloudFrontPer10kHttps + gbOut * p.cloudFrontPerGbOut,
      afterFree:
        (Math.max(0, v.webRefreshesPerMonth - f.cloudFrontRequests) / 1e4) * p.cloudFrontPer10kHttps +
        Math.max(0, gbOut - f.cloudFrontGbOut) * p.cloudFrontPerGbOut,
      basis: `${n(v.webRefreshesPerMonth)} requests, ${gbOut.toFixed(1)} GB`,
    },
    {
      id: "waf",
      item: "AWS WAF (per-client limit)",
      list: waf + wafRequests,
      afterFree: waf + wafRequests,
      basis: `${webAcls} web ACL, ${wafRules} rule, ${n(wafInspected)} requests`,
    },
    {
      id: "logs",
      item: "CloudWatch Logs",
      list: logGb * p.logsIngestionPerGb,
      afterFree: Math.max(0, logGb - f.logsGb) * p.logsIngestionPerGb,
      basis: `${logGb.toFixed(2)} GB`,
    },
    {
      id: "alarms",
      item: "CloudWatch alarms, metric",
      list: s.alarms * p.alarmPerMonth + s.customMetrics * p.customMetricPerMonth,
      afterFree:
        Math.max(0, s.alarms - f.alarms) * p.alarmPerMonth +
        Math.max(0, s.customMetrics - f.customMetrics) * p.customMetricPerMonth,
      basis: `${s.alarms} alarms, ${s.customMetrics} custom metrics`,
    },
    {
      id: "liveEvents",
      item: "AppSync Events (live updates)",
      list:
        (v.liveOperations / 1e6) * p.appSyncEventsPerMillionOperations +
        (v.liveConnectionMinutes / 1e6) * p.appSyncEventsPerMillionConnectionMinutes,
      afterFree:
        (v.liveOperations / 1e6) * p.appSyncEventsPerMillionOperations +
        (v.liveConnectionMinutes / 1e6) * p.appSyncEventsPerMillionConnectionMinutes,
      basis: `${n(v.liveOperations)} operations, ${n(v.liveConnectionMinutes)} connection-minutes`,
    },
    {
      id: "cognito",
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
