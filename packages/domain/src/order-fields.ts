import * as z from "zod";
import { parseMoney, type MoneyParseError } from "./money.js";
import { ORDER_LIMITS, TIMESTAMP_MAX_LENGTH } from "./order-limits.js";

/**
 * The rules of each field of an order, on its own. Each message starts with the field's name (`unitPrice must ...`):
 * an adapter with its own vocabulary renames that word, and nothing else in a message is a field name.
 */

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

/** Bounds of a free text (`textSchema`): code points after normalising and trimming, and UTF-8 bytes. */
export interface TextBounds {
  readonly minLength: number;
  readonly maxLength: number;
  readonly maxBytes: number;
}

const NAME_BOUNDS: TextBounds = {
  minLength: 1,
  maxLength: ORDER_LIMITS.maxNameLength,
  maxBytes: ORDER_LIMITS.maxNameBytes,
};

/**
 * A free text a person typed (a name, a reason): NFC-normalised and trimmed, then refused if it holds invisible or
 * malformed characters or falls outside `bounds`.
 */
export const textSchema = (what: string, bounds: TextBounds) =>
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
    // Empty text is already refused above, with its own message.
    .refine((value) => value.length === 0 || codePoints(value) >= bounds.minLength, {
      error: `${what} must be at least ${bounds.minLength} characters`,
    })
    .refine((value) => codePoints(value) <= bounds.maxLength, {
      error: `${what} must be at most ${bounds.maxLength} characters`,
    })
    .refine((value) => utf8ByteLength(value) <= bounds.maxBytes, {
      error: `${what} must be at most ${bounds.maxBytes} bytes in UTF-8`,
    });

/** A display name: a free text of 1-120 characters (at most 256 bytes in UTF-8). */
export const nameSchema = (what: string) => textSchema(what, NAME_BOUNDS);

/** A courier id as sent (digits, or a whole number), read as the canonical courier id: `0106` and 106 are `"106"`. */
export const courierIdSchema = (what: string) =>
  z
    .union(
      [
        z
          .number()
          .int({ error: `${what} must be a whole number` })
          .min(0, { error: `${what} must not be negative` })
          .max(Number.MAX_SAFE_INTEGER),
        z.string().regex(/^\d{1,15}$/, { error: `${what} must be digits only (at most 15)` }),
      ],
      { error: `${what} must be a number or a string of digits` },
    )
    .transform((id) => String(BigInt(id)));

const moneyMessages = (what: string): Record<MoneyParseError, string> => ({
  "not-a-number": `${what} must be a decimal number such as 8.5`,
  negative: `${what} must not be negative`,
  "not-finite": `${what} must be a finite number`,
  "too-many-decimals": `${what} must have at most two decimals`,
  // Only for amounts beyond any cap; the configured cap is a rule of the use case (order-rules.ts).
  "too-large": `${what} is too large`,
});

/**
 * A price as decimal text (or a JS number, read through its shortest text), read once into integer cents
 * (`parseMoney`). Format only: the configured cap is a rule of the use case (order-rules.ts).
 */
export const priceSchema = (what: string) => {
  const messages = moneyMessages(what);
  return z.union([z.number(), z.string()], { error: `${what} must be a number` }).transform((value, ctx) => {
    const parsed = parseMoney(value, Number.MAX_SAFE_INTEGER);
    if (parsed.ok) return parsed.cents;
    // Continuing, as a refinement would: the rest of the order is still judged.
    ctx.addIssue({ code: "custom", message: messages[parsed.reason], continue: true });
    return z.NEVER;
  });
};

/** Units on one line: 1-1000 whole units; absent means one. */
export const quantitySchema = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int({ error: `${what} must be a whole number` })
    .min(1, { error: `${what} must be at least 1` })
    .max(ORDER_LIMITS.maxUnitsPerLine, { error: `${what} must be at most ${ORDER_LIMITS.maxUnitsPerLine}` })
    .optional();

/** The delivery time's text, bounded before it is read (in the business time zone, by the use case's rules). */
export const timestampTextSchema = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .max(TIMESTAMP_MAX_LENGTH, { error: `${what} must be at most ${TIMESTAMP_MAX_LENGTH} characters` });
