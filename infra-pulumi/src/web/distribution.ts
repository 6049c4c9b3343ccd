/**
 * The CloudFront distribution: the default behaviour serves the built files from the private bucket; the API's
 * paths (derived from http-hono's route table, ../routes.ts) go to the HTTP API uncached. The page and the API share
 * an origin, so the browser needs no CORS, and the page's Content-Security-Policy can say `connect-src 'self'` plus
 * Cognito. Also the security headers (the app's policy; `/docs` gets http-hono's Swagger UI policy) and the SPA
 * fallback function.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { INTERACTIVE_DOCS_CSP } from "@cargo-express/http-hono/docs-files";
import { contentSecurityPolicy as appContentSecurityPolicy } from "@cargo-express/monitor-web/serving";
import { API_PATH_PATTERNS } from "../routes.js";
import { INDEX_KEY } from "../web-files.js";
import type { FilesBucket } from "./bucket.js";

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

/**
 * The oldest TLS a viewer may use on a company domain: TLS 1.2 with forward-secret ciphers only. CloudFront's
 * default *.cloudfront.net certificate cannot be given a minimum (it accepts TLS 1.0 and later; docs/deploy.md).
 */
const MINIMUM_VIEWER_TLS = "TLSv1.2_2021";

/** The origins of AppSync Events' realtime endpoints in the region (the API's own host is known only after it exists). */
function liveOrigin(region: string): string {
  return `wss://*.appsync-realtime-api.${region}.amazonaws.com`;
}

export function cognitoOrigin(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com`;
}

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

export interface DistributionOptions {
  readonly name: string;
  readonly region: string;
  readonly files: FilesBucket;
  /** The HTTP API's base URL: its custom domain's, or `https://<id>.execute-api.<region>.amazonaws.com`; no path. */
  readonly apiUrl: pulumi.Input<string>;
  readonly webAclArn: pulumi.Input<string>;
  /** A company domain and its ACM certificate (us-east-1); absent: the *.cloudfront.net name and certificate. */
  readonly domain: { readonly name: string; readonly certificateArn: string } | undefined;
}

export interface Edge {
  readonly headers: {
    readonly app: aws.cloudfront.ResponseHeadersPolicy;
    readonly docs: aws.cloudfront.ResponseHeadersPolicy;
  };
  readonly spaFallback: aws.cloudfront.Function;
  readonly distribution: aws.cloudfront.Distribution;
}

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

function createHeaders(options: DistributionOptions, opts: pulumi.CustomResourceOptions): Edge["headers"] {
  const { name } = options;
  return {
    // The web app's policy (`packages/monitor-web/src/serving.ts`), with Cognito's endpoint in the stack's region.
    app: new aws.cloudfront.ResponseHeadersPolicy(
      "web-security-headers",
      {
        name: `${name}-web-security-headers`,
        comment: "Cargo Express web app and API: CSP, HSTS, nosniff, no framing",
        securityHeadersConfig: securityHeaders(
          appContentSecurityPolicy(cognitoOrigin(options.region), liveOrigin(options.region)),
        ),
      },
      opts,
    ),
    // GET /docs is the API's one HTML page: Swagger UI, whose scripts and stylesheet this bucket serves under
    // /docs/assets/ and whose "Try it out" calls the API at this same origin. It gets http-hono's own policy for
    // that page (the one the local stack sends): the app's would refuse Swagger UI's style attributes and allow
    // Cognito, which the page never calls.
    docs: new aws.cloudfront.ResponseHeadersPolicy(
      "docs-security-headers",
      {
        name: `${name}-docs-security-headers`,
        comment: "Cargo Express GET /docs: Swagger UI from this origin, nothing external, no framing",
        securityHeadersConfig: securityHeaders(INTERACTIVE_DOCS_CSP),
      },
      opts,
    ),
  };
}

/** With a company domain, its certificate and TLS 1.2 at least; without, CloudFront's default (see MINIMUM_VIEWER_TLS). */
function viewerCertificate(
  domain: DistributionOptions["domain"],
): aws.types.input.cloudfront.DistributionViewerCertificate {
  if (domain === undefined) return { cloudfrontDefaultCertificate: true };
  return {
    acmCertificateArn: domain.certificateArn,
    sslSupportMethod: "sni-only",
    minimumProtocolVersion: MINIMUM_VIEWER_TLS,
  };
}

export function createEdge(options: DistributionOptions, opts: pulumi.CustomResourceOptions): Edge {
  const headers = createHeaders(options, opts);
  const spaFallback = new aws.cloudfront.Function(
    "web-spa-fallback",
    {
      name: `${options.name}-spa-fallback`,
      comment: "Pages of the web app (paths without a file extension) get index.html",
      runtime: "cloudfront-js-2.0",
      code: SPA_FALLBACK_FUNCTION_CODE,
      publish: true,
    },
    opts,
  );
  const apiHost = pulumi.output(options.apiUrl).apply((url) => new URL(url).host);

  const distribution = new aws.cloudfront.Distribution(
    "web",
    {
      comment: `${options.name}: supervisors' web app and HTTP API`,
      enabled: true,
      isIpv6Enabled: true,
      httpVersion: "http2and3",
      priceClass: PRICE_CLASS,
      defaultRootObject: INDEX_KEY,
      ...(options.domain === undefined ? {} : { aliases: [options.domain.name] }),
      origins: [
        {
          originId: ORIGIN_IDS.site,
          domainName: options.files.bucket.bucketRegionalDomainName,
          originAccessControlId: options.files.originAccessControl.id,
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
      viewerCertificate: viewerCertificate(options.domain),
      webAclId: options.webAclArn,
    },
    opts,
  );
  return { headers, spaFallback, distribution };
}
