import type { NotFound } from "../errors.js";
import type { Clock } from "../ports.js";
import { err, ok, type Result } from "../result.js";
import type { ExportJob } from "./export-job.js";
import type { ExportJobStore, ExportLink, ExportLinks } from "./export-ports.js";

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export interface ExportView {
  readonly job: ExportJob;
  /** A fresh download link, when the job is ready. */
  readonly link?: ExportLink;
}

/**
 * A supervisor follows their export: the job, and once it is ready a fresh short-lived link to its file. Only the
 * supervisor who asked may read it; to anyone else, and after the job's keepUntil (its file is gone), it does not
 * exist (not found, never "forbidden": a job's existence is not confirmed to others).
 */
export class GetExport {
  constructor(
    private readonly deps: { readonly jobs: ExportJobStore; readonly links: ExportLinks; readonly clock: Clock },
  ) {}

  async execute(id: string, requester: string): Promise<Result<ExportView, NotFound>> {
    const missing = err({ kind: "not-found" as const, what: "export", id });
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return missing;
    const job = await this.deps.jobs.get(id);
    if (job === undefined || job.requestedBy !== requester) return missing;
    if (Date.parse(job.keepUntil) <= this.deps.clock.now()) return missing;
    if (job.status !== "ready" || job.objectKey === undefined) return ok({ job });
    return ok({ job, link: await this.deps.links.linkFor({ ...job, objectKey: job.objectKey }) });
  }
}
