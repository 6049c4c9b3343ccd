import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTE_TABLE } from "@cargo-express/http-hono/routes";
import { API_ROUTES } from "../src/routes.js";
import {
  ACCOUNT,
  API_ID,
  BUCKET_SUFFIX,
  DISTRIBUTION_DOMAIN,
  DISTRIBUTION_ID,
  LIVE_HTTP_HOST,
  LIVE_REALTIME_HOST,
  REGION,
  STAFF_CLIENT_ID,
  deployUnderMocks,
  outputValue,
  type MockedDeployment,
  type RecordedResource,
} from "./support/mocked-deployment.js";
import { SAMPLE_WEB_FILES, sampleWebBuildDir } from "./support/web-build.js";
import { INTERACTIVE_DOCS_PAGE } from "@cargo-express/http-hono/docs-files";

const STACK_REGION = "sa-east-1";
const BUCKET = `cargo-express-qa-${BUCKET_SUFFIX}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const DISTRIBUTION_ARN = `arn:aws:cloudfront::${ACCOUNT}:distribution/${DISTRIBUTION_ID}`;
// AWS-managed policies, by the ids AWS documents for them.
const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

const APP_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self' https://cognito-idp.sa-east-1.amazonaws.com " +
  "wss://*.appsync-realtime-api.sa-east-1.amazonaws.com; style-src 'self'; " +
  "img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/** What Swagger UI's page needs: its own origin's scripts, styles and API, nothing inline but style attributes. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The API docs' assets (http-hono's interactive-docs-files.ts), uploaded with the app's files. */
const DOCS_ASSET_KEYS = [
  "docs/assets/swagger-ui.css",
  "docs/assets/swagger-ui-bundle.js",
  "docs/assets/swagger-ui-bundle.js.LICENSE.txt",
  "docs/assets/docs.js",
];

type Behaviour = Record<string, any>;

/** CloudFront's path-pattern matching: `*` any run of characters (slashes too), `?` one character, case-sensitive. */
function matchesPathPattern(pattern: string, urlPath: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(urlPath);
}

/** Runs the viewer-request function's code the way CloudFront does: handler(event) returns the request. */
function runViewerRequest(code: string, uri: string): string {
  const handler = new Function(`${code}\nreturn handler;`)() as (event: unknown) => { uri: string };
  return handler({ request: { uri, method: "GET", headers: {}, querystring: {}, cookies: {} } }).uri;
}

describe("supervisors' web app on CloudFront, at one origin with the API", () => {
  let deployment: MockedDeployment;
  let distribution: RecordedResource;
  let apiBehaviours: Behaviour[];
  let policiesById: Record<string, RecordedResource>;

  beforeAll(async () => {
    deployment = await deployUnderMocks({ stage: "qa", "aws:region": STACK_REGION });
    distribution = deployment.named("aws:cloudfront/distribution:Distribution", "web");
    apiBehaviours = distribution.inputs.orderedCacheBehaviors as Behaviour[];
    policiesById = Object.fromEntries(
      deployment
        .ofType("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy")
        .map((policy) => [policy.id, policy]),
    );
  });

  const bucket = () => deployment.named("aws:s3/bucket:Bucket", "web-files");
  const origin = (originId: string) =>
    (distribution.inputs.origins as Behaviour[]).find((o) => o.originId === originId);
  const siteOrigin = () => origin(distribution.inputs.defaultCacheBehavior.targetOriginId as string);
  const bucketPolicy = () =>
    JSON.parse(deployment.named("aws:s3/bucketPolicy:BucketPolicy", "web-files-policy").inputs.policy as string) as {
      Statement: {
        Sid: string;
        Effect: string;
        Principal: unknown;
        Action: string;
        Resource: string | string[];
        Condition?: any;
      }[];
    };
  const headersOf = (behaviour: Behaviour) => {
    const policy = policiesById[behaviour.responseHeadersPolicyId as string];
    if (policy === undefined) throw new Error(`no response headers policy ${behaviour.responseHeadersPolicyId}`);
    return policy.inputs.securityHeadersConfig as Record<string, any>;
  };
  const allBehaviours = () => [distribution.inputs.defaultCacheBehavior as Behaviour, ...apiBehaviours];

  it("is one component, cargo-express:web:Site, whose resources are its children", async () => {
    expect(deployment.system.web).toBeInstanceOf(pulumi.ComponentResource);
    expect(await outputValue(deployment.system.web.urn)).toBe(
      "urn:pulumi:test::cargo-express::cargo-express:index:System$cargo-express:web:Site::cargo-express-qa-web",
    );
    for (const child of [
      deployment.system.web.distribution,
      deployment.system.web.bucket,
      deployment.system.web.webAcl,
    ])
      expect(await outputValue(child.urn)).toMatch(/^urn:pulumi:test::cargo-express::cargo-express:web:Site\$aws:/);
  });

  it("publishes the site's address as the webUrl output", async () => {
    expect(await outputValue(deployment.system.outputs.webUrl)).toBe(`https://${DISTRIBUTION_DOMAIN}`);
  });

  describe("a private bucket", () => {
    it("blocks every form of public access on the bucket that holds the files", () => {
      const block = deployment.named(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "web-files-no-public-access",
      );
      expect(block.inputs).toMatchObject({
        bucket: BUCKET,
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      });
      expect(bucket().inputs.acl).toBeUndefined();
      expect(bucket().inputs.website).toBeUndefined();
      expect(deployment.ofType("aws:s3/bucketAcl:BucketAcl")).toEqual([]);
      expect(deployment.ofType("aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2")).toEqual([]);
    });

    it("lets only this distribution read the files: CloudFront's service principal, on condition of its ARN", () => {
      const allows = bucketPolicy().Statement.filter((statement) => statement.Effect === "Allow");
      expect(allows).toEqual([
        {
          Sid: expect.any(String),
          Effect: "Allow",
          Principal: { Service: "cloudfront.amazonaws.com" },
          Action: "s3:GetObject",
          Resource: `${BUCKET_ARN}/*`,
          Condition: { StringEquals: { "AWS:SourceArn": DISTRIBUTION_ARN } },
        },
      ]);
      expect(deployment.named("aws:s3/bucketPolicy:BucketPolicy", "web-files-policy").inputs.bucket).toBe(BUCKET);
    });

    it("has CloudFront sign its requests to the bucket with origin access control (no legacy identity)", () => {
      const control = deployment.named("aws:cloudfront/originAccessControl:OriginAccessControl", "web-files-access");
      expect(control.inputs).toMatchObject({
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      });
      expect(siteOrigin()).toMatchObject({
        domainName: `${BUCKET}.s3.${REGION}.amazonaws.com`,
        originAccessControlId: control.id,
      });
      expect(siteOrigin()?.s3OriginConfig).toBeUndefined();
      expect(deployment.ofType("aws:cloudfront/originAccessIdentity:OriginAccessIdentity")).toEqual([]);
    });
  });

  describe("HTTPS only", () => {
    it("redirects people to HTTPS for the app and refuses plain HTTP on the API paths", () => {
      expect(distribution.inputs.defaultCacheBehavior.viewerProtocolPolicy).toBe("redirect-to-https");
      expect(apiBehaviours.length).toBeGreaterThan(0);
      for (const behaviour of apiBehaviours)
        expect(behaviour.viewerProtocolPolicy, behaviour.pathPattern).toBe("https-only");
    });

    it("speaks TLS 1.2 to the API and refuses any request to the bucket that is not over TLS", () => {
      expect(origin("http-api")?.customOriginConfig).toMatchObject({
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
      });
      expect(bucketPolicy().Statement.filter((statement) => statement.Effect === "Deny")).toEqual([
        expect.objectContaining({
          Principal: "*",
          Action: "s3:*",
          Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      ]);
    });

    it("sends HSTS on every response", () => {
      for (const behaviour of allBehaviours()) {
        expect(headersOf(behaviour).strictTransportSecurity, behaviour.pathPattern).toMatchObject({
          override: true,
          includeSubdomains: true,
        });
        expect(headersOf(behaviour).strictTransportSecurity.accessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
      }
    });
  });

  describe("one origin: the app's files by default, the API's paths to the API", () => {
    it("sends the API's paths to the HTTP API, uncached, with every viewer header but Host and every query string", () => {
      expect(origin("http-api")?.domainName).toBe(`${API_ID}.execute-api.${REGION}.amazonaws.com`);
      // One pattern per path of http-hono's route table: no pattern sends anything but a route to the API.
      const patterns = apiBehaviours.map((behaviour) => behaviour.pathPattern as string);
      expect(new Set(patterns).size).toBe(patterns.length);
      for (const pattern of patterns)
        expect(
          ROUTE_TABLE.some((route) => matchesPathPattern(pattern, route.path.replace(/\{[^}]+\}/g, "ORD-2024-0001"))),
          pattern,
        ).toBe(true);
      for (const behaviour of apiBehaviours) {
        expect(behaviour, behaviour.pathPattern).toMatchObject({
          targetOriginId: "http-api",
          cachePolicyId: CACHING_DISABLED,
          originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        });
        expect(behaviour.allowedMethods).toEqual(expect.arrayContaining(["GET", "POST", "OPTIONS"]));
        expect(behaviour.functionAssociations ?? []).toEqual([]);
      }
    });

    it("reaches every route of the HTTP API through the site's origin, and no file of the app through the API", () => {
      const patterns = apiBehaviours.map((behaviour) => behaviour.pathPattern as string);
      for (const route of API_ROUTES) {
        const urlPath = route.path.replace(/\{[^}]+\}/g, "ORD-2024-0001");
        expect(
          patterns.some((pattern) => matchesPathPattern(pattern, urlPath)),
          urlPath,
        ).toBe(true);
      }
      // Addresses the app may own that a pattern one character too broad would steal from it.
      const appPaths = [
        "/",
        "/config.json",
        "/order-summary",
        "/orders.html",
        "/monitoring.png",
        "/health-check.svg",
        "/docs.css",
      ];
      for (const urlPath of [...appPaths, ...Object.keys(SAMPLE_WEB_FILES).map((key) => `/${key}`)]) {
        expect(
          patterns.filter((pattern) => matchesPathPattern(pattern, urlPath)),
          urlPath,
        ).toEqual([]);
      }
    });

    it("serves the app's files from the bucket with CloudFront's optimised caching and index.html at /", () => {
      expect(distribution.inputs.defaultCacheBehavior).toMatchObject({
        targetOriginId: siteOrigin()?.originId,
        allowedMethods: ["GET", "HEAD"],
        cachePolicyId: CACHING_OPTIMIZED,
        compress: true,
      });
      expect(distribution.inputs).toMatchObject({ enabled: true, defaultRootObject: "index.html" });
    });

    it("answers a page of the app with index.html, on the bucket's behaviour only, leaving API errors untouched", async () => {
      const fn = deployment.named("aws:cloudfront/function:Function", "web-spa-fallback");
      expect(fn.inputs).toMatchObject({ runtime: "cloudfront-js-2.0", publish: true });
      expect(distribution.inputs.defaultCacheBehavior.functionAssociations).toEqual([
        { eventType: "viewer-request", functionArn: fn.state.arn },
      ]);
      // A distribution-wide error page would turn the API's 401/403/404 into index.html with 200.
      expect(distribution.inputs.customErrorResponses ?? []).toEqual([]);

      const code = fn.inputs.code as string;
      expect(runViewerRequest(code, "/")).toBe("/index.html");
      expect(runViewerRequest(code, "/panel")).toBe("/index.html");
      expect(runViewerRequest(code, "/panel/semana")).toBe("/index.html");
      expect(runViewerRequest(code, "/assets/index-B4x9Qe1z.js")).toBe("/assets/index-B4x9Qe1z.js");
      expect(runViewerRequest(code, "/assets/missing-00000000.js")).toBe("/assets/missing-00000000.js");
      expect(runViewerRequest(code, "/config.json")).toBe("/config.json");
    });
  });

  describe("security headers", () => {
    it("gives the app a Content-Security-Policy without inline scripts, talking only to its origin and Cognito", () => {
      const headers = headersOf(distribution.inputs.defaultCacheBehavior as Behaviour);
      expect(headers.contentSecurityPolicy).toEqual({ contentSecurityPolicy: APP_CSP, override: true });
      const scriptSources = /script-src ([^;]*)/.exec(APP_CSP)?.[1] ?? "";
      expect(scriptSources).not.toMatch(/unsafe/);
    });

    it("sends nosniff, DENY framing and a referrer policy with every response, overriding the origin", () => {
      for (const behaviour of allBehaviours()) {
        const headers = headersOf(behaviour);
        expect(headers, behaviour.pathPattern).toMatchObject({
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: "DENY", override: true },
          referrerPolicy: { referrerPolicy: "same-origin", override: true },
        });
        expect(headers.contentSecurityPolicy.contentSecurityPolicy, behaviour.pathPattern).toContain(
          "frame-ancestors 'none'",
        );
      }
    });

    it("gives the API's JSON the app's policy; only /docs, Swagger UI's page, gets its own: this origin only, no inline script", () => {
      const csp = (behaviour: Behaviour) => headersOf(behaviour).contentSecurityPolicy.contentSecurityPolicy as string;
      for (const behaviour of apiBehaviours.filter((b) => b.pathPattern !== "/docs"))
        expect(csp(behaviour), behaviour.pathPattern).toBe(APP_CSP);
      const docs = csp(apiBehaviours.find((b) => b.pathPattern === "/docs") ?? {});
      expect(docs).toBe(DOCS_CSP);
      expect(/script-src ([^;]*)/.exec(docs)?.[1]).toBe("'self'");
      expect(docs).not.toMatch(/https?:/);
    });

    it("needs no CORS: nothing on the distribution, the bucket or the API allows another origin", () => {
      for (const policy of Object.values(policiesById)) expect(policy.inputs.corsConfig, policy.name).toBeUndefined();
      expect(deployment.ofType("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).toEqual([]);
      expect(bucket().inputs.corsRules).toBeUndefined();
      expect(deployment.named("aws:apigatewayv2/api:Api", "http-api").inputs.corsConfiguration).toBeUndefined();
    });
  });

  describe("the files", () => {
    const objects = () => deployment.ofType("aws:s3/bucketObjectv2:BucketObjectv2");
    const objectAt = (key: string) => {
      const match = objects().find((object) => object.inputs.key === key);
      if (match === undefined) throw new Error(`no object ${key}`);
      return match;
    };

    it("uploads every file of the build, and config.json, into the web bucket", () => {
      expect(
        objects()
          .map((object) => object.inputs.key)
          .sort(),
      ).toEqual([...Object.keys(SAMPLE_WEB_FILES), ...DOCS_ASSET_KEYS, "config.json"].sort());
      for (const object of objects()) expect(object.inputs.bucket, object.inputs.key).toBe(BUCKET);
    });

    it("uploads each file from the build directory, with its type; hashed assets cached for a year, the rest revalidated", async () => {
      const expected: Record<string, [string, string]> = {
        "index.html": ["text/html; charset=utf-8", "no-cache"],
        "favicon.svg": ["image/svg+xml", "no-cache"],
        "assets/index-B4x9Qe1z.js": ["text/javascript; charset=utf-8", "public, max-age=31536000, immutable"],
        "assets/index-Cq2Lm8Rt.css": ["text/css; charset=utf-8", "public, max-age=31536000, immutable"],
      };
      for (const [key, [contentType, cacheControl]] of Object.entries(expected)) {
        const object = objectAt(key);
        expect(object.inputs, key).toMatchObject({ contentType, cacheControl });
        expect(object.inputs.source).toBeInstanceOf(pulumi.asset.FileAsset);
        expect(await (object.inputs.source as pulumi.asset.FileAsset).path).toBe(`${sampleWebBuildDir()}/${key}`);
      }
    });

    it("uploads the API docs' assets from the installed swagger-ui-dist, and the start-up script, revalidated", async () => {
      const expected: Record<string, string> = {
        "docs/assets/swagger-ui.css": "text/css; charset=utf-8",
        "docs/assets/swagger-ui-bundle.js": "text/javascript; charset=utf-8",
        "docs/assets/swagger-ui-bundle.js.LICENSE.txt": "text/plain; charset=utf-8",
        "docs/assets/docs.js": "text/javascript; charset=utf-8",
      };
      for (const [key, contentType] of Object.entries(expected))
        expect(objectAt(key).inputs, key).toMatchObject({ contentType, cacheControl: "no-cache" });
      const bundle = objectAt("docs/assets/swagger-ui-bundle.js").inputs.source as pulumi.asset.FileAsset;
      expect(bundle).toBeInstanceOf(pulumi.asset.FileAsset);
      expect(await bundle.path).toMatch(/\/node_modules\/swagger-ui-dist\/swagger-ui-bundle\.js$/);
      expect(objectAt("docs/assets/docs.js").inputs.content).toContain("SwaggerUIBundle(");
    });

    it("serves /docs from the API and everything its page loads from this bucket, at the same origin", () => {
      const page = "https://site.test/docs";
      const patterns = apiBehaviours.map((behaviour) => behaviour.pathPattern as string);
      expect(patterns.filter((pattern) => matchesPathPattern(pattern, "/docs"))).toEqual(["/docs"]);
      const code = deployment.named("aws:cloudfront/function:Function", "web-spa-fallback").inputs.code as string;
      const loaded = [...INTERACTIVE_DOCS_PAGE.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"/g)]
        .map((match) => new URL(match[1]!, page))
        .filter((url) => url.protocol !== "data:");
      expect(loaded.length).toBe(3);
      for (const url of loaded) {
        expect(url.origin, url.href).toBe("https://site.test");
        // The default behaviour (no API pattern matches), the path left as it is, an uploaded object.
        expect(
          patterns.filter((pattern) => matchesPathPattern(pattern, url.pathname)),
          url.pathname,
        ).toEqual([]);
        expect(runViewerRequest(code, url.pathname)).toBe(url.pathname);
        expect(objectAt(url.pathname.slice(1)).inputs.bucket).toBe(BUCKET);
      }
      // The document the page reads goes to the API.
      expect(patterns.some((pattern) => matchesPathPattern(pattern, new URL("openapi.json", page).pathname))).toBe(
        true,
      );
    });

    it("writes config.json from the stack: the region, the staff pool's app client, Cognito's endpoint, the API at the same origin and the live channel", () => {
      const config = objectAt("config.json");
      expect(config.inputs).toMatchObject({ contentType: "application/json", cacheControl: "no-cache" });
      expect(JSON.parse(config.inputs.content as string)).toEqual({
        region: STACK_REGION,
        userPoolClientId: STAFF_CLIENT_ID,
        cognitoEndpoint: `https://cognito-idp.${STACK_REGION}.amazonaws.com/`,
        apiBase: "",
        live: { url: `wss://${LIVE_REALTIME_HOST}/event/realtime`, host: LIVE_HTTP_HOST, channel: "/monitor/figures" },
      });
    });
  });

  it("lets the app's user-pool client (the staff pool's) sign in with a password and renew with rotating refresh tokens, without a secret, tokens lasting 15 minutes", () => {
    const client = deployment.named("aws:cognito/userPoolClient:UserPoolClient", "staff-client");
    expect(client.inputs.explicitAuthFlows).toEqual(expect.arrayContaining(["ALLOW_USER_PASSWORD_AUTH"]));
    // The app renews with GetTokensFromRefreshToken, which a rotating client answers with a replacement it stores.
    expect(client.inputs.refreshTokenRotation).toMatchObject({ feature: "ENABLED" });
    expect(client.inputs.generateSecret).toBe(false);
    expect(client.inputs).toMatchObject({ accessTokenValidity: 15, tokenValidityUnits: { accessToken: "minutes" } });
  });
});
