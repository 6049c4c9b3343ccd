/**
 * The per-client limits in front of the distribution: an AWS WAF web ACL (scope CLOUDFRONT, so in us-east-1 through
 * its own provider, whatever the stack's region). HTTP APIs take no WAF, so the limits sit on the CloudFront address
 * (the web app and the API's paths through it); with the API's own address closed (`executeApiEndpoint`), every
 * request passes them. Above a limit the client gets 429 until its rate falls. The figures are capacity.ts's.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { ORDER_REQUESTS_PER_TOKEN, REQUESTS_PER_ADDRESS, WAF_WINDOW_SECONDS } from "../capacity.js";
import { API_ROUTES } from "../routes.js";

/** WAF for CloudFront lives in us-east-1, whatever the stack's region. */
const CLOUDFRONT_WAF_REGION = "us-east-1";

/** The intake routes' paths (POST /orders, the previous client's POST): what the per-token rule counts. */
const ORDER_INTAKE_PATHS: readonly string[] = API_ROUTES.filter((route) => route.throttle === "orderIntake").map(
  (route) => route.path,
);

export interface WebAclOptions {
  readonly name: string;
  readonly stage: string;
}

const answer429 = { block: { customResponse: { responseCode: 429 } } };

/** No sampled requests: they would keep client addresses and headers (tokens) in WAF's console. */
const visibility = (metricName: string) => ({
  cloudwatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: false,
});

const exactPath = (path: string) => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: "EXACTLY",
    searchString: path,
    textTransformations: [{ priority: 0, type: "NONE" }],
  },
});

/** One statement for one path, an OR of them for several (WAF refuses an OR of one). */
const anyOfPaths = (paths: readonly string[]) =>
  paths.length === 1 ? exactPath(paths[0] ?? "") : { orStatement: { statements: paths.map(exactPath) } };

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
      description: "Cargo Express web app and API through CloudFront: rate limits per client token and per address",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rules: [
        {
          // Per client, not per address: a phone looping POST /orders on its token is held to its share of intake,
          // whoever shares its address (a carrier's NAT), and every other courier keeps posting.
          name: "orders-per-client-token",
          priority: 0,
          action: answer429,
          statement: {
            rateBasedStatement: {
              limit: ORDER_REQUESTS_PER_TOKEN,
              evaluationWindowSec: WAF_WINDOW_SECONDS,
              aggregateKeyType: "CUSTOM_KEYS",
              customKeys: [{ header: { name: "authorization", textTransformations: [{ priority: 0, type: "NONE" }] } }],
              scopeDownStatement: anyOfPaths(ORDER_INTAKE_PATHS),
            },
          },
          visibilityConfig: visibility(`${name}-orders-per-client-token`),
        },
        {
          // Per address, for everything: high enough for a whole office behind one address (capacity.ts).
          name: "rate-per-client-ip",
          priority: 1,
          action: answer429,
          statement: {
            rateBasedStatement: {
              limit: REQUESTS_PER_ADDRESS,
              evaluationWindowSec: WAF_WINDOW_SECONDS,
              aggregateKeyType: "IP",
            },
          },
          visibilityConfig: visibility(`${name}-rate-per-client-ip`),
        },
      ],
      visibilityConfig: visibility(`${name}-web`),
    },
    { ...opts, provider },
  );
  return { provider, webAcl };
}
