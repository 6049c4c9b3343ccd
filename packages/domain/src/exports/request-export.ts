import * as z from "zod";
import { businessDaySchema, checkDayRange } from "../day-range.js";
import { invalid, type InvalidInput } from "../errors.js";
import type { Clock } from "../ports.js";
import { err, ok, type Result } from "../result.js";
import { issuesFromZod } from "../validation-issues.js";
import { EXPORT_FORMATS, EXPORT_KEEP_MS, type ExportJob } from "./export-job.js";
import type { ExportDispatcher, ExportJobStore } from "./export-ports.js";

/** Most days one export covers: a year, leap day included. */
export const EXPORT_MAX_DAYS = 366;

/** The rules of an export request (the body of POST /exports). */
const exportRequestSchema = () =>
  z
    .object({
      from: businessDaySchema("from"),
      to: businessDaySchema("to"),
      format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}` }),
    })
    .strict()
    .superRefine((range, context) => checkDayRange(range, EXPORT_MAX_DAYS, context));

const RequestSchema = exportRequestSchema();

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export interface ExportRequestInput {
  readonly from: string;
  readonly to: string;
  readonly format: string;
}

/**
 * A supervisor asks for an export: the request is checked (business days, at most EXPORT_MAX_DAYS, a known
 * format), stored as a pending job and handed to the dispatcher, which starts the worker off the request path.
 * A job the dispatcher could not start is recorded as failed before the error goes up (nothing is left pending
 * for ever).
 */
export class RequestExport {
  constructor(
    private readonly deps: {
      readonly jobs: ExportJobStore;
      readonly dispatcher: ExportDispatcher;
      readonly clock: Clock;
      /** Default: a random UUID (Web Crypto). */
      readonly newId?: () => string;
    },
  ) {}

  async execute(input: unknown, requestedBy: string): Promise<Result<ExportJob, InvalidInput>> {
    const parsed = RequestSchema.safeParse(input);
    if (!parsed.success) return err(invalid(issuesFromZod(parsed.error)));
    const now = this.deps.clock.now();
    const job = await this.deps.jobs.create({
      id: this.deps.newId?.() ?? crypto.randomUUID(),
      requestedBy,
      ...parsed.data,
      requestedAt: new Date(now).toISOString(),
      keepUntil: new Date(now + EXPORT_KEEP_MS).toISOString(),
    });
    try {
      await this.deps.dispatcher.dispatch(job);
    } catch (error) {
      await this.deps.jobs.fail(job.id, { reason: "the export could not be started", at: new Date().toISOString() });
      throw error;
    }
    return ok(job);
  }
}
