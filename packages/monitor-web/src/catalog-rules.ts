/**
 * The catalogue form's checks, the server's rules repeated in the browser so that a mistake is said before anything
 * is sent: ids as the API reads them (a product's letters, digits and `. _ : -`; a courier's digits), names by the
 * same text rules as order names (NFC, trimmed, no control or invisible characters, at most 120 characters and 256
 * UTF-8 bytes), and a reference price of zero or more with at most two decimals, sent as decimal text ("2.50") and
 * never through a float. The server checks all of it again; what it refuses is shown next to the field it names.
 */
import type { CourierBody, ProductBody } from "./catalog-api.js";
import type { MessageKey } from "./i18n.js";

export type EntryKind = "product" | "courier";
export type FieldName = "id" | "name" | "referencePrice";

/** What the form holds, as typed. */
export interface EntryDraft {
  readonly id: string;
  readonly name: string;
  /** Empty for couriers. Typed with a comma or a point before the cents ("2,50" or "2.50"). */
  readonly referencePrice: string;
  readonly active: boolean;
}

export interface FieldMessage {
  readonly key: MessageKey;
  readonly values?: Readonly<Record<string, string | number>>;
}

type FieldErrors = Partial<Record<FieldName, FieldMessage>>;

export type CheckedEntry =
  | { readonly ok: true; readonly id: string; readonly body: ProductBody | CourierBody }
  | { readonly ok: false; readonly errors: FieldErrors };

const NAME_LIMITS: TextLimits = { minLength: 1, maxLength: 120, maxBytes: 256 };
const MAX_ID_LENGTH = 64;
const PRODUCT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const COURIER_ID = /^\d{1,15}$/;
const CONTROL = /\p{Cc}/u;
const FORMAT = /\p{Cf}/u;
const LONE_SURROGATE = /\p{Cs}/u;
/** The server's cap on a reference price (that of a unit price), as decimal text. */
export const MAX_PRICE = "10000.00";
const MAX_PRICE_WHOLE = MAX_PRICE.split(".")[0]!;
const PRICE = /^(\d+)(?:[.,](\d+))?$/;

function checkId(kind: EntryKind, text: string): { id: string } | FieldMessage {
  const id = text.trim();
  if (id === "") return { key: "idEmpty" };
  if (kind === "courier") return COURIER_ID.test(id) ? { id: String(BigInt(id)) } : { key: "courierIdDigits" };
  if (id.length > MAX_ID_LENGTH) return { key: "idTooLong", values: { max: MAX_ID_LENGTH } };
  return PRODUCT_ID.test(id) ? { id } : { key: "productIdChars" };
}

/** Bounds of a free text, as the server counts them: code points after NFC and trimming, and UTF-8 bytes. */
export interface TextLimits {
  readonly minLength: number;
  readonly maxLength: number;
  readonly maxBytes: number;
}

/** What each of the text rules says when it is broken, in a field's own words. */
export interface TextMessages {
  readonly malformed: MessageKey;
  readonly invisible: MessageKey;
  readonly empty: MessageKey;
  readonly control: MessageKey;
  readonly tooShort: MessageKey;
  readonly tooLong: MessageKey;
  readonly tooManyBytes: MessageKey;
}

/** The server's text rules (a name's, a reason's), in the server's order: what the server would store, or why not. */
export function checkText(text: string, limits: TextLimits, messages: TextMessages): { text: string } | FieldMessage {
  if (LONE_SURROGATE.test(text)) return { key: messages.malformed };
  const normalised = text.normalize("NFC");
  if (FORMAT.test(normalised)) return { key: messages.invisible };
  const trimmed = normalised.trim();
  if (trimmed === "") return { key: messages.empty };
  if (CONTROL.test(trimmed)) return { key: messages.control };
  const length = [...trimmed].length;
  if (length < limits.minLength) return { key: messages.tooShort, values: { min: limits.minLength } };
  if (length > limits.maxLength) return { key: messages.tooLong, values: { max: limits.maxLength } };
  if (new TextEncoder().encode(trimmed).length > limits.maxBytes)
    return { key: messages.tooManyBytes, values: { max: limits.maxBytes } };
  return { text: trimmed };
}

const NAME_MESSAGES: TextMessages = {
  malformed: "nameMalformed",
  invisible: "nameInvisible",
  empty: "nameEmpty",
  control: "nameControl",
  tooShort: "nameEmpty",
  tooLong: "nameTooLong",
  tooManyBytes: "nameTooManyBytes",
};

/** The order names' rules, in the server's order: what the server would store, or why not. */
export function checkName(text: string): { name: string } | FieldMessage {
  const checked = checkText(text, NAME_LIMITS, NAME_MESSAGES);
  return "text" in checked ? { name: checked.text } : checked;
}

/** An order's or a product's id: letters, digits and `. _ : -`, starting with a letter or a digit, at most 64. */
export function checkOrderId(text: string): { id: string } | FieldMessage {
  return checkId("product", text);
}

/**
 * "2,50", "2.5" or "2" -> "2.50", by moving digits (trailing zeros after the cents do not count, as on the server).
 * Grouping separators are refused rather than guessed at: "1.500" (three digits after the separator) is said to be
 * ambiguous, and "1.000,50" is no number.
 */
export function checkPrice(text: string): { price: string } | FieldMessage {
  const trimmed = text.trim();
  if (trimmed === "") return { key: "priceEmpty" };
  if (trimmed.startsWith("-")) return { key: "priceNegative" };
  const match = PRICE.exec(trimmed);
  if (!match) return { key: "priceFormat" };
  const [, whole = "0", fraction = ""] = match;
  // Three digits after the separator read as thousands in Colombia ("1.500" is fifteen hundred): asked, not guessed.
  if (fraction.length === 3) return { key: "priceGrouping" };
  const cents = fraction.replace(/0+$/, "");
  if (cents.length > 2) return { key: "priceDecimals" };
  const digits = whole.replace(/^0+(?=\d)/, "");
  // Compared as digits, never as a float: the server caps a reference price like a unit price.
  const price = `${digits}.${cents.padEnd(2, "0")}`;
  if (digits.length > MAX_PRICE_WHOLE.length || (digits.length === MAX_PRICE_WHOLE.length && price > MAX_PRICE))
    return { key: "priceTooLarge" };
  return { price };
}

const isMessage = (value: object): value is FieldMessage => "key" in value;

export function checkEntry(kind: EntryKind, draft: EntryDraft): CheckedEntry {
  const errors: FieldErrors = {};
  const id = checkId(kind, draft.id);
  if (isMessage(id)) errors.id = id;
  const name = checkName(draft.name);
  if (isMessage(name)) errors.name = name;
  const price = kind === "product" ? checkPrice(draft.referencePrice) : undefined;
  if (price && isMessage(price)) errors.referencePrice = price;
  if (isMessage(id) || isMessage(name) || (price && isMessage(price))) return { ok: false, errors };
  const body =
    price === undefined
      ? { name: name.name, active: draft.active }
      : { name: name.name, referencePrice: price.price, active: draft.active };
  return { ok: true, id: id.id, body };
}
