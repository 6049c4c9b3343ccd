/**
 * Whole numbers read back from stored items, in one place: what the client hands back for a DynamoDB number is a JS
 * number, or an exact bigint for a whole number beyond 2^53 (`readStoredNumber` in client.ts). Each reader states
 * which values it accepts with a `WholeNumberRules`, so the difference between, say, a monitor counter and a
 * generation number is written down rather than hidden in two look-alike helpers.
 */

type Item = Record<string, unknown>;

export interface WholeNumberRules {
  /** Names the item in an error, e.g. `projection item 7` or `ProjectorState GENERATION/ACTIVE`. */
  readonly describe: (item: Item) => string;
  /** An absent attribute: `"invalid"` throws, `"zero"` reads as 0. */
  readonly absent: "invalid" | "zero";
  /**
   * A bigint beyond Number.MAX_SAFE_INTEGER: `"nearest-double"` hands it on as the nearest JS number (a counter
   * the domain's figures cannot hold exactly, see the domain README), `"invalid"` throws.
   */
  readonly beyondSafeInteger: "nearest-double" | "invalid";
  /** Whether a negative value is accepted. */
  readonly negative: "allowed" | "invalid";
}

/**
 * `item[attribute]` as a whole number under `rules`; anything else throws an Error naming the item, the attribute
 * and the value found.
 */
export function wholeNumber(item: Item, attribute: string, rules: WholeNumberRules): number {
  const value = item[attribute];
  if (value === undefined) {
    if (rules.absent === "zero") return 0;
    throw new Error(`${rules.describe(item)} is missing whole-number attribute ${attribute}`);
  }
  if (
    typeof value === "bigint" &&
    rules.beyondSafeInteger === "nearest-double" &&
    value > BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || (rules.negative === "invalid" && value < 0)) {
    const expected = rules.negative === "invalid" ? "a whole number from 0" : "a whole number";
    throw new Error(`${rules.describe(item)} has an invalid ${attribute} (expected ${expected}): ${String(value)}`);
  }
  return value;
}
