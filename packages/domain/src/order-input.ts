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

/** An id (order, product): 1-64 letters, digits and `. _ : -`, starting with a letter or digit; messages name `what`. */
export const idSchema = (what: string) =>
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

/**
 * What an order is made of, field by field, in the caller's vocabulary. The rules (and their messages, which name
 * the field) are the domain's; the names are not: `PlaceOrderCommand` uses `ORDER_FIELD_NAMES`, and an adapter
 * reading another vocabulary (the HTTP API's Spanish wire names) passes its own, so a client is told about the
 * fields it sent (`productos[1].precio: precio must have at most two decimals`) without any message being rewritten.
 */
export interface OrderFieldNames {
  readonly orderId: string;
  readonly courier: string;
  readonly courierId: string;
  readonly courierName: string;
  readonly lines: string;
  readonly productId: string;
  readonly productName: string;
  readonly unitPrice: string;
  readonly quantity: string;
  readonly deliveredAt: string;
  /** The message when the input is not an object at all. */
  readonly notAnObject: string;
}

/** The names of `PlaceOrderCommand`. */
export const ORDER_FIELD_NAMES = {
  orderId: "orderId",
  courier: "courier",
  courierId: "id",
  courierName: "name",
  lines: "lines",
  productId: "productId",
  productName: "productName",
  unitPrice: "unitPrice",
  quantity: "quantity",
  deliveredAt: "deliveredAt",
  notAnObject: "the order must be an object",
} as const satisfies OrderFieldNames;

/**
 * One line of a `PlaceOrderCommand`.
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export interface PlaceOrderLine {
  readonly productId: string;
  readonly productName: string;
  /**
   * Unit price as decimal text with at most two decimals (`"8.50"`, `"8.5"`, `"12"`), read exactly into integer
   * cents (`parseMoney`). A JS number is accepted too, read through its shortest text.
   */
  readonly unitPrice: string | number;
  /** Units on this line, 1-1000. Default 1. */
  readonly quantity?: number;
}

/** A courier's delivered order, as `PlaceOrder.execute` takes it. */
export interface PlaceOrderCommand {
  /** Chosen by the client (a UUID today): 1-64 letters, digits and `. _ : -`. */
  readonly orderId: string;
  /** `id`: digits (up to 15) or a whole number; `106`, `"106"` and `"0106"` are courier `"106"`. */
  readonly courier: { readonly id: string | number; readonly name: string };
  readonly lines: readonly PlaceOrderLine[];
  /**
   * When it was delivered, as text: `2024-09-11 18:27:09.039464` (wall-clock time in the business time zone) or
   * ISO 8601 with `Z` or an offset; at most microseconds.
   */
  readonly deliveredAt: string;
}

/** Annotations (documentation, examples) an adapter attaches to the fields of its own vocabulary's schema. */
export type OrderFieldMeta = Partial<
  Record<
    "order" | "orderId" | "courierId" | "courierName" | "productName" | "unitPrice" | "quantity" | "deliveredAt",
    Record<string, unknown>
  >
>;

const moneyMessages = (label: string): Record<MoneyParseError, string> => ({
  "not-a-number": `${label} must be a decimal number such as 8.5`,
  negative: `${label} must not be negative`,
  "not-finite": `${label} must be a finite number`,
  "too-many-decimals": `${label} must have at most two decimals`,
  // Only for amounts beyond any cap; the configured cap is checked in parseOrderInput with its own message.
  "too-large": `${label} is too large`,
});

/** Format only; the configured cap is applied in parseOrderInput. */
const priceSchema = (label: string) => {
  const messages = moneyMessages(label);
  return z.union([z.number(), z.string()], { error: `${label} must be a number` }).superRefine((value, ctx) => {
    const parsed = parseMoney(value, Number.MAX_SAFE_INTEGER);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: messages[parsed.reason] });
  });
};

const courierIdSchema = (label: string) =>
  z.union(
    [
      z
        .number()
        .int({ error: `${label} must be a whole number` })
        .min(0, { error: `${label} must not be negative` })
        .max(Number.MAX_SAFE_INTEGER),
      z.string().regex(/^\d{1,15}$/, { error: `${label} must be digits only (at most 15)` }),
    ],
    { error: `${label} must be a number or a string of digits` },
  );

const TIMESTAMP_MAX_LENGTH = 40;

const meta = <T extends z.ZodType>(schema: T, annotations: Record<string, unknown> | undefined): T =>
  annotations === undefined ? schema : schema.meta(annotations);

const schemas = new WeakMap<OrderFieldNames, z.ZodObject>();

/**
 * The shape and format rules of an order in a vocabulary (types, ids, names, price text, quantities, number of
 * lines, timestamp length); `parseOrderInput` adds the rules across fields. `fieldMeta` only annotates. Without
 * annotations the schema is built once per vocabulary (the same object each time): an adapter calling this when it
 * loads pays the construction then, not on its first request.
 */
export function orderInputSchema(names: OrderFieldNames, fieldMeta?: OrderFieldMeta): z.ZodObject {
  if (fieldMeta !== undefined) return buildOrderInputSchema(names, fieldMeta);
  let schema = schemas.get(names);
  if (schema === undefined) {
    schema = buildOrderInputSchema(names, {});
    schemas.set(names, schema);
  }
  return schema;
}

function buildOrderInputSchema(names: OrderFieldNames, fieldMeta: OrderFieldMeta): z.ZodObject {
  const n = names;
  const schema = z.object(
    {
      [n.orderId]: meta(idSchema(n.orderId), fieldMeta.orderId),
      [n.courier]: z.object(
        {
          [n.courierId]: meta(courierIdSchema(n.courierId), fieldMeta.courierId),
          [n.courierName]: meta(nameSchema(n.courierName), fieldMeta.courierName),
        },
        { error: `${n.courier} must be an object with ${n.courierId} and ${n.courierName}` },
      ),
      [n.lines]: z
        .array(
          z.object(
            {
              [n.productId]: idSchema(n.productId),
              [n.productName]: meta(nameSchema(n.productName), fieldMeta.productName),
              [n.unitPrice]: meta(priceSchema(n.unitPrice), fieldMeta.unitPrice),
              [n.quantity]: meta(
                z
                  .number({ error: `${n.quantity} must be a number` })
                  .int({ error: `${n.quantity} must be a whole number` })
                  .min(1, { error: `${n.quantity} must be at least 1` })
                  .max(ORDER_LIMITS.maxUnitsPerLine, {
                    error: `${n.quantity} must be at most ${ORDER_LIMITS.maxUnitsPerLine}`,
                  })
                  .optional(),
                fieldMeta.quantity,
              ),
            },
            { error: `each entry of ${n.lines} must be an object` },
          ),
          { error: `${n.lines} must be a list` },
        )
        .min(ORDER_LIMITS.minLines, { error: `${n.lines} must have at least one entry` })
        .max(ORDER_LIMITS.maxLines, { error: `${n.lines} must have at most ${ORDER_LIMITS.maxLines} entries` }),
      [n.deliveredAt]: meta(
        z
          .string({ error: `${n.deliveredAt} must be a string` })
          .max(TIMESTAMP_MAX_LENGTH, { error: `${n.deliveredAt} must be at most ${TIMESTAMP_MAX_LENGTH} characters` }),
        fieldMeta.deliveredAt,
      ),
    },
    { error: n.notAnObject },
  );
  return meta(schema, fieldMeta.order);
}

// The command's own vocabulary, built when the module loads.
orderInputSchema(ORDER_FIELD_NAMES);

export interface OrderParsingOptions {
  /** The vocabulary of the input and of the issues reported. Default ORDER_FIELD_NAMES (a PlaceOrderCommand). */
  readonly names?: OrderFieldNames;
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

type RawLine = Record<string, unknown>;

/**
 * Turns an untrusted order into an Order, or returns every offending field, named in the input's vocabulary
 * (`options.names`). Every rule of an order is here: shape and format (`orderInputSchema`), then the rules across
 * fields (timestamp in the business time zone, clock skew, price and total caps, units per order), which run on
 * whatever parsed so a client sees every problem at once.
 */
export function parseOrderInput(input: unknown, options: OrderParsingOptions = {}): Result<Order, ValidationIssue[]> {
  const n = options.names ?? ORDER_FIELD_NAMES;
  const timeZone = options.timeZone ?? DEFAULT_BUSINESS_TIME_ZONE;
  const parsed = orderInputSchema(n).safeParse(input);
  const issues: ValidationIssue[] = parsed.success ? [] : issuesFromZod(parsed.error);

  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const timestampValue = raw[n.deliveredAt];
  const timestampText =
    typeof timestampValue === "string" && timestampValue.length <= TIMESTAMP_MAX_LENGTH ? timestampValue : undefined;
  const time = timestampText === undefined ? undefined : parseTimestamp(timestampText, timeZone);
  if (time && !time.ok) {
    issues.push({
      path: n.deliveredAt,
      message:
        time.reason === "format"
          ? `${n.deliveredAt} must look like 2024-09-11 18:27:09.039464 or 2024-09-11T18:27:09-05:00`
          : time.reason === "calendar"
            ? `${n.deliveredAt} is not a real date and time (from 1970)`
            : `${n.deliveredAt} has an impossible UTC offset`,
    });
  }
  const maxSkewMs = options.maxClockSkewMs ?? ORDER_LIMITS.maxClockSkewMs;
  if (time?.ok && options.receivedAtMs !== undefined && time.instant.epochMs - options.receivedAtMs > maxSkewMs) {
    issues.push({
      path: n.deliveredAt,
      message:
        `${n.deliveredAt} ${time.instant.iso} is after the order was received (${instantFromEpochMs(options.receivedAtMs).iso}) ` +
        `by more than the ${formatDuration(maxSkewMs)} allowed for clock differences; a delivery cannot be in the future (check the phone's clock)`,
    });
  }
  const maxUnitPrice = options.maxUnitPriceCents ?? ORDER_LIMITS.maxUnitPriceCents;
  const maxOrderTotal = options.maxOrderTotalCents ?? ORDER_LIMITS.maxOrderTotalCents;
  const rawLines = raw[n.lines];
  if (Array.isArray(rawLines)) {
    // Caps on well-formed prices only (a malformed one is already reported by the schema); BigInt keeps the
    // total exact whatever the quantities.
    let total = 0n;
    let totalKnown = true;
    rawLines.forEach((entry: unknown, index) => {
      const line = (typeof entry === "object" && entry !== null ? entry : {}) as RawLine;
      const precio = line[n.unitPrice];
      const price =
        typeof precio === "number" || typeof precio === "string"
          ? parseMoney(precio, Number.MAX_SAFE_INTEGER)
          : undefined;
      const quantity = line[n.quantity] ?? 1;
      if (!price?.ok || typeof quantity !== "number" || !Number.isSafeInteger(quantity) || quantity < 1) {
        totalKnown = false;
        return;
      }
      if (price.cents > maxUnitPrice)
        issues.push({
          path: `${n.lines}[${index}].${n.unitPrice}`,
          message: `${n.unitPrice} must be at most ${formatCents(maxUnitPrice)}`,
        });
      total += BigInt(price.cents) * BigInt(quantity);
    });
    if (totalKnown && total > BigInt(maxOrderTotal)) {
      issues.push({
        path: n.lines,
        message: `the order's total must be at most ${formatCents(maxOrderTotal)} (this one is ${formatCentsText(total)})`,
      });
    }
    // Counted only over well-formed quantities, so one bad quantity is reported once, at its own path.
    const quantities = rawLines.map((entry) => (entry as RawLine | null)?.[n.quantity] ?? 1);
    const wellFormed = quantities.every(
      (q) => typeof q === "number" && Number.isInteger(q) && q >= 1 && q <= ORDER_LIMITS.maxUnitsPerLine,
    );
    const units = wellFormed ? (quantities as number[]).reduce((sum, q) => sum + q, 0) : 0;
    if (units > ORDER_LIMITS.maxUnitsPerOrder) {
      issues.push({
        path: n.lines,
        message: `an order may carry at most ${ORDER_LIMITS.maxUnitsPerOrder} units (this one has ${units})`,
      });
    }
  }
  if (!parsed.success || issues.length > 0 || !time?.ok) return err(issues);

  const data = parsed.data as Record<string, unknown>;
  const courier = data[n.courier] as Record<string, unknown>;
  const lines: OrderLine[] = (data[n.lines] as RawLine[]).map((entry) => {
    const price = parseMoney(entry[n.unitPrice] as string | number, maxUnitPrice);
    if (!price.ok) throw new Error("unreachable: price validated above");
    return {
      productId: entry[n.productId] as string,
      productName: entry[n.productName] as string,
      unitPrice: price.cents,
      quantity: (entry[n.quantity] as number | undefined) ?? 1,
    };
  });
  return ok({
    id: data[n.orderId] as string,
    courier: { id: String(BigInt(courier[n.courierId] as string | number)), name: courier[n.courierName] as string },
    lines,
    total: orderTotal(lines),
    units: orderUnits(lines),
    deliveredAt: time.instant.iso,
    receivedAt: options.receivedAtMs === undefined ? time.instant.iso : instantFromEpochMs(options.receivedAtMs).iso,
  });
}
