import * as z from "zod";
import type { ValidationIssue } from "./errors.js";
import {
  MAX_ORDER_TOTAL_CENTS,
  MAX_UNIT_PRICE_CENTS,
  formatCents,
  formatCentsText,
  parseMoney,
  type Cents,
  type MoneyParseError,
} from "./money.js";
import { orderTotal, orderUnits, type Order, type OrderLine } from "./order.js";
import { DEFAULT_BUSINESS_TIME_ZONE, instantFromEpochMs, parseTimestamp } from "./time.js";
import { err, ok, type Result } from "./result.js";

/** Documented bounds of the public order contract. */
export const ORDER_LIMITS = {
  minLines: 1,
  maxLines: 100,
  maxUnitsPerLine: 1000,
  maxUnitsPerOrder: 1000,
  maxIdLength: 64,
  /** Code points, after NFC normalisation and trimming. */
  maxNameLength: 120,
  /** UTF-8 bytes of a name: bounds what one name adds to a stored item whatever script it is written in. */
  maxNameBytes: 256,
  maxCourierIdDigits: 15,
  /** Default cap on a unit price (configurable per PlaceOrder). */
  maxUnitPriceCents: MAX_UNIT_PRICE_CENTS,
  /** Default cap on an order's total (configurable per PlaceOrder). */
  maxOrderTotalCents: MAX_ORDER_TOTAL_CENTS,
  /** Default tolerance for a delivery timestamp after the time of receipt (a phone's clock running fast). */
  maxClockSkewMs: 5 * 60_000,
} as const;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** Control (Cc: C0, DEL, C1) and format (Cf: bidi overrides, zero-width, BOM) characters, and lone surrogates. */
const CONTROL = /\p{Cc}/u;
const FORMAT = /\p{Cf}/u;
const LONE_SURROGATE = /\p{Cs}/u;

const codePoints = (value: string): number => {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
};

/** UTF-8 length without TextEncoder (the domain uses no platform API): 1-4 bytes per code point. */
export function utf8ByteLength(value: string): number {
  let bytes = 0;
  for (const char of value) {
    const cp = char.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

const idSchema = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, { error: `${what} must not be empty`, abort: true })
    .max(ORDER_LIMITS.maxIdLength, { error: `${what} must be at most ${ORDER_LIMITS.maxIdLength} characters` })
    .regex(ID_PATTERN, {
      error: `${what} may contain only letters, digits and . _ : - (starting with a letter or digit)`,
    });

/** A display name: NFC-normalised and trimmed, then refused if it holds invisible or malformed characters. */
const nameSchema = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    // Lone surrogates first: normalising or trimming text that is not well-formed Unicode is meaningless.
    .refine((value) => !LONE_SURROGATE.test(value), {
      error: `${what} must not contain unpaired surrogates (malformed Unicode)`,
      abort: true,
    })
    .overwrite((value) => value.normalize("NFC"))
    // Before trimming, which would silently drop a leading byte order mark (JS counts U+FEFF as white space).
    .refine((value) => !FORMAT.test(value), {
      error: `${what} must not contain invisible format characters (such as right-to-left overrides, zero-width spaces or byte order marks)`,
    })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .refine((value) => !CONTROL.test(value), { error: `${what} must not contain control characters` })
    .refine((value) => codePoints(value) <= ORDER_LIMITS.maxNameLength, {
      error: `${what} must be at most ${ORDER_LIMITS.maxNameLength} characters`,
    })
    .refine((value) => utf8ByteLength(value) <= ORDER_LIMITS.maxNameBytes, {
      error: `${what} must be at most ${ORDER_LIMITS.maxNameBytes} bytes in UTF-8`,
    });

const NAME_RULES =
  `NFC-normalised and trimmed: 1-${ORDER_LIMITS.maxNameLength} characters (code points), at most ${ORDER_LIMITS.maxNameBytes} bytes of UTF-8; ` +
  "no control characters, invisible format characters (bidi overrides, zero-width spaces, byte order marks) or unpaired surrogates";

const moneyMessages: Record<MoneyParseError, string> = {
  "not-a-number": "precio must be a decimal number such as 8.5",
  negative: "precio must not be negative",
  "not-finite": "precio must be a finite number",
  "too-many-decimals": "precio must have at most two decimals",
  // Only for amounts beyond any cap; the configured cap is checked in parseOrderPayload with its own message.
  "too-large": "precio is too large",
};

/** Format only; the configured cap is applied in parseOrderPayload. */
const priceSchema = z
  .union([z.number(), z.string()], { error: "precio must be a number" })
  .superRefine((value, ctx) => {
    const parsed = parseMoney(value, Number.MAX_SAFE_INTEGER);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: moneyMessages[parsed.reason] });
  })
  .meta({
    description:
      `Unit price with at most two decimals (read from the request's exact JSON text: 8.499999999999999999 is refused, 8.50000 is 8.50), ` +
      `0 to ${formatCents(MAX_UNIT_PRICE_CENTS)} by default; an order's total is at most ${formatCents(MAX_ORDER_TOTAL_CENTS)} by default`,
    example: 8.5,
  });

const courierIdSchema = z
  .union(
    [
      z
        .number()
        .int({ error: "IdRepartidor must be a whole number" })
        .min(0, { error: "IdRepartidor must not be negative" })
        .max(Number.MAX_SAFE_INTEGER),
      z.string().regex(/^\d{1,15}$/, { error: "IdRepartidor must be digits only (at most 15)" }),
    ],
    { error: "IdRepartidor must be a number or a string of digits" },
  )
  .meta({ description: 'Courier id: a number or a digit string (106 and "106" are the same courier)', example: 106 });

/** The payload couriers' clients already send, field names unchanged (Spanish wire names). */
export const OrderPayloadSchema = z
  .object(
    {
      pedido_id: idSchema("pedido_id").meta({ description: "Order id chosen by the client (a UUID today)" }),
      repartidor: z.object(
        {
          IdRepartidor: courierIdSchema,
          Nombre: nameSchema("Nombre").meta({ description: NAME_RULES }),
        },
        { error: "repartidor must be an object with IdRepartidor and Nombre" },
      ),
      productos: z
        .array(
          z.object(
            {
              IdProducto: idSchema("IdProducto"),
              producto: nameSchema("producto").meta({ description: NAME_RULES }),
              precio: priceSchema,
              cantidad: z
                .number({ error: "cantidad must be a number" })
                .int({ error: "cantidad must be a whole number" })
                .min(1, { error: "cantidad must be at least 1" })
                .max(ORDER_LIMITS.maxUnitsPerLine, {
                  error: `cantidad must be at most ${ORDER_LIMITS.maxUnitsPerLine}`,
                })
                .optional()
                .meta({ description: "Units on this entry (default 1: each entry is one unit)" }),
            },
            { error: "each entry of productos must be an object" },
          ),
          { error: "productos must be a list" },
        )
        .min(ORDER_LIMITS.minLines, { error: "productos must have at least one entry" })
        .max(ORDER_LIMITS.maxLines, { error: `productos must have at most ${ORDER_LIMITS.maxLines} entries` }),
      timestamp: z
        .string({ error: "timestamp must be a string" })
        .max(40, { error: "timestamp must be at most 40 characters" })
        .meta({
          description:
            "Delivery time: `2024-09-11 18:27:09.039464` (read in the business time zone) or ISO 8601 with Z or an offset; " +
            "at most 5 minutes (deployment default) after the order is received",
          example: "2024-09-11 18:27:09.039464",
        }),
    },
    { error: "the order must be a JSON object" },
  )
  .meta({ id: "OrderPayload", description: "An order as couriers' clients send it" });

export type OrderPayload = z.input<typeof OrderPayloadSchema>;

export interface OrderParsingOptions {
  /** IANA zone for timestamps sent without one. Default America/Bogota. */
  readonly timeZone?: string;
  /**
   * When the order was received, epoch ms. Given, the delivery may be at most `maxClockSkewMs` after it.
   * Default: the delivery time, for orders rebuilt from data (no skew rule then).
   */
  readonly receivedAtMs?: number;
  /** Highest unit price in cents. Default ORDER_LIMITS.maxUnitPriceCents (10,000.00). */
  readonly maxUnitPriceCents?: Cents;
  /** Highest order total in cents. Default ORDER_LIMITS.maxOrderTotalCents (100,000.00). */
  readonly maxOrderTotalCents?: Cents;
  /** How far after receipt a delivery timestamp may be, ms. Default ORDER_LIMITS.maxClockSkewMs (5 minutes). */
  readonly maxClockSkewMs?: number;
}

const formatDuration = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}` : `${ms / 1000} seconds`;

/** `["productos", 1, "precio"]` -> `productos[1].precio`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text === "" ? "(body)" : text;
}

/** Every zod issue as `{ path, message }`, in the order zod found them. */
export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: formatIssuePath([...issue.path, key]),
          message: `${key} is not a known parameter`,
        }))
      : [{ path: formatIssuePath(issue.path), message: issue.message }],
  );
}

/**
 * Turns an untrusted payload into an Order, or returns every offending field. This is the one place
 * where Spanish wire names become the domain's names.
 */
export function parseOrderPayload(input: unknown, options: OrderParsingOptions = {}): Result<Order, ValidationIssue[]> {
  const timeZone = options.timeZone ?? DEFAULT_BUSINESS_TIME_ZONE;
  const parsed = OrderPayloadSchema.safeParse(input);
  const issues: ValidationIssue[] = parsed.success ? [] : issuesFromZod(parsed.error);

  // Rules across fields run on whatever parsed, so a client sees every problem at once.
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const timestampText = typeof raw.timestamp === "string" && raw.timestamp.length <= 40 ? raw.timestamp : undefined;
  const time = timestampText === undefined ? undefined : parseTimestamp(timestampText, timeZone);
  if (time && !time.ok) {
    issues.push({
      path: "timestamp",
      message:
        time.reason === "format"
          ? "timestamp must look like 2024-09-11 18:27:09.039464 or 2024-09-11T18:27:09-05:00"
          : time.reason === "calendar"
            ? "timestamp is not a real date and time (from 1970)"
            : "timestamp has an impossible UTC offset",
    });
  }
  const maxSkewMs = options.maxClockSkewMs ?? ORDER_LIMITS.maxClockSkewMs;
  if (time?.ok && options.receivedAtMs !== undefined && time.instant.epochMs - options.receivedAtMs > maxSkewMs) {
    issues.push({
      path: "timestamp",
      message:
        `timestamp ${time.instant.iso} is after the order was received (${instantFromEpochMs(options.receivedAtMs).iso}) ` +
        `by more than the ${formatDuration(maxSkewMs)} allowed for clock differences; a delivery cannot be in the future (check the phone's clock)`,
    });
  }
  const maxUnitPrice = options.maxUnitPriceCents ?? ORDER_LIMITS.maxUnitPriceCents;
  const maxOrderTotal = options.maxOrderTotalCents ?? ORDER_LIMITS.maxOrderTotalCents;
  if (Array.isArray(raw.productos)) {
    // Caps on well-formed prices only (a malformed one is already reported by the schema); BigInt keeps the
    // total exact whatever the quantities.
    let total = 0n;
    let totalKnown = true;
    raw.productos.forEach((entry: unknown, index) => {
      const { precio, cantidad } = (typeof entry === "object" && entry !== null ? entry : {}) as {
        precio?: unknown;
        cantidad?: unknown;
      };
      const price =
        typeof precio === "number" || typeof precio === "string"
          ? parseMoney(precio, Number.MAX_SAFE_INTEGER)
          : undefined;
      const quantity = cantidad ?? 1;
      if (!price?.ok || typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity < 1) {
        totalKnown = false;
        return;
      }
      if (price.cents > maxUnitPrice)
        issues.push({
          path: `productos[${index}].precio`,
          message: `precio must be at most ${formatCents(maxUnitPrice)}`,
        });
      total += BigInt(price.cents) * BigInt(quantity);
    });
    if (totalKnown && total > BigInt(maxOrderTotal)) {
      issues.push({
        path: "productos",
        message: `the order's total must be at most ${formatCents(maxOrderTotal)} (this one is ${formatCentsText(total)})`,
      });
    }
  }
  if (Array.isArray(raw.productos)) {
    // Counted only over well-formed quantities, so one bad `cantidad` is reported once, at its own path.
    const quantities = raw.productos.map((entry) => (entry as { cantidad?: unknown } | null)?.cantidad ?? 1);
    const wellFormed = quantities.every(
      (q) => typeof q === "number" && Number.isInteger(q) && q >= 1 && q <= ORDER_LIMITS.maxUnitsPerLine,
    );
    const units = wellFormed ? (quantities as number[]).reduce((sum, q) => sum + q, 0) : 0;
    if (units > ORDER_LIMITS.maxUnitsPerOrder) {
      issues.push({
        path: "productos",
        message: `an order may carry at most ${ORDER_LIMITS.maxUnitsPerOrder} units (this one has ${units})`,
      });
    }
  }
  if (!parsed.success || issues.length > 0 || !time?.ok) return err(issues);

  const payload = parsed.data;
  const lines: OrderLine[] = payload.productos.map((entry) => {
    const price = parseMoney(entry.precio, maxUnitPrice);
    if (!price.ok) throw new Error("unreachable: price validated above");
    return {
      productId: entry.IdProducto,
      productName: entry.producto,
      unitPrice: price.cents,
      quantity: entry.cantidad ?? 1,
    };
  });
  return ok({
    id: payload.pedido_id,
    courier: { id: String(BigInt(payload.repartidor.IdRepartidor)), name: payload.repartidor.Nombre },
    lines,
    total: orderTotal(lines),
    units: orderUnits(lines),
    deliveredAt: time.instant.iso,
    receivedAt: options.receivedAtMs === undefined ? time.instant.iso : instantFromEpochMs(options.receivedAtMs).iso,
  });
}
