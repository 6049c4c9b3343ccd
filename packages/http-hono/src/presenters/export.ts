import type { ExportJob, ExportView } from "@cargo-express/domain";
import type { ExportAcceptedResponse, ExportStatusResponse } from "../contract/export-schemas.js";

export const presentExportAccepted = (job: ExportJob): ExportAcceptedResponse => ({ id: job.id, status: job.status });

export function presentExportStatus(view: ExportView): ExportStatusResponse {
  const { job, link } = view;
  return {
    id: job.id,
    status: job.status,
    rows: job.status === "ready" ? (job.rows ?? 0) : null,
    url: link?.url ?? null,
    expiresAt: link?.expiresAt ?? null,
    from: job.from,
    to: job.to,
    format: job.format,
  };
}
