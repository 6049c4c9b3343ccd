/**
 * A correction as the supervisor types it, without the DOM: the order's courier, delivery time and products drawn from
 * its current revision, edited line by line, then checked with the server's rules (the order's caps and text rules,
 * the reason's 3-500 characters) and turned into the couriers' own payload, the one the API checks again by every rule
 * of a new order. Prices travel as decimal text ("2.50"), moved digit by digit, never through a float.
 */
import type { Catalog } from "./catalog-api.js";
import { checkOrderId, checkPrice, checkText, type FieldMessage, type TextMessages } from "./catalog-rules.js";
import { zonedParts } from "./format.js";
import type { OrderPayload, OrderRecord } from "./order-api.js";

/** The server's bounds on an order (ORDER_LIMITS) and on a reason (ORDER_REVISION_LIMITS). */
const CORRECTION_LIMITS = {
  maxLines: 100,
  maxUnitsPerLine: 1000,
  maxUnitsPerOrder: 1000,
  maxTotalCents: 10_000_000,
  reason: { minLength: 3, maxLength: 500, maxBytes: 2000 },
} as const;

export interface LineDraft {
  readonly productId: string;
  /** The catalogue's name of the product chosen, or the order's own for a product the catalogue does not hold. */
  readonly productName: string;
  /** As typed: "2,50" or "2.50". */
  readonly price: string;
  /** As typed. */
  readonly quantity: string;
}

export interface CorrectionDraft {
  readonly courierId: string;
  readonly courierName: string;
  /** The delivery's wall-clock time in the business zone, as a `datetime-local` field holds it: 2026-12-06T09:30:05. */
  readonly deliveredAt: string;
  readonly lines: readonly LineDraft[];
  readonly reason: string;
}

/** Where a problem is shown: a field of the form (`line.2.price`), or the form as a whole. */
export type CorrectionField =
  | "courier"
  | "deliveredAt"
  | "reason"
  | "lines"
  | `line.${number}.${"product" | "price" | "quantity"}`;

type CorrectionErrors = Partial<Record<CorrectionField, FieldMessage>>;

export type CheckedCorrection =
  | { readonly ok: true; readonly reason: string; readonly order: OrderPayload }
  | { readonly ok: false; readonly errors: CorrectionErrors };

const REASON_MESSAGES: TextMessages = {
  malformed: "reasonMalformed",
  invisible: "reasonInvisible",
  empty: "reasonEmpty",
  control: "reasonControl",
  tooShort: "reasonTooShort",
  tooLong: "reasonTooLong",
  tooManyBytes: "reasonTooLong",
};

/** A reason, by the server's rules for it: what it would store, or why not. */
export function checkReason(text: string): { reason: string } | FieldMessage {
  // A line break is a control character to the server; said as what it is.
  if (/[\r\n]/.test(text.trim())) return { key: "reasonLineBreak" };
  const checked = checkText(text, CORRECTION_LIMITS.reason, REASON_MESSAGES);
  return "text" in checked ? { reason: checked.text } : checked;
}

/** An instant as the wall clock of `timeZone`, to the second: "2026-12-06T09:30:05". */
export function wallClock(instant: string, timeZone: string): string {
  const part = zonedParts(instant, timeZone);
  return part ? `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}` : "";
}

/** The form as it opens: the order as it now is. */
export function draftOf(record: OrderRecord, timeZone: string): CorrectionDraft {
  return {
    courierId: record.courier.id,
    courierName: record.courier.name,
    deliveredAt: wallClock(record.deliveredAt, timeZone),
    lines: record.lines.map((line) => ({
      productId: line.productId,
      productName: line.productName,
      price: line.unitPrice,
      quantity: String(line.quantity),
    })),
    reason: "",
  };
}

/** Another courier: the fleet's name for a fleet courier, else the order's own. */
export function withCourier(draft: CorrectionDraft, id: string, catalog: Catalog | undefined, record: OrderRecord) {
  const name = catalog?.couriers.find((courier) => courier.id === id)?.name ?? record.courier.name;
  return { ...draft, courierId: id, courierName: name };
}

/**
 * Another product on a line: its catalogue name and reference price (the line was the wrong product, so its price
 * was too); one of the order's own products outside the catalogue comes back with the order's name and price for it.
 */
export function withProduct(
  draft: CorrectionDraft,
  index: number,
  id: string,
  catalog: Catalog | undefined,
  record: OrderRecord,
): CorrectionDraft {
  const product = catalog?.products.find((entry) => entry.id === id);
  const known = record.lines.find((line) => line.productId === id);
  return withLine(draft, index, (line) =>
    product
      ? { ...line, productId: id, productName: product.name, price: product.referencePrice }
      : {
          ...line,
          productId: id,
          productName: known?.productName ?? line.productName,
          price: known?.unitPrice ?? line.price,
        },
  );
}

export function withLine(draft: CorrectionDraft, index: number, change: (line: LineDraft) => LineDraft) {
  return { ...draft, lines: draft.lines.map((line, i) => (i === index ? change(line) : line)) };
}

/** One more line: the first active product of the catalogue, one unit at its reference price. */
export function withNewLine(draft: CorrectionDraft, catalog: Catalog | undefined): CorrectionDraft {
  const product = catalog?.products.find((entry) => entry.active);
  const line: LineDraft = product
    ? { productId: product.id, productName: product.name, price: product.referencePrice, quantity: "1" }
    : { productId: "", productName: "", price: "", quantity: "1" };
  return { ...draft, lines: [...draft.lines, line] };
}

export function withoutLine(draft: CorrectionDraft, index: number): CorrectionDraft {
  return { ...draft, lines: draft.lines.filter((_, i) => i !== index) };
}

/** "2.50" -> 250, for the order's total; the text was checked by `checkPrice`. */
export function centsOf(price: string): number {
  const [whole = "0", fraction = ""] = price.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;
const QUANTITY = /^\d{1,4}$/;

const isMessage = (value: object): value is FieldMessage => "key" in value;

/**
 * A delivery time typed as the business zone's wall clock: a full date and time, and not later than now there (wall
 * clocks of one zone compare as text, to the second). The API checks it again, in the same zone.
 */
function checkDeliveredAt(typed: string, timeZone: string, now: number): FieldMessage | undefined {
  if (!DATETIME_LOCAL.test(typed)) return { key: "deliveredAtFormat" };
  const current = wallClock(new Date(now).toISOString(), timeZone);
  const seconds = typed.length === 16 ? `${typed}:00` : typed;
  return seconds > current
    ? { key: "deliveredAtFuture", values: { now: current.replace("T", " "), zone: timeZone } }
    : undefined;
}

function checkQuantity(text: string): { quantity: number } | FieldMessage {
  const trimmed = text.trim();
  if (!QUANTITY.test(trimmed)) return { key: "quantityWhole", values: { max: CORRECTION_LIMITS.maxUnitsPerLine } };
  const quantity = Number(trimmed);
  return quantity >= 1 && quantity <= CORRECTION_LIMITS.maxUnitsPerLine
    ? { quantity }
    : { key: "quantityWhole", values: { max: CORRECTION_LIMITS.maxUnitsPerLine } };
}

/** A line as couriers send it, its price as decimal text. */
interface WireLine {
  readonly IdProducto: string;
  readonly producto: string;
  readonly precio: string;
  readonly cantidad: number;
}

/** The checked lines as couriers send them, with every refusal under the line's own field. */
function checkLines(lines: readonly LineDraft[], errors: CorrectionErrors): WireLine[] {
  if (lines.length === 0) errors.lines = { key: "linesEmpty" };
  if (lines.length > CORRECTION_LIMITS.maxLines)
    errors.lines = { key: "linesTooMany", values: { max: CORRECTION_LIMITS.maxLines } };
  const productos = lines.flatMap((line, index): WireLine[] => {
    const id = checkOrderId(line.productId);
    const price = checkPrice(line.price);
    const quantity = checkQuantity(line.quantity);
    if (isMessage(id)) errors[`line.${index}.product`] = { key: "lineProductMissing" };
    if (isMessage(price)) errors[`line.${index}.price`] = price;
    if (isMessage(quantity)) errors[`line.${index}.quantity`] = quantity;
    if (isMessage(id) || isMessage(price) || isMessage(quantity)) return [];
    return [{ IdProducto: id.id, producto: line.productName, precio: price.price, cantidad: quantity.quantity }];
  });
  if (productos.length === lines.length && lines.length > 0) {
    const units = productos.reduce((sum, line) => sum + line.cantidad, 0);
    const cents = productos.reduce((sum, line) => sum + centsOf(line.precio) * line.cantidad, 0);
    if (units > CORRECTION_LIMITS.maxUnitsPerOrder)
      errors.lines = { key: "unitsTooMany", values: { max: CORRECTION_LIMITS.maxUnitsPerOrder } };
    else if (cents > CORRECTION_LIMITS.maxTotalCents) errors.lines = { key: "totalTooLarge" };
  }
  return productos;
}

/**
 * The draft by the server's rules, then the payload: the same `pedido_id`, the courier's id as digits, prices as
 * decimal text, and the delivery time unchanged to the microsecond unless the supervisor changed it (then the wall
 * clock typed, which the API reads in the business zone).
 */
export function checkCorrection(
  draft: CorrectionDraft,
  record: OrderRecord,
  timeZone: string,
  now: number,
): CheckedCorrection {
  const errors: CorrectionErrors = {};
  const reason = checkReason(draft.reason);
  if (isMessage(reason)) errors.reason = reason;
  if (!/^\d{1,15}$/.test(draft.courierId.trim())) errors.courier = { key: "courierMissing" };
  const unchangedTime = draft.deliveredAt === wallClock(record.deliveredAt, timeZone);
  const time = unchangedTime ? undefined : checkDeliveredAt(draft.deliveredAt, timeZone, now);
  if (time) errors.deliveredAt = time;
  const productos = checkLines(draft.lines, errors);
  if (isMessage(reason) || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    reason: reason.reason,
    order: {
      pedido_id: record.id,
      repartidor: { IdRepartidor: draft.courierId.trim(), Nombre: draft.courierName },
      productos,
      timestamp: unchangedTime ? record.deliveredAt : draft.deliveredAt,
    },
  };
}

/**
 * Where the API's refusal of a correction belongs in the form: `reason`, `order.repartidor.*`, `order.timestamp`,
 * `order.productos` and `order.productos[2].precio` (or its `cantidad`, `IdProducto`, `producto`); anything else is
 * said above the form.
 */
export function fieldOfProblem(path: string): CorrectionField | undefined {
  if (path === "reason") return "reason";
  if (path.startsWith("order.repartidor")) return "courier";
  if (path === "order.timestamp") return "deliveredAt";
  const line = /^order\.productos\[(\d+)\]\.(\w+)/.exec(path);
  if (line) {
    const field = line[2] === "precio" ? "price" : line[2] === "cantidad" ? "quantity" : "product";
    return `line.${Number(line[1])}.${field}`;
  }
  if (path === "order.productos") return "lines";
  return undefined;
}
