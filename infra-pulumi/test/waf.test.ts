import { beforeAll, describe, expect, it } from "vitest";
import {
  busiestHourOrdersPerSecond,
  GROWTH_MULTIPLES,
  MONITOR_CAPACITY_SUPERVISORS,
  MONITOR_REFRESH_SECONDS,
  ORDER_REQUESTS_PER_TOKEN,
  REQUESTS_PER_ADDRESS,
  ROUTE_THROTTLES,
  SIGN_IN_REQUESTS_PER_ADDRESS,
  STAFF_BEHIND_ONE_ADDRESS,
  WAF_WINDOW_SECONDS,
} from "../src/capacity.js";
import {
  ACCOUNT,
  REGION,
  STAFF_USER_POOL_ID,
  USER_POOL_ID,
  deployUnderMocks,
  type MockedDeployment,
} from "./support/mocked-deployment.js";

const exactPath = (path: string) => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: "EXACTLY",
    searchString: path,
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
});

describe("per-client limits: AWS WAF on the CloudFront distribution and on the user pools", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({ stage: "qa" });
  });

  const rules = () => deployment.named("aws:wafv2/webAcl:WebAcl", "web-acl").inputs.rules as Record<string, any>[];

  it("creates the web ACL for CloudFront, answering 429 above a limit and keeping no sampled requests", () => {
    const acl = deployment.named("aws:wafv2/webAcl:WebAcl", "web-acl");
    expect(acl.inputs).toMatchObject({
      name: "cargo-express-qa-web",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
    });
    expect(acl.inputs.visibilityConfig.sampledRequestsEnabled).toBe(false);
    for (const rule of rules()) {
      expect(rule.action, rule.name).toEqual({ block: { customResponse: { responseCode: 429 } } });
      expect(rule.visibilityConfig, rule.name).toEqual({
        cloudwatchMetricsEnabled: true,
        metricName: `cargo-express-qa-${rule.name}`,
        sampledRequestsEnabled: false,
      });
    }
    expect(rules().map((rule) => rule.name)).toEqual(["orders-per-client-token", "rate-per-client-ip"]);
  });

  it("limits each client token on the two order routes only (custom key: the Authorization header)", () => {
    expect(rules()[0]?.statement).toEqual({
      rateBasedStatement: {
        limit: 300,
        evaluationWindowSec: 300,
        aggregateKeyType: "CUSTOM_KEYS",
        customKeys: [{ header: { name: "authorization", textTransformations: [{ priority: 0, type: "NONE" }] } }],
        scopeDownStatement: {
          orStatement: { statements: [exactPath("/orders"), exactPath("/order/registrar_pedido_entregado")] },
        },
      },
    });
  });

  it("limits each client address on everything, high enough for 100 staff behind one office address", () => {
    expect(rules()[1]?.statement).toEqual({
      rateBasedStatement: { limit: 12_000, evaluationWindowSec: 300, aggregateKeyType: "IP" },
    });
  });

  it("creates it in us-east-1 through its own provider, as WAF for CloudFront requires, whatever the stack's region", () => {
    const provider = deployment.named("pulumi:providers:aws", "aws-cloudfront-waf");
    expect(provider.inputs.region).toBe("us-east-1");
    expect(deployment.named("aws:wafv2/webAcl:WebAcl", "web-acl").provider).toBe(
      `urn:pulumi:test::cargo-express::cargo-express:web:Site$pulumi:providers:aws::aws-cloudfront-waf::${provider.id}`,
    );
  });

  it("attaches it to the distribution by ARN", () => {
    expect(deployment.named("aws:cloudfront/distribution:Distribution", "web").inputs.webAclId).toBe(
      `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/cargo-express-qa-web/cargo-express-qa-web-id`,
    );
  });

  it("limits sign-in per client address with a regional web ACL associated with both user pools", () => {
    const acl = deployment.named("aws:wafv2/webAcl:WebAcl", "sign-in-acl");
    expect(acl.provider).not.toMatch(/aws-cloudfront-waf/);
    expect(acl.inputs).toMatchObject({
      name: "cargo-express-qa-sign-in",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
    });
    expect(acl.inputs.rules).toEqual([
      {
        name: "sign-in-per-client-ip",
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: 300, evaluationWindowSec: 300, aggregateKeyType: "IP" } },
        visibilityConfig: {
          cloudwatchMetricsEnabled: true,
          metricName: "cargo-express-qa-sign-in-per-client-ip",
          sampledRequestsEnabled: false,
        },
      },
    ]);
    const associations = deployment.ofType("aws:wafv2/webAclAssociation:WebAclAssociation");
    expect(associations.map((association) => association.inputs.resourceArn).sort()).toEqual(
      [STAFF_USER_POOL_ID, USER_POOL_ID]
        .map((pool) => `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${pool}`)
        .sort(),
    );
    for (const association of associations) expect(association.inputs.webAclArn).toBe(acl.state.arn ?? acl.inputs.arn);
  });
});

describe("the limits follow the capacity figures (src/capacity.ts)", () => {
  const perSecond = (perWindow: number) => perWindow / WAF_WINDOW_SECONDS;
  const intake = ROUTE_THROTTLES.orderIntake.rateLimit;

  it("holds one client token to a fair share of intake: at most a tenth of the intake route's rate", () => {
    expect(perSecond(ORDER_REQUESTS_PER_TOKEN)).toBeLessThanOrEqual(intake / 10);
  });

  it("sizes intake above the ×12 fleet's busiest hour with one client misbehaving at its token limit", () => {
    const x12 = busiestHourOrdersPerSecond(GROWTH_MULTIPLES.yearAfter);
    expect(x12).toBeCloseTo(1200 / 3600, 6);
    expect(x12 + perSecond(ORDER_REQUESTS_PER_TOKEN)).toBeLessThan(intake);
    // A dispatcher posting every order of the ×12 busiest hour stays under its token's limit.
    expect(x12).toBeLessThan(perSecond(ORDER_REQUESTS_PER_TOKEN));
  });

  it("lets 100 staff behind one address refresh the monitor every 3 s under the per-address limit", () => {
    expect((STAFF_BEHIND_ONE_ADDRESS * WAF_WINDOW_SECONDS) / MONITOR_REFRESH_SECONDS).toBeLessThan(
      REQUESTS_PER_ADDRESS,
    );
  });

  it("derives the monitor route's limit from the supervisors it must carry", () => {
    expect(ROUTE_THROTTLES.monitor.rateLimit).toBe(MONITOR_CAPACITY_SUPERVISORS / MONITOR_REFRESH_SECONDS);
    expect(MONITOR_CAPACITY_SUPERVISORS).toBeGreaterThanOrEqual(STAFF_BEHIND_ONE_ADDRESS);
  });

  it("lets a whole office sign in within the sign-in limit (a password and a code each)", () => {
    expect(2 * STAFF_BEHIND_ONE_ADDRESS).toBeLessThan(SIGN_IN_REQUESTS_PER_ADDRESS);
  });
});
