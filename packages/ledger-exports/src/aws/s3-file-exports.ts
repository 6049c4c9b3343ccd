import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import {
  EXPORT_MEDIA_TYPES,
  type ExportFile,
  type ExportFileWriter,
  type ExportJob,
  exportFileName,
} from "@cargo-express/domain";
import { LocalFileExports } from "../files/local-file-exports.js";

export interface S3FileExportsOptions {
  readonly client: S3Client;
  /** The private exports bucket. */
  readonly bucket: string;
  /** Where files are written before the upload (the function's /tmp, its ephemeral storage). */
  readonly scratchDirectory: string;
}

/**
 * Export files in S3: each is written to the function's scratch disk (memory holds a page of rows, the disk the
 * file) and uploaded when complete by one PutObject streaming the file (its length known, so no buffering and no
 * multipart bookkeeping; a PutObject takes up to 5 GB, far beyond a year of orders), with the download's name and
 * type. The bucket's default encryption and lifecycle rule (a day) apply.
 */
export class S3FileExports implements ExportFileWriter {
  private readonly scratch: LocalFileExports;

  constructor(private readonly options: S3FileExportsOptions) {
    this.scratch = new LocalFileExports(options.scratchDirectory);
  }

  async open(job: ExportJob): Promise<ExportFile> {
    const file = await this.scratch.open(job);
    return {
      append: (rows) => file.append(rows),
      finish: async () => {
        const { objectKey } = await file.finish();
        try {
          const { size } = await stat(file.path);
          await this.options.client.send(
            new PutObjectCommand({
              Bucket: this.options.bucket,
              Key: objectKey,
              Body: createReadStream(file.path),
              ContentLength: size,
              ContentType: EXPORT_MEDIA_TYPES[job.format],
              ContentDisposition: `attachment; filename="${exportFileName(job)}"`,
            }),
          );
          return { objectKey };
        } finally {
          await rm(file.path, { force: true });
        }
      },
      abort: () => file.abort(),
    };
  }
}
