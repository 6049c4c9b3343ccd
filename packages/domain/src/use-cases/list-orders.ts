import * as z from "zod";
import { businessDaySchema, checkDayRange, nextDay } from "../day-range.js";
import { invalid, type InvalidInput } from "../errors.js";
import { dayStartInstant, LEDGER_POSITION, type LedgerPosition } from "../ledger.js";
import { idSchema } from "../order-fields.js";
import type { LedgerEntry, OrderLedger } from "../ports.js";
import { err, ok, type Result } from "../result.js";
import { issuesFromZod } from "../validation-issues.js";
import { type QuerySchemaOptions, queryReaders } from "./query-readers.js";

/** Bounds of a ledger query: days per query, orders per page. */
export const LIST_ORDERS_LIMITS = {
  maxDays: 31,
  limit: { min: 1, max: 500, default: 100 },
} as const;

type QueryField = "from" | "to" | "courier" | "product" | "limit" | "cursor";

/**
 * The rules of a ledger query. `wholeNumber` says how `limit` is read (a URL's query string passes a coercing
 * reader); `fieldMeta` only annotates.
 */
export function listOrdersQuerySchema(options: QuerySchemaOptions<QueryField> = {}) {
  const { number, annotate } = queryReaders(options);
  const { min, max } = LIST_ORDERS_LIMITS.limit;
  return z
    .object({
      from: annotate(businessDaySchema("from"), "from"),
      to: annotate(businessDaySchema("to").optional(), "to"),
      courier: annotate(
        z
          .string({ error: "courier must be a courier id (IdRepartidor: digits)" })
          .regex(/^\d{1,15}$/, { error: "courier must be a courier id (IdRepartidor: 1-15 digits)" })
          // The canonical courier id, as orders store it: 0106 and 106 are one courier.
          .transform((digits) => digits.replace(/^0+(?=\d)/, ""))
          .optional(),
        "courier",
      ),
      product: annotate(idSchema("product").optional(), "product"),
      limit: annotate(
        (number("limit must be a whole number") as unknown as z.ZodNumber)
          .int({ error: "limit must be a whole number" })
          .min(min, { error: `limit must be at least ${min}` })
          .max(max, { error: `limit must be at most ${max}` })
          .default(LIST_ORDERS_LIMITS.limit.default),
        "limit",
      ),
      cursor: annotate(z.string().max(512, { error: "cursor is not one this API gave out" }).optional(), "cursor"),
    })
    .strict()
    .superRefine((range, context) => checkDayRange(range, LIST_ORDERS_LIMITS.maxDays, context));
}

const QuerySchema = listOrdersQuerySchema();

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export interface ListOrdersQuery {
  readonly from: string;
  readonly to?: string;
  readonly courier?: string;
  readonly product?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** @public The domain's published API (a use case's input or result), even where no package here names it. */
export interface OrdersPage {
  /** Newest delivery first, voided orders too, each with its status and revision. */
  readonly orders: LedgerEntry[];
  /** Pass as `cursor` for the next page; null when the range holds no more. */
  readonly nextCursor: string | null;
}

/**
 * What a cursor holds: the query it belongs to and the position its page ended at. It is base64url JSON, checked
 * field by field when it comes back: a cursor that was altered, or belongs to another query (other days, courier
 * or product), is refused. It is not signed: whatever it says, it can only move within the caller's own query,
 * which the caller may read from any point anyway; what it must never do is reach outside it.
 */
const CursorSchema = z
  .object({
    v: z.literal(1),
    from: z.string(),
    to: z.string(),
    courier: z.string().nullable(),
    product: z.string().nullable(),
    at: z.string().regex(LEDGER_POSITION),
  })
  .strict();
type Cursor = z.output<typeof CursorSchema>;

/** Every field of a cursor is ASCII (days, digits, ids, instants), so its JSON text is its bytes. */
const encodeCursor = (cursor: Cursor): string =>
  btoa(JSON.stringify(cursor)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

const decodeCursor = (text: string): unknown => {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    return JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));
  } catch {
    return undefined;
  }
};

const CURSOR_REFUSED = [
  { path: "cursor", message: "cursor is not one this query gave out (altered, or from another query)" },
];

/**
 * A page of the orders delivered on a range of business days, newest first, for supervisors: by courier, by product,
 * or all. Pages are read from the ledger's indexes a bounded number of requests at a time (the adapter's rule).
 */
export class ListOrders {
  constructor(private readonly deps: { readonly ledger: OrderLedger; readonly timeZone: string }) {}

  async execute(query: ListOrdersQuery): Promise<Result<OrdersPage, InvalidInput>> {
    const parsed = QuerySchema.safeParse(query);
    if (!parsed.success) return err(invalid(issuesFromZod(parsed.error)));
    const { from, courier, product, limit } = parsed.data;
    const to = parsed.data.to ?? from;
    const fromInstant = dayStartInstant(from, this.deps.timeZone);
    const toInstant = dayStartInstant(nextDay(to), this.deps.timeZone);
    const own = { v: 1 as const, from, to, courier: courier ?? null, product: product ?? null };

    let after: LedgerPosition | undefined;
    if (parsed.data.cursor !== undefined) {
      const cursor = CursorSchema.safeParse(decodeCursor(parsed.data.cursor));
      const mine =
        cursor.success &&
        cursor.data.from === own.from &&
        cursor.data.to === own.to &&
        cursor.data.courier === own.courier &&
        cursor.data.product === own.product &&
        cursor.data.at > fromInstant &&
        cursor.data.at <= toInstant;
      if (!mine) return err(invalid(CURSOR_REFUSED));
      after = cursor.data.at;
    }
    const page = await this.deps.ledger.page({
      fromInstant,
      toInstant,
      limit,
      ...(after === undefined ? {} : { after }),
      ...(courier === undefined ? {} : { courierId: courier }),
      ...(product === undefined ? {} : { productId: product }),
    });
    return ok({
      orders: page.orders,
      nextCursor: page.next === undefined ? null : encodeCursor({ ...own, at: page.next }),
    });
  }
}
