/**
 * Money is an integer number of cents. Every sum in the domain is integer addition, so
 * `0.1 + 0.2` style drift cannot happen. Amounts are kept far below Number.MAX_SAFE_INTEGER
 * by the bounds below (a price at most MAX_UNIT_PRICE_CENTS, an order at most MAX_UNITS_PER_ORDER units).
 */
export type Cents = number;

/** The highest accepted unit price: 10,000,000.00 (ten million, two decimals). */
export const MAX_UNIT_PRICE_CENTS: Cents = 1_000_000_000;

export type MoneyParseError = "not-a-number" | "negative" | "not-finite" | "too-many-decimals" | "too-large";

/**
 * Reads a price as couriers send it (a JSON number such as 8.0 or 0.5, or a decimal string "8.00")
 * into exact cents without floating-point arithmetic: the number's shortest decimal text is parsed.
 */
export function parseMoney(input: number | string): { ok: true; cents: Cents } | { ok: false; reason: MoneyParseError } {
  if (typeof input === "number") {
    if (Number.isNaN(input)) return { ok: false, reason: "not-a-number" };
    if (!Number.isFinite(input)) return { ok: false, reason: "not-finite" };
    if (input < 0) return { ok: false, reason: "negative" };
  }
  const text = typeof input === "number" ? String(input) : input.trim();
  if (text.startsWith("-")) return { ok: false, reason: "negative" };
  const exponent = /^\d+(?:\.\d+)?e([+-]?)\d+$/i.exec(text);
  // String(1e-7) is "1e-7" (too many decimals); String(1e21) is "1e+21" (too large).
  if (exponent) return { ok: false, reason: exponent[1] === "-" ? "too-many-decimals" : "too-large" };
  const decimal = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!decimal) return { ok: false, reason: "not-a-number" };
  const [, whole = "", fraction = ""] = decimal;
  if (fraction.length > 2) return { ok: false, reason: "too-many-decimals" };
  if (whole.replace(/^0+/, "").length > 10) return { ok: false, reason: "too-large" };
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents > MAX_UNIT_PRICE_CENTS) return { ok: false, reason: "too-large" };
  return { ok: true, cents };
}

/** Exact decimal text with two places: 1050 -> "10.50". */
export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer amount of cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Sum of cents, refusing to leave the range where integers are exact. */
export function addCents(a: Cents, b: Cents): Cents {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError("money total exceeds the exact integer range");
  return sum;
}

export function multiplyCents(cents: Cents, quantity: number): Cents {
  const product = cents * quantity;
  if (!Number.isSafeInteger(product)) throw new RangeError("money total exceeds the exact integer range");
  return product;
}
