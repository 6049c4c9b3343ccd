import * as z from "zod";
import { formatCents, MAX_UNIT_PRICE_CENTS } from "../money.js";
import { courierIdSchema, idSchema, nameSchema, priceSchema } from "../order-fields.js";

/**
 * The rules of a catalogue entry as a client sends it, with the order's own field rules: ids as order ids (products)
 * or courier ids (couriers, canonical digits), names as order names (NFC, trimmed, 1-120 characters, no invisible
 * characters), the reference price as an order's price (decimal text or a number, at most two decimals, read from
 * the exact text into integer cents) capped like a unit price. `active` defaults to true.
 */

export const productIdParamSchema = idSchema("id");

/** A courier id in a path: digits (at most 15), read as the canonical id (`0106` is `106`). */
export const courierIdParamSchema = courierIdSchema("id");

export const productBodySchema = z.object(
  {
    name: nameSchema("name"),
    referencePrice: priceSchema("referencePrice").refine(
      (cents) => typeof cents !== "number" || cents <= MAX_UNIT_PRICE_CENTS,
      {
        error: `referencePrice must be at most ${formatCents(MAX_UNIT_PRICE_CENTS)}`,
      },
    ),
    active: z.boolean({ error: "active must be true or false" }).default(true),
  },
  { error: "the product must be an object with name, referencePrice and active" },
);

export const courierBodySchema = z.object(
  {
    name: nameSchema("name"),
    active: z.boolean({ error: "active must be true or false" }).default(true),
  },
  { error: "the courier must be an object with name and active" },
);

/** A product as a client sends it (`referencePrice` as text or a number). */
export type ProductInput = z.input<typeof productBodySchema>;
export type CourierInput = z.input<typeof courierBodySchema>;

/** How many changes a history page holds. */
const HISTORY_PAGE_LIMITS = { min: 1, max: 100, default: 50 } as const;

const CHANGE_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#(product|courier)#[A-Za-z0-9._:-]{1,64}#\d{10}$/;

/** A page of the history as asked: `limit` (1-100, default 50) and `before`, the cursor a previous page gave. */
export const historyQuerySchema = z
  .object({
    limit: z
      .number({ error: "limit must be a whole number" })
      .int({ error: "limit must be a whole number" })
      .min(HISTORY_PAGE_LIMITS.min, { error: `limit must be at least ${HISTORY_PAGE_LIMITS.min}` })
      .max(HISTORY_PAGE_LIMITS.max, { error: `limit must be at most ${HISTORY_PAGE_LIMITS.max}` })
      .default(HISTORY_PAGE_LIMITS.default),
    before: z
      .string({ error: "before must be a string" })
      .regex(CHANGE_KEY, { error: "before must be the cursor a previous page of the history gave (nextBefore)" })
      .optional(),
  })
  .strict();

export type HistoryQuery = z.input<typeof historyQuerySchema>;
