import { MAX_ORDER_TOTAL_CENTS, MAX_UNIT_PRICE_CENTS } from "./money.js";

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
  /**
   * Default bound on how long before its receipt a courier may date a delivery (phones may be offline for days);
   * dispatchers are not bound. Applied where the poster's role is known: `PlaceOrder.execute`'s `maxDeliveryAgeMs`.
   */
  maxDeliveryAgeMs: 7 * 86_400_000,
} as const;

/** Longest delivery timestamp text read; longer text is refused before it is parsed. */
export const TIMESTAMP_MAX_LENGTH = 40;
