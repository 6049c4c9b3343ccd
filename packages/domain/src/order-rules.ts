import * as z from "zod";
import type { ValidationIssue } from "./errors.js";
import { formatCents, formatCentsText, type Cents } from "./money.js";
import { orderTotal, orderUnits, type Order, type OrderLine } from "./order.js";
import { priceSchema, timestampTextSchema } from "./order-fields.js";
import { ORDER_LIMITS } from "./order-limits.js";
import { placeOrderCommandSchema, type ParsedOrderCommand } from "./place-order-command.js";
import { err, ok, type Result } from "./result.js";
import { DEFAULT_BUSINESS_TIME_ZONE, instantFromEpochMs, parseTimestamp, type Instant } from "./time.js";
import { formatIssuePath, issuesFromZod } from "./validation-issues.js";

/** The settings an order is judged with: `PlaceOrder`'s time zone and limits. */
export interface OrderRuleSettings {
  /** IANA zone for timestamps sent without one. */
  readonly timeZone: string;
  /** Highest unit price in cents. */
  readonly maxUnitPriceCents: Cents;
  /** Highest order total in cents. */
  readonly maxOrderTotalCents: Cents;
  /** How far after receipt a delivery timestamp may be, ms. */
  readonly maxClockSkewMs: number;
}

export interface OrderParsingOptions extends Partial<OrderRuleSettings> {
  /**
   * When the order was received, epoch ms. Given, the delivery may be at most `maxClockSkewMs` after it.
   * Default: the delivery time, for orders rebuilt from data (no skew rule then).
   */
  readonly receivedAtMs?: number;
}

/** What the rules across fields read: the delivery time's text and each line's price (in cents) and quantity. */
interface AcrossFields {
  /** Undefined when the field was refused on its own. */
  readonly deliveredAt?: string | undefined;
  /** Undefined when `lines` is not a list. A price is undefined when refused on its own; a quantity is as sent. */
  readonly lines?: readonly { readonly unitPrice?: Cents | undefined; readonly quantity?: unknown }[] | undefined;
}

type Report = (path: readonly (string | number)[], message: string) => void;

const formatDuration = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}` : `${ms / 1000} seconds`;

/**
 * The rules that need the settings or span several fields, in the order a client reads them: the timestamp in the
 * business time zone, the clock skew, each unit price's cap, the total's cap, the units per order. Returns the
 * delivery instant when the timestamp reads.
 */
function judgeAcrossFields(
  order: AcrossFields,
  settings: OrderRuleSettings,
  receivedAtMs: number | undefined,
  report: Report,
): Instant | undefined {
  const time = order.deliveredAt === undefined ? undefined : parseTimestamp(order.deliveredAt, settings.timeZone);
  if (time && !time.ok) {
    report(
      ["deliveredAt"],
      time.reason === "format"
        ? "deliveredAt must look like 2024-09-11 18:27:09.039464 or 2024-09-11T18:27:09-05:00"
        : time.reason === "calendar"
          ? "deliveredAt is not a real date and time (from 1970)"
          : "deliveredAt has an impossible UTC offset",
    );
  }
  if (time?.ok && receivedAtMs !== undefined && time.instant.epochMs - receivedAtMs > settings.maxClockSkewMs) {
    report(
      ["deliveredAt"],
      `deliveredAt ${time.instant.iso} is after the order was received (${instantFromEpochMs(receivedAtMs).iso}) ` +
        `by more than the ${formatDuration(settings.maxClockSkewMs)} allowed for clock differences; a delivery cannot be in the future (check the phone's clock)`,
    );
  }
  if (order.lines !== undefined) judgeLines(order.lines, settings, report);
  return time?.ok ? time.instant : undefined;
}

function judgeLines(lines: NonNullable<AcrossFields["lines"]>, settings: OrderRuleSettings, report: Report): void {
  // Caps on well-formed prices only (a malformed one is already reported at its own path); BigInt keeps the
  // total exact whatever the quantities.
  let total = 0n;
  let totalKnown = true;
  lines.forEach((line, index) => {
    const quantity = line.quantity ?? 1;
    if (
      line.unitPrice === undefined ||
      typeof quantity !== "number" ||
      !Number.isSafeInteger(quantity) ||
      quantity < 1
    ) {
      totalKnown = false;
      return;
    }
    if (line.unitPrice > settings.maxUnitPriceCents)
      report(["lines", index, "unitPrice"], `unitPrice must be at most ${formatCents(settings.maxUnitPriceCents)}`);
    total += BigInt(line.unitPrice) * BigInt(quantity);
  });
  if (totalKnown && total > BigInt(settings.maxOrderTotalCents)) {
    report(
      ["lines"],
      `the order's total must be at most ${formatCents(settings.maxOrderTotalCents)} (this one is ${formatCentsText(total)})`,
    );
  }
  // Counted only over well-formed quantities, so one bad quantity is reported once, at its own path.
  const quantities = lines.map((line) => line.quantity ?? 1);
  const wellFormed = (q: unknown): q is number =>
    typeof q === "number" && Number.isInteger(q) && q >= 1 && q <= ORDER_LIMITS.maxUnitsPerLine;
  const units = quantities.every(wellFormed) ? quantities.reduce((sum, q) => sum + q, 0) : 0;
  if (units > ORDER_LIMITS.maxUnitsPerOrder) {
    report(["lines"], `an order may carry at most ${ORDER_LIMITS.maxUnitsPerOrder} units (this one has ${units})`);
  }
}

/**
 * The fields the rules across fields read, each read on its own and kept only if it reads (a refused one is
 * `undefined`): for an order refused elsewhere, so the client sees every problem at once. Only refused orders are
 * read this way, so an accepted order's prices are read once.
 */
const acrossFieldsSchema = z
  .object({
    deliveredAt: timestampTextSchema("deliveredAt").optional().catch(undefined),
    lines: z
      .array(
        z
          .object({ unitPrice: priceSchema("unitPrice").optional().catch(undefined), quantity: z.unknown().optional() })
          .catch({ unitPrice: undefined, quantity: undefined }),
      )
      .optional()
      .catch(undefined),
  })
  .catch({ deliveredAt: undefined, lines: undefined });

function orderFrom(command: ParsedOrderCommand, delivered: Instant, receivedAtMs: number | undefined): Order {
  const lines: OrderLine[] = command.lines.map((line) => ({
    productId: line.productId,
    productName: line.productName,
    unitPrice: line.unitPrice,
    quantity: line.quantity ?? 1,
  }));
  return {
    id: command.orderId,
    courier: command.courier,
    lines,
    total: orderTotal(lines),
    units: orderUnits(lines),
    deliveredAt: delivered.iso,
    receivedAt: receivedAtMs === undefined ? delivered.iso : instantFromEpochMs(receivedAtMs).iso,
  };
}

/**
 * Reads an untrusted order (a `PlaceOrderCommand` as sent) into an Order with a use case's settings, received at
 * `receivedAtMs`, or names every offending field (`lines[1].unitPrice`). Each field's own rules first
 * (`placeOrderCommandSchema`), then the rules across fields (timestamp in the business time zone, clock skew,
 * price and total caps, units per order), which run on whatever parsed so a client sees every problem at once.
 */
export function readOrder(
  input: unknown,
  settings: OrderRuleSettings,
  receivedAtMs?: number,
): Result<Order, ValidationIssue[]> {
  const parsed = placeOrderCommandSchema.safeParse(input);
  const issues: ValidationIssue[] = parsed.success ? [] : issuesFromZod(parsed.error);
  const report: Report = (path, message) => issues.push({ path: formatIssuePath(path), message });
  if (!parsed.success) {
    judgeAcrossFields(acrossFieldsSchema.parse(input), settings, receivedAtMs, report);
    return err(issues);
  }
  const order = parsed.data;
  const delivered = judgeAcrossFields(order, settings, receivedAtMs, report);
  return issues.length > 0 || delivered === undefined ? err(issues) : ok(orderFrom(order, delivered, receivedAtMs));
}

/** `readOrder` with settings defaulting to `ORDER_LIMITS` and America/Bogota (for orders read outside `PlaceOrder`). */
export function parseOrderInput(input: unknown, options: OrderParsingOptions = {}): Result<Order, ValidationIssue[]> {
  const settings: OrderRuleSettings = {
    timeZone: options.timeZone ?? DEFAULT_BUSINESS_TIME_ZONE,
    maxUnitPriceCents: options.maxUnitPriceCents ?? ORDER_LIMITS.maxUnitPriceCents,
    maxOrderTotalCents: options.maxOrderTotalCents ?? ORDER_LIMITS.maxOrderTotalCents,
    maxClockSkewMs: options.maxClockSkewMs ?? ORDER_LIMITS.maxClockSkewMs,
  };
  return readOrder(input, settings, options.receivedAtMs);
}
