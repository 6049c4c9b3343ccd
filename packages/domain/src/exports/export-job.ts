/**
 * An export of the ledger: a supervisor asks for the orders of a range of business days as a file; a worker off
 * the request path builds it; the supervisor downloads it from a short-lived link. The job records each step.
 */

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_STATUSES = ["pending", "running", "ready", "failed"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** What a supervisor asked for, as stored when the job is created. */
export interface ExportRequest {
  /** A random UUID: unguessable, so a job's id alone reveals nothing. */
  readonly id: string;
  /** The Cognito subject of the supervisor who asked: the only one who may read the job. */
  readonly requestedBy: string;
  /** Business days, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly format: ExportFormat;
  /** ISO 8601 UTC. */
  readonly requestedAt: string;
  /** ISO 8601 UTC: after it the job and its file are gone (the file store deletes exports after a day). */
  readonly keepUntil: string;
}

/** A job as stored: the request, then what the worker recorded. */
export interface ExportJob extends ExportRequest {
  readonly status: ExportStatus;
  /** When a worker claimed it. */
  readonly startedAt?: string;
  /** When it became ready or failed. */
  readonly finishedAt?: string;
  /** Rows written (one per order line), once ready. */
  readonly rows?: number;
  /** Where the file is in the file store (`exports/<id>/pedidos_<from>_<to>.csv`), once ready. */
  readonly objectKey?: string;
  /** Why it failed (no personal data), once failed. */
  readonly failure?: string;
}

/** How long a job and its file are kept after the request. */
export const EXPORT_KEEP_MS = 24 * 3_600_000;

/** The file's name as the supervisor's browser saves it: `pedidos_2024-09-01_2024-09-30.xlsx`. */
export const exportFileName = (job: Pick<ExportRequest, "from" | "to" | "format">): string =>
  `pedidos_${job.from}_${job.to}.${job.format}`;

/** Where a job's file is kept in the file store. */
export const exportObjectKey = (job: Pick<ExportRequest, "id" | "from" | "to" | "format">): string =>
  `exports/${job.id}/${exportFileName(job)}`;

export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: "text/csv; charset=utf-8; header=present",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
