import { EXPORT_FORMATS, EXPORT_MAX_DAYS, EXPORT_STATUSES } from "@cargo-express/domain";
import * as z from "zod";

/** POST /exports's body: business days (inclusive) and the file's format. */
export const ExportRequestInputSchema = z
  .object({
    from: z.string().meta({ description: "First business day, YYYY-MM-DD", example: "2026-11-01" }),
    to: z.string().meta({
      description: `Last business day, YYYY-MM-DD (inclusive; at most ${EXPORT_MAX_DAYS} days from from)`,
      example: "2026-11-30",
    }),
    format: z.enum(EXPORT_FORMATS).meta({
      description:
        "csv: RFC 4180, UTF-8 with a BOM, CRLF, `.` decimals; xlsx: an Excel workbook with numbers and a money format",
    }),
  })
  .meta({
    id: "ExportRequest",
    description: "The orders of a range of business days as a file, one row per order line",
  });

const id = z.uuid().meta({ description: "The export's id", example: "0f8a3c1e-5b7d-4e2a-9c6b-1d2e3f4a5b6c" });
const status = z.enum(EXPORT_STATUSES).meta({
  description:
    "pending: asked, not started; running: being written; ready: url downloads it; failed: ask again (it was not written)",
});

/** POST /exports's answer (202). */
export const ExportAcceptedResponseSchema = z
  .object({ id, status })
  .meta({ id: "ExportAccepted", description: "The export was asked for; follow it at GET /exports/{id}" });

/** GET /exports/{id}'s answer. */
export const ExportStatusResponseSchema = z
  .object({
    id,
    status,
    rows: z
      .number()
      .int()
      .min(0)
      .nullable()
      .meta({ description: "Rows in the file (one per order line, after the header) once ready; else null" }),
    url: z.string().nullable().meta({
      description:
        "Once ready: a short-lived link that downloads the file without a bearer token (a new one with every read); else null",
    }),
    expiresAt: z
      .string()
      .nullable()
      .meta({ description: "When url stops working (ISO 8601 UTC, at most 15 minutes ahead); null with url" }),
    from: z.string().meta({ description: "First business day of the range" }),
    to: z.string().meta({ description: "Last business day of the range" }),
    format: z.enum(EXPORT_FORMATS),
  })
  .meta({ id: "ExportStatus", description: "An export and, once ready, its download link" });

export type ExportAcceptedResponse = z.output<typeof ExportAcceptedResponseSchema>;
export type ExportStatusResponse = z.output<typeof ExportStatusResponseSchema>;
