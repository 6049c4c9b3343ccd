/**
 * A limit on sign-in: a regional AWS WAF web ACL associated with both user pools, with one rate-based rule per client
 * address (capacity.ts: SIGN_IN_REQUESTS_PER_ADDRESS). It holds password spraying from one address to about one try
 * a second on top of Cognito's own per-user lockout, and lets a whole office sign in and refresh.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { SIGN_IN_REQUESTS_PER_ADDRESS, WAF_WINDOW_SECONDS } from "./capacity.js";

export interface SignInAcl {
  readonly webAcl: aws.wafv2.WebAcl;
  readonly associations: readonly aws.wafv2.WebAclAssociation[];
}

export function createSignInAcl(
  stage: string,
  userPools: Readonly<Record<string, aws.cognito.UserPool>>,
  opts: pulumi.CustomResourceOptions,
): SignInAcl {
  const name = `cargo-express-${stage}-sign-in`;
  const visibility = (metricName: string) => ({
    cloudwatchMetricsEnabled: true,
    metricName,
    // No sampled requests: they would keep addresses, user names and passwords' requests in WAF's console.
    sampledRequestsEnabled: false,
  });
  const webAcl = new aws.wafv2.WebAcl(
    "sign-in-acl",
    {
      name,
      description: "Cargo Express user pools: a sign-in rate limit per client address",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rules: [
        {
          name: "sign-in-per-client-ip",
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: SIGN_IN_REQUESTS_PER_ADDRESS,
              evaluationWindowSec: WAF_WINDOW_SECONDS,
              aggregateKeyType: "IP",
            },
          },
          visibilityConfig: visibility(`${name}-per-client-ip`),
        },
      ],
      visibilityConfig: visibility(name),
    },
    opts,
  );
  const associations = Object.entries(userPools).map(
    ([key, userPool]) =>
      new aws.wafv2.WebAclAssociation(`sign-in-acl-${key}`, { resourceArn: userPool.arn, webAclArn: webAcl.arn }, opts),
  );
  return { webAcl, associations };
}
