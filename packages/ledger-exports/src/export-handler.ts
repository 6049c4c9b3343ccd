import type { Logger } from "@aws-lambda-powertools/logger";
import type { BuildExport } from "@cargo-express/domain";
import * as z from "zod";
import { emitFailedExport } from "./failed-export-metric.js";

/** The part of Lambda's context the handler reads. */
export interface ExportInvocationContext {
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** What the export function is invoked with (LambdaExportDispatcher sends it; the local worker too). */
const EventSchema = z.object({ exportId: z.uuid() }).strict();

/** Time kept back from the function's limit to store the file and record the job after the last page. */
const FINISHING_MARGIN_MS = 60_000;

export type ExportHandler = (event: unknown, context: ExportInvocationContext) => Promise<void>;

/**
 * The export function's handler: builds one job (BuildExport), logging its outcome (ids and counts only, no
 * personal data) and writing a failed one to the alarm's metric. It never throws for a job that failed: the job
 * records it, and Lambda's retry would only find the job finished. An event that is not a job's id is logged and
 * counted as a failure, then dropped.
 */
export function createExportHandler(deps: {
  readonly buildExport: BuildExport;
  readonly logger: Logger;
  readonly functionName?: string;
  /** Where the metric's line goes (tests); default stdout. */
  readonly writeMetric?: (line: string) => void;
}): ExportHandler {
  const metric = () =>
    emitFailedExport({
      ...(deps.functionName === undefined ? {} : { functionName: deps.functionName }),
      ...(deps.writeMetric === undefined ? {} : { write: deps.writeMetric }),
    });
  return async (event, context) => {
    const parsed = EventSchema.safeParse(event);
    if (!parsed.success) {
      deps.logger.error("export event refused: not { exportId: <uuid> }", { requestId: context.awsRequestId });
      metric();
      return;
    }
    const { exportId } = parsed.data;
    const started = Date.now();
    const outcome = await deps.buildExport.execute(exportId, {
      deadlineMs: started + context.getRemainingTimeInMillis() - FINISHING_MARGIN_MS,
    });
    const ms = Date.now() - started;
    if (outcome.status === "ready")
      deps.logger.info("export ready", { exportId, rows: outcome.rows, orders: outcome.orders, ms });
    else if (outcome.status === "skipped") deps.logger.warn("export skipped: not pending", { exportId });
    else {
      deps.logger.error("export failed", {
        exportId,
        reason: outcome.reason,
        ms,
        error: outcome.cause instanceof Error ? outcome.cause.name : undefined,
      });
      metric();
    }
  };
}
