import type { ExportJob, ExportJobStore, ExportRequest } from "@cargo-express/domain";

/**
 * Export jobs in a Map. Each step reads and writes in one synchronous stretch (no await between them), the
 * in-memory form of the DynamoDB adapter's conditional writes: two claims of one job cannot both see it pending.
 */
export class InMemoryExportJobStore implements ExportJobStore {
  private readonly jobs = new Map<string, ExportJob>();

  async create(request: ExportRequest): Promise<ExportJob> {
    if (this.jobs.has(request.id)) throw new Error(`an export job with id ${request.id} exists`);
    const job: ExportJob = { ...structuredClone(request), status: "pending" };
    this.jobs.set(job.id, job);
    return structuredClone(job);
  }

  async get(id: string): Promise<ExportJob | undefined> {
    const job = this.jobs.get(id);
    return job === undefined ? undefined : structuredClone(job);
  }

  async claim(id: string, at: string): Promise<ExportJob | undefined> {
    const job = this.jobs.get(id);
    if (job?.status !== "pending") return undefined;
    const running: ExportJob = { ...job, status: "running", startedAt: at };
    this.jobs.set(id, running);
    return structuredClone(running);
  }

  async complete(id: string, result: { rows: number; objectKey: string; at: string }): Promise<boolean> {
    const job = this.jobs.get(id);
    if (job?.status !== "running") return false;
    this.jobs.set(id, {
      ...job,
      status: "ready",
      rows: result.rows,
      objectKey: result.objectKey,
      finishedAt: result.at,
    });
    return true;
  }

  async fail(id: string, failure: { reason: string; at: string }): Promise<boolean> {
    const job = this.jobs.get(id);
    if (job?.status !== "pending" && job?.status !== "running") return false;
    this.jobs.set(id, { ...job, status: "failed", failure: failure.reason, finishedAt: failure.at });
    return true;
  }
}
