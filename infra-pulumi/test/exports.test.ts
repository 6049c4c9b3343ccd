import { beforeAll, describe, expect, it } from "vitest";
import { BUCKET_SUFFIX, deployUnderMocks, type MockedDeployment } from "./support/mocked-deployment.js";

const BUCKET = `cargo-express-dev-exports-${BUCKET_SUFFIX}`;

describe("the exports' bucket", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks();
  });
  const bucketResource = (type: string, name: string) => deployment.named(`aws:s3/${type}`, name).inputs;

  it("is private: every public access blocked, no ACL, no website, no CORS", () => {
    expect(deployment.named("aws:s3/bucket:Bucket", "export-files").inputs).toMatchObject({
      bucketPrefix: "cargo-express-dev-exports-",
    });
    expect(bucketResource("bucketPublicAccessBlock:BucketPublicAccessBlock", "export-files-no-public-access")).toEqual({
      bucket: BUCKET,
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    expect(deployment.ofType("aws:s3/bucketAcl:BucketAcl")).toEqual([]);
    expect(deployment.ofType("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).toEqual([]);
  });

  it("refuses every request without TLS, and grants nothing to anyone (the functions' roles do)", () => {
    const policy = JSON.parse(bucketResource("bucketPolicy:BucketPolicy", "export-files-policy").policy as string);
    expect(policy.Statement).toEqual([
      {
        Sid: "TlsOnly",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("encrypts every file at rest with S3-managed keys (a presigned download needs no KMS grant)", () => {
    expect(
      bucketResource(
        "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "export-files-encryption",
      ),
    ).toEqual({
      bucket: BUCKET,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    });
  });

  it("deletes export files a day after they are written", () => {
    expect(
      bucketResource("bucketLifecycleConfiguration:BucketLifecycleConfiguration", "export-files-lifecycle"),
    ).toEqual({
      bucket: BUCKET,
      rules: [
        {
          id: "delete-exports-after-a-day",
          status: "Enabled",
          filter: { prefix: "exports/" },
          expiration: { days: 1 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        },
      ],
    });
  });
});
