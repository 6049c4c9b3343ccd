/**
 * The per-client limit in front of the distribution: an AWS WAF web ACL (scope CLOUDFRONT, so in us-east-1 through
 * its own provider, whatever the stack's region). HTTP APIs take no WAF, so the limits sit on the CloudFront address
 * (the web app and the API's paths through it).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * A rate-based rule per client IP address over 5 minutes; above it the client gets 429 until its rate falls.
 * 3,000 per 5 minutes is 10 requests a second: a monitor tab refreshing every 3 s makes 100, so 30 supervisors
 * behind one office address still pass (docs/growth.md counts 24 at 12 times today's volume), while one client
 * looping on a leaked token is stopped within minutes.
 */
export const WEB_RATE_LIMIT = { requestsPer5Minutes: 3000, evaluationWindowSeconds: 300 } as const;

/** WAF for CloudFront lives in us-east-1, whatever the stack's region. */
const CLOUDFRONT_WAF_REGION = "us-east-1";

export interface WebAclOptions {
  readonly name: string;
  readonly stage: string;
}

export function createWebAcl(
  options: WebAclOptions,
  opts: pulumi.CustomResourceOptions,
): { readonly provider: aws.Provider; readonly webAcl: aws.wafv2.WebAcl } {
  const { name } = options;
  // An explicit provider for us-east-1, used by the web ACL only; every other resource keeps the stack's region.
  const provider = new aws.Provider(
    "aws-cloudfront-waf",
    {
      region: CLOUDFRONT_WAF_REGION,
      defaultTags: { tags: { application: "cargo-express-orders", stage: options.stage, "managed-by": "pulumi" } },
    },
    { parent: opts.parent, aliases: opts.aliases },
  );
  const webAcl = new aws.wafv2.WebAcl(
    "web-acl",
    {
      name: `${name}-web`,
      description: "Cargo Express web app and API through CloudFront: a rate limit per client address",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rules: [
        {
          name: "rate-per-client-ip",
          priority: 0,
          action: { block: { customResponse: { responseCode: 429 } } },
          statement: {
            rateBasedStatement: {
              limit: WEB_RATE_LIMIT.requestsPer5Minutes,
              evaluationWindowSec: WEB_RATE_LIMIT.evaluationWindowSeconds,
              aggregateKeyType: "IP",
            },
          },
          // No sampled requests: they would keep client addresses and headers (tokens) in WAF's console.
          visibilityConfig: {
            cloudwatchMetricsEnabled: true,
            metricName: `${name}-rate-per-client-ip`,
            sampledRequestsEnabled: false,
          },
        },
      ],
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: `${name}-web`, sampledRequestsEnabled: false },
    },
    { ...opts, provider },
  );
  return { provider, webAcl };
}
