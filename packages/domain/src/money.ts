/**
 * Money is an integer number of cents. Every sum in the domain is integer addition, so
 * `0.1 + 0.2` style drift cannot happen. Amounts are kept far below Number.MAX_SAFE_INTEGER
 * by the caps below (the arithmetic is in the package README, "Caps").
 */
export type Cents = number;

/** Default highest unit price: 10,000.00 (the dearest product in the catalogue costs 12.00). */
export const MAX_UNIT_PRICE_CENTS: Cents = 1_000_000;

/** Default highest order total: 100,000.00. At 40,000 orders a day all at this cap, 2^53 cents takes 61 years. */
export const MAX_ORDER_TOTAL_CENTS: Cents = 10_000_000;

export type MoneyParseError = "not-a-number" | "negative" | "not-finite" | "too-many-decimals" | "too-large";

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Reads a price into exact cents without floating-point arithmetic. Text (the number's exact JSON text, or a
 * decimal string "8.00") is read digit by digit, so `8.499999999999999999` has too many decimals even though a
 * float would round it to 8.5; trailing zeros do not count (`8.50000` is 8.50). A JS number is read from its
 * shortest decimal text, which is all a number that has already been through `JSON.parse` still knows.
 */
export function parseMoney(
  input: number | string,
  maxCents: Cents = MAX_UNIT_PRICE_CENTS,
): { ok: true; cents: Cents } | { ok: false; reason: MoneyParseError } {
  if (typeof input === "number") {
    if (Number.isNaN(input)) return { ok: false, reason: "not-a-number" };
    if (!Number.isFinite(input)) return { ok: false, reason: "not-finite" };
    if (input < 0) return { ok: false, reason: "negative" };
  }
  const text = typeof input === "number" ? String(input) : input.trim();
  if (text.startsWith("-")) return { ok: false, reason: "negative" };
  const decimal = DECIMAL.exec(text);
  if (!decimal) return { ok: false, reason: "not-a-number" };
  const [, whole = "", fraction = "", exponentText = "0"] = decimal;
  // value = digits x 10^-scale, with digits stripped of leading and trailing zeros.
  let digits = (whole + fraction).replace(/^0+/, "");
  if (digits === "") return { ok: true, cents: 0 };
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent))
    return { ok: false, reason: exponentText.startsWith("-") ? "too-many-decimals" : "too-large" };
  let scale = fraction.length - exponent;
  const trailingZeros = /0*$/.exec(digits)![0].length;
  digits = digits.slice(0, digits.length - trailingZeros);
  scale -= trailingZeros;
  if (scale > 2) return { ok: false, reason: "too-many-decimals" };
  // Digits of the whole amount in cents; more than 15 is beyond any cap (and beyond exact integers).
  if (digits.length + (2 - scale) > 15) return { ok: false, reason: "too-large" };
  const cents = Number(digits) * 10 ** (2 - scale);
  if (cents > maxCents) return { ok: false, reason: "too-large" };
  return { ok: true, cents };
}

/**
 * Exact decimal text with two places: 1050 -> "10.50". A whole number beyond 2^53 (a counter read from storage
 * past the exact range) is written as the exact value of that double, never in exponent form.
 */
export function formatCents(cents: Cents): string {
  if (!Number.isInteger(cents)) throw new RangeError(`not an integer amount of cents: ${cents}`);
  if (!Number.isSafeInteger(cents)) return formatCentsText(BigInt(cents));
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * Exact decimal text with two places for an integer amount of cents given as its decimal digits, for
 * counters read from storage beyond Number.MAX_SAFE_INTEGER: "900719925474099312" -> "9007199254740993.12".
 */
export function formatCentsText(cents: string | bigint): string {
  const text = String(cents);
  if (!/^-?\d+$/.test(text)) throw new RangeError(`not an integer amount of cents: ${text}`);
  const sign = text.startsWith("-") ? "-" : "";
  const digits = text
    .replace(/^-/, "")
    .replace(/^0+(?=\d)/, "")
    .padStart(3, "0");
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
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
