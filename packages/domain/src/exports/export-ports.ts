import type { ExportJob, ExportRequest } from "./export-job.js";
import type { ExportRow } from "./export-rows.js";

/**
 * The export jobs. Every step is one conditional write on the job's status, so two workers given the same job
 * (a redelivered event) never both build it, and a finished job never goes back.
 */
export interface ExportJobStore {
  /** Stores a new job as "pending"; an id already used is an error (ids are random UUIDs). */
  create(request: ExportRequest): Promise<ExportJob>;
  get(id: string): Promise<ExportJob | undefined>;
  /** "pending" -> "running"; undefined (nothing written) when the job is unknown or not pending. */
  claim(id: string, at: string): Promise<ExportJob | undefined>;
  /** "running" -> "ready" with its rows and file; false (nothing written) when the job is not running. */
  complete(
    id: string,
    result: { readonly rows: number; readonly objectKey: string; readonly at: string },
  ): Promise<boolean>;
  /** "pending" or "running" -> "failed" with the reason; false (nothing written) when it already finished. */
  fail(id: string, failure: { readonly reason: string; readonly at: string }): Promise<boolean>;
}

/** Starts building a job off the request path (an asynchronous invocation, a queue, a local worker). */
export interface ExportDispatcher {
  dispatch(job: ExportJob): Promise<void>;
}

/** A short-lived link that downloads a ready job's file without a bearer token. */
export interface ExportLink {
  readonly url: string;
  /** ISO 8601 UTC. */
  readonly expiresAt: string;
}

export interface ExportLinks {
  /** A fresh link to the job's file (its `objectKey`), valid for a short while. */
  linkFor(job: ExportJob & { readonly objectKey: string }): Promise<ExportLink>;
}

/** A file being written, rows appended in order; only `finish` makes it downloadable. */
export interface ExportFile {
  append(rows: readonly ExportRow[]): Promise<void>;
  /** Completes the file and stores it; answers where (`ExportJob.objectKey`). */
  finish(): Promise<{ readonly objectKey: string }>;
  /** Drops what was written (after a failure). */
  abort(): Promise<void>;
}

/** Opens the file of a job in its format (CSV, XLSX). */
export interface ExportFileWriter {
  open(job: ExportJob): Promise<ExportFile>;
}
