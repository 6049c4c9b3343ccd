/**
 * The supervisors' web app at one HTTPS origin with the HTTP API, as one component (`cargo-express:web:Site`):
 * the private bucket and its files (bucket.ts), the distribution with its headers and SPA fallback
 * (distribution.ts), and the per-client limits of the web ACL (waf.ts). docs/deploy.md ("The supervisors' web app")
 * says why this design and what it costs.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WebRuntimeConfig } from "@cargo-express/monitor-web/serving";
import type { WebFile } from "../web-files.js";
import { createBucketPolicy, createFilesBucket, uploadFiles } from "./bucket.js";
import { cognitoOrigin, createEdge } from "./distribution.js";
import { createWebAcl } from "./waf.js";

export interface WebSiteArgs {
  readonly stage: string;
  readonly region: string;
  readonly files: readonly WebFile[];
  /** The app client the web app signs in with (written to config.json). */
  readonly userPoolClientId: pulumi.Input<string>;
  /** The HTTP API's base URL: its custom domain's, or `https://<id>.execute-api.<region>.amazonaws.com`; no path. */
  readonly apiUrl: pulumi.Input<string>;
  /** The web app's company address and its ACM certificate in us-east-1, if any. */
  readonly domain: { readonly name: string; readonly certificateArn: string } | undefined;
  /** The live channel (AppSync Events) the app subscribes to, written to config.json. */
  readonly live?: pulumi.Input<{ url: string; host: string; channel: string }>;
}

export class WebSite extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly originAccessControl: aws.cloudfront.OriginAccessControl;
  readonly headers: {
    readonly app: aws.cloudfront.ResponseHeadersPolicy;
    readonly docs: aws.cloudfront.ResponseHeadersPolicy;
  };
  readonly spaFallback: aws.cloudfront.Function;
  readonly distribution: aws.cloudfront.Distribution;
  /** The per-client limits in front of the distribution (in us-east-1). */
  readonly webAcl: aws.wafv2.WebAcl;
  readonly bucketPolicy: aws.s3.BucketPolicy;
  /** One object per built file and per API docs asset (docs/assets/...), keyed by object key, plus config.json. */
  readonly objects: Readonly<Record<string, aws.s3.BucketObjectv2>>;
  /** `https://<company domain>` when set, else `https://<distribution>.cloudfront.net`; no trailing slash. */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: WebSiteArgs, opts: pulumi.ComponentResourceOptions) {
    super("cargo-express:web:Site", name, {}, opts);
    // Until this component existed its resources were children of the system itself: the alias keeps their
    // identity, so a stack deployed before is updated in place, not replaced (a new bucket and distribution).
    const childOpts: pulumi.CustomResourceOptions = { parent: this, aliases: [{ parent: opts.parent }] };
    const physical = `cargo-express-${args.stage}`;

    const files = createFilesBucket(physical, childOpts);
    const { webAcl } = createWebAcl({ name: physical, stage: args.stage }, childOpts);
    const edge = createEdge(
      { name: physical, region: args.region, files, apiUrl: args.apiUrl, webAclArn: webAcl.arn, domain: args.domain },
      childOpts,
    );
    const runtimeConfig: pulumi.Output<WebRuntimeConfig> = pulumi
      .all([args.userPoolClientId, args.live])
      .apply(([userPoolClientId, live]) => ({
        region: args.region,
        userPoolClientId,
        cognitoEndpoint: `${cognitoOrigin(args.region)}/`,
        apiBase: "",
        ...(live === undefined ? {} : { live }),
      }));

    this.bucket = files.bucket;
    this.publicAccessBlock = files.publicAccessBlock;
    this.originAccessControl = files.originAccessControl;
    this.headers = edge.headers;
    this.spaFallback = edge.spaFallback;
    this.distribution = edge.distribution;
    this.webAcl = webAcl;
    this.bucketPolicy = createBucketPolicy(files, edge.distribution, childOpts);
    this.objects = uploadFiles(files.bucket, args.files, runtimeConfig, childOpts);
    this.url =
      args.domain === undefined
        ? pulumi.interpolate`https://${edge.distribution.domainName}`
        : pulumi.output(`https://${args.domain.name}`);
    this.registerOutputs({ url: this.url, distributionId: edge.distribution.id });
  }
}
