/**
 * The supervisors' web app at one HTTPS origin with the HTTP API: a CloudFront distribution whose default
 * behaviour serves the built files from a private S3 bucket (read only by this distribution, through origin
 * access control) and whose API paths go to the HTTP API uncached. The page and the API share an origin, so
 * the browser needs no CORS, and the page's Content-Security-Policy can say `connect-src 'self'` plus Cognito.
 * docs/deploy.md ("The supervisors' web app") says why this design and what it costs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { INTERACTIVE_DOCS_CSP } from "../../packages/http-hono/src/docs/interactive-docs-files.js";
import {
  contentSecurityPolicy as appContentSecurityPolicy,
  type WebRuntimeConfig,
} from "../../packages/monitor-web/src/serving.js";
import { INDEX_KEY, RUNTIME_CONFIG_KEY, CACHE_CONTROL, withDocsAssets, type WebFile } from "./web-files.js";

/**
 * AWS-managed CloudFront policies, by their documented fixed ids (the same in every account; looking them up
 * would be a provider call at every run for a constant).
 * - CachingOptimized: long edge caching keyed on the path only, gzip and brotli; the files are public
 *   once built and their Cache-Control (web-files.ts) decides what browsers keep.
 * - CachingDisabled: the API answers per user (Authorization) and must never be served from a cache.
 * - AllViewerExceptHostHeader: passes every viewer header (Authorization, If-None-Match, ...), cookie and
 *   query string to the API, but not Host, which API Gateway needs to be its own execute-api name.
 */
const MANAGED_CACHE_POLICY_IDS = {
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
} as const;
const MANAGED_ORIGIN_REQUEST_POLICY_IDS = {
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/**
 * The HTTP API's paths (api.ts ROUTES); everything else is a file of the bucket: the web app's, and the API docs'
 * assets under /docs/assets/ (`/docs` matches that one path only, so they fall to the default behaviour).
 */
const API_PATH_PATTERNS = [
  "/orders",
  "/orders/*",
  "/order/*",
  "/monitor",
  "/monitor/*",
  "/health",
  "/openapi.json",
  "/docs",
] as const;

/** Swagger UI's page, served by the API (the Lambdas) under its own policy: see the docs headers below. */
const DOCS_PATH_PATTERN = "/docs";

const ORIGIN_IDS = { site: "web-bucket", api: "http-api" } as const;

/**
 * Every edge location, South America's included: supervisors in Colombia are served from a nearby edge. The
 * cheaper classes only leave out regions (South America among them); at Cargo Express's volume CloudFront
 * stays inside its always-free allowance whichever class is chosen.
 */
const PRICE_CLASS = "PriceClass_All";

/** Two years, the value browsers' HSTS preload lists ask for. */
const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** The web app's policy (`packages/monitor-web/src/serving.ts`), with Cognito's sign-in endpoint in the stack's region. */
function contentSecurityPolicy(region: string): string {
  return appContentSecurityPolicy(cognitoOrigin(region));
}

/**
 * GET /docs is the API's one HTML page: Swagger UI, whose scripts and stylesheet this bucket serves under
 * /docs/assets/ (web-files.ts) and whose "Try it out" calls the API at this same origin. It gets http-hono's own
 * policy for that page (the one the local stack sends): scripts and styles from this origin only (no inline
 * script; Swagger UI sets inline style attributes), requests to this origin only, nothing from elsewhere, no
 * framing. The app's policy would refuse Swagger UI's style attributes and allow Cognito, which the page never calls.
 */
const DOCS_PAGE_CSP = INTERACTIVE_DOCS_CSP;

/**
 * Viewer-request function on the default (S3) behaviour only: a path whose last segment has no extension is a
 * page of the single-page app, so it gets index.html. Files keep their path, so a missing script is a 403 from
 * S3, not HTML served as JavaScript; the API's behaviours do not run this function, so their 401, 403 and 404
 * answers reach the browser unchanged (a distribution-wide custom error response would have replaced them).
 */
const SPA_FALLBACK_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf("/") + 1);
  if (lastSegment.indexOf(".") === -1) {
    request.uri = "/${INDEX_KEY}";
  }
  return request;
}
`;

export interface WebSiteOptions {
  readonly stage: string;
  readonly region: string;
  readonly files: readonly WebFile[];
  readonly userPoolClientId: pulumi.Input<string>;
  /** The HTTP API's base URL (`https://<id>.execute-api.<region>.amazonaws.com`, default stage, no path). */
  readonly apiUrl: pulumi.Input<string>;
}

export interface WebSite {
  readonly bucket: aws.s3.Bucket;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly originAccessControl: aws.cloudfront.OriginAccessControl;
  readonly headers: {
    readonly app: aws.cloudfront.ResponseHeadersPolicy;
    readonly docs: aws.cloudfront.ResponseHeadersPolicy;
  };
  readonly spaFallback: aws.cloudfront.Function;
  readonly distribution: aws.cloudfront.Distribution;
  /** The per-client rate limit in front of the distribution (in us-east-1). */
  readonly webAcl: aws.wafv2.WebAcl;
  readonly bucketPolicy: aws.s3.BucketPolicy;
  /** One object per built file and per API docs asset (docs/assets/...), keyed by object key, plus config.json. */
  readonly objects: Readonly<Record<string, aws.s3.BucketObjectv2>>;
  /** `https://<distribution>.cloudfront.net`, no trailing slash. */
  readonly url: pulumi.Output<string>;
}

/**
 * The per-client limit: an AWS WAF web ACL on the distribution with one rate-based rule, counted per client IP
 * address over 5 minutes; above it the client gets 429 until its rate falls. HTTP APIs take no WAF, so the limit
 * sits on the CloudFront address (the web app and the API's paths through it); the direct execute-api address keeps
 * the per-route limits only (docs/deploy.md, section 13). 3,000 per 5 minutes is 10 requests a second: a monitor
 * tab refreshing every 3 s makes 100, so 30 supervisors behind one office address still pass (docs/growth.md counts
 * 24 at 12 times today's volume), while one client looping on a leaked token is stopped within minutes.
 */
export const WEB_RATE_LIMIT = { requestsPer5Minutes: 3000, evaluationWindowSeconds: 300 } as const;

/** WAF for CloudFront lives in us-east-1, whatever the stack's region. */
const CLOUDFRONT_WAF_REGION = "us-east-1";

function cognitoOrigin(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com`;
}

export function createWebSite(options: WebSiteOptions, opts: pulumi.CustomResourceOptions): WebSite {
  const name = `cargo-express-${options.stage}`;

  const bucket = new aws.s3.Bucket(
    "web-files",
    {
      // Bucket names are global across AWS accounts: the prefix says whose it is, S3 adds a unique suffix.
      bucketPrefix: `${name}-`,
      // It holds only build output that `npm run build` recreates, so `pulumi destroy` may empty it.
      forceDestroy: true,
    },
    opts,
  );

  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    "web-files-no-public-access",
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
    opts,
  );

  const originAccessControl = new aws.cloudfront.OriginAccessControl(
    "web-files-access",
    {
      name: `${name}-web-files`,
      description: "CloudFront signs its requests to the web app's bucket",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    },
    opts,
  );

  const securityHeaders = (csp: string) => ({
    contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
    strictTransportSecurity: {
      accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS,
      includeSubdomains: true,
      preload: false,
      override: true,
    },
    contentTypeOptions: { override: true },
    frameOptions: { frameOption: "DENY", override: true },
    referrerPolicy: { referrerPolicy: "same-origin", override: true },
  });
  const headers = {
    app: new aws.cloudfront.ResponseHeadersPolicy(
      "web-security-headers",
      {
        name: `${name}-web-security-headers`,
        comment: "Cargo Express web app and API: CSP, HSTS, nosniff, no framing",
        securityHeadersConfig: securityHeaders(contentSecurityPolicy(options.region)),
      },
      opts,
    ),
    docs: new aws.cloudfront.ResponseHeadersPolicy(
      "docs-security-headers",
      {
        name: `${name}-docs-security-headers`,
        comment: "Cargo Express GET /docs: Swagger UI from this origin, nothing external, no framing",
        securityHeadersConfig: securityHeaders(DOCS_PAGE_CSP),
      },
      opts,
    ),
  };

  const spaFallback = new aws.cloudfront.Function(
    "web-spa-fallback",
    {
      name: `${name}-spa-fallback`,
      comment: "Pages of the web app (paths without a file extension) get index.html",
      runtime: "cloudfront-js-2.0",
      code: SPA_FALLBACK_FUNCTION_CODE,
      publish: true,
    },
    opts,
  );

  const apiHost = pulumi.output(options.apiUrl).apply((url) => new URL(url).host);

  // An explicit provider for us-east-1, used by the web ACL only; every other resource keeps the stack's region.
  const wafProvider = new aws.Provider(
    "aws-cloudfront-waf",
    {
      region: CLOUDFRONT_WAF_REGION,
      defaultTags: { tags: { application: "cargo-express-orders", stage: options.stage, "managed-by": "pulumi" } },
    },
    { parent: opts.parent },
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
    { ...opts, provider: wafProvider },
  );

  const distribution = new aws.cloudfront.Distribution(
    "web",
    {
      comment: `${name}: supervisors' web app and HTTP API`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: PRICE_CLASS,
      defaultRootObject: INDEX_KEY,
      origins: [
        {
          originId: ORIGIN_IDS.site,
          domainName: bucket.bucketRegionalDomainName,
          originAccessControlId: originAccessControl.id,
        },
        {
          originId: ORIGIN_IDS.api,
          domainName: apiHost,
          customOriginConfig: {
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
          },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: ORIGIN_IDS.site,
        // A person typing the address without https:// is sent to https://.
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: MANAGED_CACHE_POLICY_IDS.cachingOptimized,
        responseHeadersPolicyId: headers.app.id,
        functionAssociations: [{ eventType: "viewer-request", functionArn: spaFallback.arn }],
      },
      orderedCacheBehaviors: API_PATH_PATTERNS.map((pathPattern) => ({
        pathPattern,
        targetOriginId: ORIGIN_IDS.api,
        // No redirect for the API: a client redirected from http:// would already have sent its token in clear.
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: MANAGED_CACHE_POLICY_IDS.cachingDisabled,
        originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY_IDS.allViewerExceptHostHeader,
        responseHeadersPolicyId: pathPattern === DOCS_PATH_PATTERN ? headers.docs.id : headers.app.id,
      })),
      restrictions: { geoRestriction: { restrictionType: "none" } },
      // The *.cloudfront.net name and certificate; a company domain needs an ACM certificate in us-east-1.
      viewerCertificate: { cloudfrontDefaultCertificate: true },
      webAclId: webAcl.arn,
    },
    opts,
  );

  const bucketPolicy = new aws.s3.BucketPolicy(
    "web-files-policy",
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ThisDistributionReadsTheFiles",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: pulumi.interpolate`${bucket.arn}/*`,
            Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } },
          },
          {
            Sid: "TlsOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    },
    // The access block first: the policy must be accepted as non-public with every block already on.
    { ...opts, dependsOn: [publicAccessBlock] },
  );

  const objects: Record<string, aws.s3.BucketObjectv2> = {};
  for (const file of withDocsAssets(options.files)) {
    objects[file.key] = new aws.s3.BucketObjectv2(
      `web/${file.key}`,
      {
        bucket: bucket.id,
        key: file.key,
        ...("source" in file ? { source: new pulumi.asset.FileAsset(file.source) } : { content: file.content }),
        contentType: file.contentType,
        cacheControl: file.cacheControl,
      },
      opts,
    );
  }

  const runtimeConfig: pulumi.Output<WebRuntimeConfig> = pulumi
    .output(options.userPoolClientId)
    .apply((userPoolClientId) => ({
      region: options.region,
      userPoolClientId,
      cognitoEndpoint: `${cognitoOrigin(options.region)}/`,
      apiBase: "",
    }));
  objects[RUNTIME_CONFIG_KEY] = new aws.s3.BucketObjectv2(
    `web/${RUNTIME_CONFIG_KEY}`,
    {
      bucket: bucket.id,
      key: RUNTIME_CONFIG_KEY,
      content: pulumi.jsonStringify(runtimeConfig),
      contentType: "application/json",
      cacheControl: CACHE_CONTROL.revalidate,
    },
    opts,
  );

  return {
    bucket,
    publicAccessBlock,
    originAccessControl,
    headers,
    spaFallback,
    distribution,
    webAcl,
    bucketPolicy,
    objects,
    url: pulumi.interpolate`https://${distribution.domainName}`,
  };
}
