import { ORDER_REVISION_LIMITS } from "@cargo-express/domain";
import * as z from "zod";
import { OrderPayloadSchema } from "./order-payload.js";
import { OrderResponseSchema } from "./schemas.js";

/*
 * Voids and corrections: what supervisors send (a reason, and for a correction the order as couriers send it) and
 * an order with its history, as GET /orders/{id} and both changes answer. Documentation only on the way in: bodies
 * are judged by the domain's rules (`VoidOrder`, `CorrectOrder`, and for the order `PlaceOrder.check`).
 */

const { minReasonLength, maxReasonLength } = ORDER_REVISION_LIMITS;

const reason = z
  .string()
  .min(minReasonLength)
  .max(maxReasonLength)
  .meta({
    description: `Why (kept in the order's history): ${minReasonLength}-${maxReasonLength} characters after NFC normalisation and trimming, with the text rules of a name (no control characters, invisible format characters or unpaired surrogates)`,
    example: "Pedido de prueba enviado por error",
  });

export const VoidRequestSchema = z
  .object({ reason })
  .meta({ id: "VoidRequest", description: "Why the order is voided" });

export const CorrectionRequestSchema = z
  .object({
    reason,
    order: OrderPayloadSchema.meta({
      description:
        "The order's new content exactly as couriers' clients send it, with the same pedido_id as the path; it passes every rule of a new order",
    }),
  })
  .meta({ id: "CorrectionRequest", description: "Why and how the order is corrected" });

export const OrderHistoryEntrySchema = z
  .object({
    revision: z.number().int().min(1).meta({ description: "The revision this change made" }),
    action: z.enum(["created", "corrected", "voided"]),
    at: z.string().meta({ description: "When (ISO 8601 UTC)", example: "2026-12-06T15:00:00.000Z" }),
    by: z.string().meta({
      description:
        'Who: the signed-in username (for orders stored before orders kept a history, the created entry says "courier <id>")',
      example: "supervisor",
    }),
    reason: z.string().optional().meta({ description: "Why; absent on the created entry" }),
  })
  .meta({ id: "OrderHistoryEntry", description: "One change of an order" });

export const OrderRecordResponseSchema = OrderResponseSchema.extend({
  history: z.array(OrderHistoryEntrySchema).meta({ description: "Every change, oldest first (created first)" }),
}).meta({
  id: "OrderRecord",
  description: "An order's current revision with its status and history (its ETag header names the revision)",
});

export type OrderRecordResponse = z.output<typeof OrderRecordResponseSchema>;
