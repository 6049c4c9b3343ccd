import { nextDay } from "../day-range.js";
import { dayStartInstant, type LedgerPosition } from "../ledger.js";
import type { Clock, LedgerPage, OrderLedger } from "../ports.js";
import type { ExportFile, ExportFileWriter, ExportJobStore } from "./export-ports.js";
import { exportRowsOf, exportStateOf } from "./export-rows.js";

/**
 * Orders read per ledger page: the rows of two pages (the one being written, the next being read) are all the
 * worker holds at a time. A thousand orders stay under DynamoDB's 1 MB per Query.
 */
const EXPORT_PAGE_SIZE = 1000;

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export type BuildExportOutcome =
  | { readonly status: "ready"; readonly rows: number; readonly orders: number; readonly objectKey: string }
  | { readonly status: "failed"; readonly reason: string; readonly cause?: unknown }
  /** The job was unknown, or not pending (another worker has it, or it finished): nothing done. */
  | { readonly status: "skipped" };

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export interface BuildExportOptions {
  /** Epoch ms the worker must be done by (its platform stops it then): past it the job fails, saying why. */
  readonly deadlineMs?: number;
  /** Orders per ledger page; default EXPORT_PAGE_SIZE. */
  readonly pageSize?: number;
}

/**
 * The worker's side of an export: claims the pending job, reads the ledger's pages of its range (newest delivery
 * first, as GET /orders lists them) and appends each page's rows to the file as it goes, reading the next page
 * while the file takes this one, so memory holds two pages whatever the range; then stores the file and records the job ready with its row count. Any failure aborts the
 * file and records the job failed (a reason without personal data); the job never stays "running".
 */
export class BuildExport {
  constructor(
    private readonly deps: {
      readonly jobs: ExportJobStore;
      readonly ledger: OrderLedger;
      readonly files: ExportFileWriter;
      readonly clock: Clock;
      readonly timeZone: string;
    },
  ) {}

  async execute(id: string, options: BuildExportOptions = {}): Promise<BuildExportOutcome> {
    const now = () => new Date(this.deps.clock.now()).toISOString();
    const job = await this.deps.jobs.claim(id, now());
    if (job === undefined) return { status: "skipped" };
    let file: ExportFile | undefined;
    let next: Promise<LedgerPage> | undefined;
    try {
      file = await this.deps.files.open(job);
      const fromInstant = dayStartInstant(job.from, this.deps.timeZone);
      const toInstant = dayStartInstant(nextDay(job.to), this.deps.timeZone);
      const read = (after: LedgerPosition | undefined) =>
        this.deps.ledger.page({
          fromInstant,
          toInstant,
          limit: options.pageSize ?? EXPORT_PAGE_SIZE,
          ...(after === undefined ? {} : { after }),
        });
      let rows = 0;
      let orders = 0;
      next = read(undefined);
      while (next !== undefined) {
        if (options.deadlineMs !== undefined && this.deps.clock.now() > options.deadlineMs)
          throw new ExportTooLongError();
        const page: LedgerPage = await next;
        // The next page is read while this one is written.
        next = page.next === undefined ? undefined : read(page.next);
        const pageRows = page.orders.flatMap((order) => {
          const state = exportStateOf(order);
          if (state === "left-out") return [];
          orders += 1;
          return exportRowsOf(order, this.deps.timeZone, state);
        });
        await file.append(pageRows);
        rows += pageRows.length;
      }
      const { objectKey } = await file.finish();
      if (!(await this.deps.jobs.complete(id, { rows, objectKey, at: now() })))
        return { status: "failed", reason: "the job was no longer running when its file was stored" };
      return { status: "ready", rows, orders, objectKey };
    } catch (error) {
      // A page still being read is not waited for; its failure, if any, is not this one's.
      next?.catch(() => undefined);
      await file?.abort().catch(() => undefined);
      const reason =
        error instanceof ExportTooLongError ? error.message : "the file could not be written; ask for the export again";
      await this.deps.jobs.fail(id, { reason, at: now() });
      return { status: "failed", reason, cause: error };
    }
  }
}

class ExportTooLongError extends Error {
  override readonly name = "ExportTooLongError";
  constructor() {
    super("the range took longer than the worker may run; ask for fewer days at a time");
  }
}
