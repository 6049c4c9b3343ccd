/**
 * The limits and billed units of the deployed stack, read from the Pulumi program itself: it runs under the same
 * mocks as infra-pulumi's tests (no cloud), and this module reads what it would create. Counting the resources
 * (not importing constants) means a new alarm, function, web ACL or rule reaches the documents' check on its own.
 */
import { deployUnderMocks, type RecordedResource } from "../../../../infra-pulumi/test/support/mocked-deployment.js";

const FUNCTION = "aws:lambda/function:Function";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const STAGE = "aws:apigatewayv2/stage:Stage";
const EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const USER_POOL_CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

interface RateLimit {
  readonly rate: number;
  readonly burst: number;
}

interface WafRateRule {
  readonly name: string;
  /** What the rule counts per key: "IP" (a client address) or what its custom keys name. */
  readonly aggregateKey: string;
  readonly requestsPerWindow: number;
  readonly windowSeconds: number;
}

export interface DeploymentFacts {
  readonly functions: number;
  readonly alarms: number;
  /** Web ACLs and the rules in them, by scope: in front of CloudFront, or on regional resources (user pools). */
  readonly webAcls: Readonly<Record<"CLOUDFRONT" | "REGIONAL", { readonly acls: number; readonly rules: number }>>;
  /** The rate-based rules of the web ACL in front of CloudFront (the ones the supervisors' refreshes meet). */
  readonly wafRateRules: readonly WafRateRule[];
  readonly stage: RateLimit;
  /** Each route's effective limit, as the stage applies it (route key -> limit). */
  readonly routes: ReadonlyMap<string, RateLimit>;
  /** Reserved concurrency per function name suffix (orders-api, monitor-api, ...); functions without one are absent. */
  readonly reservedConcurrency: ReadonlyMap<string, number>;
  readonly batchingWindowSeconds: number;
  /** Access token lifetime in minutes of each app client, by its logical name. */
  readonly accessTokenMinutes: ReadonlyMap<string, number>;
  /** The freshness alarm: how far behind the stream the projector may fall, and for how long, before it fires. */
  readonly iteratorAgeAlarm: { readonly thresholdSeconds: number; readonly minutes: number };
}

function rateRulesOf(acl: RecordedResource): WafRateRule[] {
  return (acl.inputs.rules ?? []).flatMap((rule: any) => {
    const rate = rule.statement?.rateBasedStatement;
    if (rate === undefined) return [];
    const custom = (rate.customKeys ?? []).map((key: any) => Object.keys(key)[0]).join("+");
    return [
      {
        name: String(rule.name),
        aggregateKey: rate.aggregateKeyType === "CUSTOM_KEYS" ? custom : String(rate.aggregateKeyType),
        requestsPerWindow: Number(rate.limit),
        windowSeconds: Number(rate.evaluationWindowSec ?? 300),
      },
    ];
  });
}

function iteratorAgeAlarmOf(alarms: readonly RecordedResource[]) {
  const alarm = alarms.find((a) => a.inputs.metricName === "IteratorAge");
  if (alarm === undefined) throw new Error("the deployment has no IteratorAge alarm");
  return {
    thresholdSeconds: Number(alarm.inputs.threshold) / 1000,
    minutes: (Number(alarm.inputs.period) * Number(alarm.inputs.evaluationPeriods)) / 60,
  };
}

function countAcls(acls: readonly RecordedResource[]) {
  return { acls: acls.length, rules: acls.reduce((sum, acl) => sum + (acl.inputs.rules ?? []).length, 0) };
}

export async function readDeploymentFacts(): Promise<DeploymentFacts> {
  const deployment = await deployUnderMocks();
  const only = (type: string) => {
    const [one, ...more] = deployment.ofType(type);
    if (one === undefined || more.length > 0) throw new Error(`expected exactly one ${type}`);
    return one;
  };
  const stage = only(STAGE);
  const functions = deployment.ofType(FUNCTION);
  const acls = deployment.ofType(WEB_ACL);
  return {
    functions: functions.length,
    alarms: deployment.ofType(ALARM).length,
    webAcls: {
      CLOUDFRONT: countAcls(acls.filter((acl) => acl.inputs.scope === "CLOUDFRONT")),
      REGIONAL: countAcls(acls.filter((acl) => acl.inputs.scope === "REGIONAL")),
    },
    wafRateRules: acls.filter((acl) => acl.inputs.scope === "CLOUDFRONT").flatMap(rateRulesOf),
    stage: {
      rate: Number(stage.inputs.defaultRouteSettings.throttlingRateLimit),
      burst: Number(stage.inputs.defaultRouteSettings.throttlingBurstLimit),
    },
    routes: new Map(
      (stage.inputs.routeSettings ?? []).map((route: any) => [
        String(route.routeKey),
        { rate: Number(route.throttlingRateLimit), burst: Number(route.throttlingBurstLimit) },
      ]),
    ),
    reservedConcurrency: new Map(
      functions
        .filter((fn) => typeof fn.inputs.reservedConcurrentExecutions === "number")
        .map((fn) => [
          String(fn.inputs.name).replace(
            /^cargo-express-[a-z0-9-]+?-(orders-api|monitor-api|stream-projector|.+)$/,
            "$1",
          ),
          Number(fn.inputs.reservedConcurrentExecutions),
        ]),
    ),
    batchingWindowSeconds: Number(only(EVENT_SOURCE_MAPPING).inputs.maximumBatchingWindowInSeconds),
    iteratorAgeAlarm: iteratorAgeAlarmOf(deployment.ofType(ALARM)),
    accessTokenMinutes: new Map(
      deployment.ofType(USER_POOL_CLIENT).map((client) => {
        const unit = client.inputs.tokenValidityUnits?.accessToken ?? "hours";
        const value = Number(client.inputs.accessTokenValidity ?? 1);
        return [client.name, unit === "minutes" ? value : unit === "hours" ? value * 60 : value * 1440];
      }),
    ),
  };
}
