/**
 * What the stack's two buckets (the web app's files, the ledger's exports) share: every public access blocked, and
 * a policy that refuses any request without TLS after the bucket's own grants. One place, so a third bucket cannot
 * be made with one of the blocks forgotten. Resources are named `<name>-no-public-access` and `<name>-policy`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface PrivateBucket {
  readonly bucket: aws.s3.Bucket;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
}

/** A bucket policy statement; `pulumi.jsonStringify` resolves the ARNs inside it. */
type BucketPolicyStatement = Readonly<Record<string, unknown>>;

/** The bucket (its prefix and whether `pulumi destroy` may empty it are the caller's) and its access block. */
export function createPrivateBucket(
  name: string,
  args: Pick<aws.s3.BucketArgs, "bucketPrefix" | "forceDestroy">,
  opts: pulumi.CustomResourceOptions,
): PrivateBucket {
  const bucket = new aws.s3.Bucket(name, args, opts);
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    `${name}-no-public-access`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  return { bucket, publicAccessBlock };
}

/** The bucket's policy: the grants given (none makes it deny-only), then the refusal of every request without TLS. */
export function createPrivateBucketPolicy(
  name: string,
  { bucket, publicAccessBlock }: PrivateBucket,
  grants: readonly BucketPolicyStatement[],
  opts: pulumi.CustomResourceOptions,
): aws.s3.BucketPolicy {
  return new aws.s3.BucketPolicy(
    `${name}-policy`,
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          ...grants,
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
}
