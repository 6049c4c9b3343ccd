import { randomUUID } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "@aws-lambda-powertools/logger";
import { type BuildExport, EXPORT_KEEP_MS, type ExportDispatcher, type ExportJob } from "@cargo-express/domain";
import { createExportHandler, type ExportHandler } from "@cargo-express/ledger-exports";

/** What Lambda gives the export function at most: the local worker's handler gets the same time. */
const FUNCTION_TIMEOUT_MS = 15 * 60_000;

/**
 * THE LOCAL STAND-IN for the export function and its asynchronous invocation (on AWS: the API invokes the export
 * Lambda with InvocationType "Event", infra-pulumi/src/exports.ts). Part of the local stack only, which is never
 * deployed. `dispatch` queues the job's event and answers at once, as Lambda's event queue does; the worker runs the
 * export function's own handler (ledger-exports' createExportHandler, over the stack's ledger and its data folder)
 * on each event in turn, off the request path, with the context a Lambda invocation has. Files older than a day are
 * deleted at start and after each job, as the bucket's lifecycle rule deletes them on AWS.
 */
export class LocalExportWorker implements ExportDispatcher {
  private readonly queue: string[] = [];
  private running: Promise<void> | undefined;
  private readonly handler: ExportHandler;
  private stopped = false;

  constructor(
    private readonly options: {
      readonly buildExport: BuildExport;
      readonly logger: Logger;
      /** The stack's export files folder: `<folder>/exports/<id>/...`. */
      readonly folder: string;
    },
  ) {
    // The metric line the export function writes for the alarm goes to the log here: no CloudWatch locally.
    this.handler = createExportHandler({
      buildExport: options.buildExport,
      logger: options.logger,
      writeMetric: () => options.logger.warn("an export failed (on AWS this adds to the FailedExports alarm's metric)"),
    });
  }

  async dispatch(job: ExportJob): Promise<void> {
    if (this.stopped) throw new Error("the local export worker is stopped");
    this.queue.push(job.id);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Deletes the files of exports asked for more than a day ago (the bucket's lifecycle rule, locally). */
  async sweep(now = Date.now()): Promise<void> {
    const root = join(this.options.folder, "exports");
    const entries = await readdir(root).catch(() => [] as string[]);
    for (const entry of entries) {
      const path = join(root, entry);
      const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: now }));
      if (now - mtimeMs > EXPORT_KEEP_MS) await rm(path, { recursive: true, force: true });
    }
  }

  /** Takes no new job and waits for the one running (its queue is dropped: those jobs stay pending, then expire). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.splice(0);
    await this.running;
  }

  private async drain(): Promise<void> {
    // One tick later, as an asynchronous invocation starts after the API has answered.
    await new Promise((resolve) => setImmediate(resolve));
    for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
      const deadline = Date.now() + FUNCTION_TIMEOUT_MS;
      try {
        await this.handler(
          { exportId: id },
          { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => deadline - Date.now() },
        );
      } catch (error) {
        this.options.logger.error("the local export worker's handler threw", { exportId: id, error: String(error) });
      }
      await this.sweep().catch(() => undefined);
    }
  }
}
