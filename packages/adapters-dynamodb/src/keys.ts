import { fnv1a32, type NameStamp } from "@cargo-express/domain";

/**
 * Key and attribute conventions of the projection tables, in one place so the writer (the projection
 * store), the reader (the monitor queries) and the rebuild tools agree. See docs/data-model.md.
 */

/** The first generation; also what "no GENERATION item" means. */
export const INITIAL_GENERATION = 1;

/** ProjectorState item holding the generation the monitor reads and the projector writes. */
export const ACTIVE_GENERATION_KEY = { pk: "GENERATION", sk: "ACTIVE" } as const;

/** ProjectorState partition of the per-feed-partition watermarks (sk = the partition, e.g. a shard id). */
export const WATERMARK_PK = "WATERMARK";

/**
 * The read model is split by courier into `READ_MODEL_SHARDS` shards (FNV-1a of the courier id): every figure an
 * order adds lands in its courier's shard, so one order writes one all-time item and one day item, whatever its
 * products. A product's figures are kept in each shard whose couriers sold it, and summed when read. Changing
 * the number of shards changes where figures live: only with a rebuild into a new generation.
 */
export const READ_MODEL_SHARDS = 2;

/** The shard of a courier's figures (all-time and daily items). */
export const courierShardOf = (courierId: string): number => fnv1a32(courierId) % READ_MODEL_SHARDS;

/** Every shard number, in order. */
export const SHARD_NUMBERS: readonly number[] = Array.from({ length: READ_MODEL_SHARDS }, (_, shard) => shard);

/**
 * Every Deliveries item of a generation has a `delivery_id` starting with this prefix (`1#` cannot
 * match `12#...`: the character after the digits is always `#`).
 */
export const deliveriesPrefix = (generation: number): string => `${generation}#`;

/** The all-time item of one shard: its couriers' figures and names, and the products they sold. */
export const allTimeKey = (generation: number, shard: number) =>
  ({ delivery_id: `${deliveriesPrefix(generation)}A#${shard}` }) as const;

/**
 * The item of one business day (`2024-09-11`) and shard: its couriers' figures that day, their deliveries per
 * hour, and the products they sold that day (numbers only; names live in the all-time items).
 */
export const dayKey = (generation: number, day: string, shard: number) =>
  ({ delivery_id: `${deliveriesPrefix(generation)}D#${day}#${shard}` }) as const;

/**
 * Attribute names inside the all-time and day items. The first character says what an attribute is, the
 * rest is the id, so a courier's and a product's attributes never collide, whatever the product id:
 * - couriers: `O<id>` orders delivered, `U<id>` units of product delivered, `R<id>` money (cents);
 *   all-time items also `N<id>`: the display name with its recency stamp (`nameValue`);
 * - products: `u<id>` units sold, `r<id>` money (cents); all-time items also `n<id>` (name and stamp);
 * - day items: `H<hour code><courier id>`: orders the courier delivered in that hour (`hourCode`);
 * - bookkeeping starts with `_`: `_c` / `_p` couriers / products listed in the item, `_v` the item's version
 *   (moved by every write that sets a name or lists a new courier or product), and the figures of couriers and
 *   products beyond the item's cap: `_O`, `_U`, `_R` and `_u`, `_r`.
 * Always used through ExpressionAttributeNames. Key and plain attributes (`delivery_id`, `day`, `expires_at`)
 * start with lower-case letters no figure uses.
 */
export const COURIER = { orders: "O", units: "U", revenue: "R", name: "N" } as const;
export const PRODUCT = { units: "u", revenue: "r", name: "n" } as const;
export const HOUR_PREFIX = "H";
export const META = {
  listedCouriers: "_c",
  listedProducts: "_p",
  version: "_v",
  unlistedOrders: "_O",
  unlistedCourierUnits: "_U",
  unlistedCourierRevenue: "_R",
  unlistedProductUnits: "_u",
  unlistedProductRevenue: "_r",
} as const;

/**
 * Most couriers and most products one item lists; the rest of their figures go to the item's `_O`... counters
 * (counted in the totals, shown as "unlisted"). Sized so that no item can approach DynamoDB's 400 KB: a listed
 * courier takes at most about 0.4 KB in an all-time item (a 256-byte name) and 0.8 KB in a day item (25 hours),
 * a product at most about 0.5 KB (a 64-character id, a 256-byte name): 250 of each stay under 250 KB.
 */
export const MAX_LISTED_PER_ITEM = 250;

/** Code of a business-zone hour inside its day's item: its UTC hour number modulo 36^3, 3 base-36 digits. */
export const hourCode = (hour: string): string => {
  const epochHours = Math.floor(Date.parse(hour) / 3_600_000);
  if (!Number.isSafeInteger(epochHours)) throw new RangeError(`not an hour label: ${hour}`);
  return (epochHours % 46_656).toString(36).padStart(3, "0");
};

/** Attribute of a courier's deliveries in one hour of a day item. */
export const hourAttribute = (hour: string, courierId: string): string => `${HOUR_PREFIX}${hourCode(hour)}${courierId}`;

/**
 * A display name as stored: `<stamp> <name>`. Stamps never hold a space and a space sorts before every stamp
 * character, so comparing two stored values (`<` in a condition, or here) compares their stamps first.
 */
export const nameValue = (stamp: NameStamp, name: string): string => {
  if (stamp.includes(" ") || stamp.length === 0)
    throw new RangeError(`a name stamp must be non-empty and hold no space: ${JSON.stringify(stamp)}`);
  return `${stamp} ${name}`;
};

export const parseNameValue = (value: string): { stamp: NameStamp; name: string } => {
  const space = value.indexOf(" ");
  if (space <= 0) throw new Error(`stored display name has no stamp: ${JSON.stringify(value)}`);
  return { stamp: value.slice(0, space), name: value.slice(space + 1) };
};

/**
 * Day items expire this long after their day (a year of history plus a margin), or after their last write
 * when that is later: an item written already past its expiry (a rebuild from old orders) would otherwise be
 * deleted by TTL right away. All-time items have no `expires_at`: they never expire.
 */
const DAILY_RETENTION_DAYS = 400;

/** Watermarks expire this long after their last write: past the stream's 24 h retention, with a margin. */
export const WATERMARK_RETENTION_HOURS = 48;

/** Expiry of a day item, counted from the end of its day (`2024-09-11`, read as UTC: a day's margin). */
export const dailyExpiresAt = (day: string, nowMs: number): number =>
  Math.floor(Math.max(Date.parse(day) + 2 * 86_400_000, nowMs) / 1000) + DAILY_RETENTION_DAYS * 86_400;
