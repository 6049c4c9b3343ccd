/**
 * The web app's private bucket: every public access blocked, read only by the distribution (origin access control,
 * on condition of its ARN), TLS only; one object per built file and per API docs asset, and `config.json` written
 * from the stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { WebRuntimeConfig } from "@cargo-express/monitor-web/serving";
import { createPrivateBucket, createPrivateBucketPolicy, type PrivateBucket } from "../private-bucket.js";
import { CACHE_CONTROL, RUNTIME_CONFIG_KEY, type WebFile, withDocsAssets } from "../web-files.js";

export interface FilesBucket extends PrivateBucket {
  readonly originAccessControl: aws.cloudfront.OriginAccessControl;
}

export function createFilesBucket(name: string, opts: pulumi.CustomResourceOptions): FilesBucket {
  const { bucket, publicAccessBlock } = createPrivateBucket(
    "web-files",
    {
      // Bucket names are global across AWS accounts: the prefix says whose it is, S3 adds a unique suffix.
      bucketPrefix: `${name}-`,
      // It holds only build output that `npm run build` recreates, so `pulumi destroy` may empty it.
      forceDestroy: true,
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

  return { bucket, publicAccessBlock, originAccessControl };
}

/** Only this distribution reads the files; nothing reaches the bucket without TLS. */
export function createBucketPolicy(
  files: FilesBucket,
  distribution: aws.cloudfront.Distribution,
  opts: pulumi.CustomResourceOptions,
): aws.s3.BucketPolicy {
  const grant = {
    Sid: "ThisDistributionReadsTheFiles",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: pulumi.interpolate`${files.bucket.arn}/*`,
    Condition: { StringEquals: { "AWS:SourceArn": distribution.arn } },
  };
  return createPrivateBucketPolicy("web-files", files, [grant], opts);
}

/** One object per built file and per API docs asset (docs/assets/...), keyed by object key, plus config.json. */
export function uploadFiles(
  bucket: aws.s3.Bucket,
  files: readonly WebFile[],
  runtimeConfig: pulumi.Output<WebRuntimeConfig>,
  opts: pulumi.CustomResourceOptions,
): Record<string, aws.s3.BucketObjectv2> {
  const objects: Record<string, aws.s3.BucketObjectv2> = {};
  for (const file of withDocsAssets(files)) {
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
  return objects;
}
