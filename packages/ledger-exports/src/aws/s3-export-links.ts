import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Clock, ExportJob, ExportLink, ExportLinks } from "@cargo-express/domain";

/** A link lives at most this long (the API's promise: 15 minutes). */
export const MAX_LINK_SECONDS = 900;

export interface S3ExportLinksOptions {
  readonly client: S3Client;
  readonly bucket: string;
  readonly clock: Clock;
  /** Default and most MAX_LINK_SECONDS. */
  readonly seconds?: number;
}

/**
 * Download links to export files: S3 presigned GET URLs (SigV4 query signature, computed locally: no request to
 * S3), valid `seconds`. The URL carries the signer's authority, so the signing function's role needs
 * s3:GetObject on the exports; whoever holds the URL needs nothing else, no bearer token.
 */
export class S3ExportLinks implements ExportLinks {
  private readonly seconds: number;

  constructor(private readonly options: S3ExportLinksOptions) {
    this.seconds = Math.min(options.seconds ?? MAX_LINK_SECONDS, MAX_LINK_SECONDS);
  }

  async linkFor(job: ExportJob & { readonly objectKey: string }): Promise<ExportLink> {
    const signedAt = this.options.clock.now();
    const url = await getSignedUrl(
      this.options.client,
      new GetObjectCommand({ Bucket: this.options.bucket, Key: job.objectKey }),
      { expiresIn: this.seconds, signingDate: new Date(signedAt) },
    );
    return { url, expiresAt: new Date(signedAt + this.seconds * 1000).toISOString() };
  }
}
