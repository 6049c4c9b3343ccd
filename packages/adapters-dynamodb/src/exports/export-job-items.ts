import { EXPORT_FORMATS, EXPORT_STATUSES, type ExportJob, type ExportRequest } from "@cargo-express/domain";
import * as z from "zod";

/** DynamoDB deletes expired items lazily (within a day or two): the item outlives its job's keepUntil by a day. */
const TTL_MARGIN_SECONDS = 86_400;

const ItemSchema = z.object({
  export_id: z.string(),
  requested_by: z.string(),
  from_day: z.string(),
  to_day: z.string(),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(EXPORT_STATUSES),
  requested_at: z.string(),
  keep_until: z.string(),
  started_at: z.string().optional(),
  finished_at: z.string().optional(),
  rows: z.number().int().min(0).optional(),
  object_key: z.string().optional(),
  failure: z.string().optional(),
});

/** The item of a new (pending) job. */
export const requestToItem = (request: ExportRequest): Record<string, unknown> => ({
  export_id: request.id,
  requested_by: request.requestedBy,
  from_day: request.from,
  to_day: request.to,
  format: request.format,
  status: "pending",
  requested_at: request.requestedAt,
  keep_until: request.keepUntil,
  expires_at: Math.ceil(Date.parse(request.keepUntil) / 1000) + TTL_MARGIN_SECONDS,
});

/** A stored item as the domain's job; an item this code cannot read is an error naming the job. */
export function jobFromItem(item: Record<string, unknown>): ExportJob {
  const parsed = ItemSchema.safeParse(item);
  if (!parsed.success) throw new Error(`export job ${String(item.export_id)} is not readable: ${parsed.error.message}`);
  const i = parsed.data;
  return {
    id: i.export_id,
    requestedBy: i.requested_by,
    from: i.from_day,
    to: i.to_day,
    format: i.format,
    requestedAt: i.requested_at,
    keepUntil: i.keep_until,
    status: i.status,
    ...(i.started_at === undefined ? {} : { startedAt: i.started_at }),
    ...(i.finished_at === undefined ? {} : { finishedAt: i.finished_at }),
    ...(i.rows === undefined ? {} : { rows: i.rows }),
    ...(i.object_key === undefined ? {} : { objectKey: i.object_key }),
    ...(i.failure === undefined ? {} : { failure: i.failure }),
  };
}
