import { beforeAll, describe, expect, it } from "vitest";
import { WEB_RATE_LIMIT } from "../src/web/waf.js";
import { ACCOUNT, deployUnderMocks, type MockedDeployment } from "./support/mocked-deployment.js";

describe("per-client limit: an AWS WAF web ACL on the CloudFront distribution (issue 11)", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({ stage: "qa" });
  });

  it("creates the web ACL for CloudFront with one rate-based rule per client IP that answers 429, and no sampled requests", () => {
    const acl = deployment.named("aws:wafv2/webAcl:WebAcl", "web-acl");
    expect(acl.inputs).toMatchObject({
      name: "cargo-express-qa-web",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
    });
    expect(acl.inputs.rules).toEqual([
      {
        name: "rate-per-client-ip",
        priority: 0,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: { rateBasedStatement: { limit: 3000, evaluationWindowSec: 300, aggregateKeyType: "IP" } },
        visibilityConfig: {
          cloudwatchMetricsEnabled: true,
          metricName: "cargo-express-qa-rate-per-client-ip",
          sampledRequestsEnabled: false,
        },
      },
    ]);
    expect(acl.inputs.visibilityConfig.sampledRequestsEnabled).toBe(false);
    expect(WEB_RATE_LIMIT.requestsPer5Minutes / WEB_RATE_LIMIT.evaluationWindowSeconds).toBe(10);
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
});
