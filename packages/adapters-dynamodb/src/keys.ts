import { RANK_SHARDS } from "./tables.js";

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

/** 32-bit FNV-1a: the same on every platform and release, so an id's shard never moves. */
function fnv1a(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** Write shard of a product in the `by_units` ranking index. */
export const rankShardOf = (id: string): number => fnv1a(id) % RANK_SHARDS;

/** Partition key of the `by_units` ranking index: `${generation}#${shard}`. */
export const rankKey = (generation: number, id: string): string => `${generation}#${rankShardOf(id)}`;

/** Every ranking-index partition of a generation: one Query each gives a top-N candidate list. */
export const rankKeysOf = (generation: number): string[] => Array.from({ length: RANK_SHARDS }, (_, shard) => `${generation}#${shard}`);

/**
 * Every Deliveries item of a generation has a `delivery_id` starting with this prefix (`1#` cannot
 * match `12#...`: the character after the digits is always `#`).
 */
export const deliveriesPrefix = (generation: number): string => `${generation}#`;

/** The Deliveries item summarising every courier of a generation, plus the generation's totals. */
export const couriersKey = (generation: number) => ({ delivery_id: `${deliveriesPrefix(generation)}COURIERS` }) as const;

/** The Deliveries item of one business-zone hour (`2024-09-11T18:00:00-05:00`) of a generation. */
export const hourKey = (generation: number, hour: string) => ({ delivery_id: `${deliveriesPrefix(generation)}${hour}` }) as const;

/**
 * The Deliveries item of one business day (`2024-09-11`) of a generation: the day's totals and each
 * courier's and product's figures that day (numbers only; names live in the all-time items).
 */
export const dayKey = (generation: number, day: string) => ({ delivery_id: `${deliveriesPrefix(generation)}D#${day}` }) as const;

/** Day items: a product's figures that day (`p_units_<id>`, `p_revenue_cents_<id>`); couriers use `courierAttributes`. */
export const DAY_PRODUCT_ATTRIBUTE_PREFIX = { units: "p_units_", revenue: "p_revenue_cents_" } as const;
export const dayProductAttributes = (productId: string) => ({
  units: `${DAY_PRODUCT_ATTRIBUTE_PREFIX.units}${productId}`,
  revenue: `${DAY_PRODUCT_ATTRIBUTE_PREFIX.revenue}${productId}`,
});

/**
 * Attribute names of the couriers item. Each courier has five attributes suffixed with its id; the
 * totals have bare names. Courier ids are digits, so no name of one courier is a prefix-collision of
 * another's; readers find couriers by the `orders_` prefix and then read the other four by name.
 * Always used through ExpressionAttributeNames.
 */
export const COURIER_ATTRIBUTE_PREFIX = {
  orders: "orders_",
  units: "units_",
  revenue: "revenue_cents_",
  name: "name_",
  nameStamp: "name_stamp_",
} as const;

export const courierAttributes = (courierId: string) => ({
  orders: `${COURIER_ATTRIBUTE_PREFIX.orders}${courierId}`,
  units: `${COURIER_ATTRIBUTE_PREFIX.units}${courierId}`,
  revenue: `${COURIER_ATTRIBUTE_PREFIX.revenue}${courierId}`,
  name: `${COURIER_ATTRIBUTE_PREFIX.name}${courierId}`,
  nameStamp: `${COURIER_ATTRIBUTE_PREFIX.nameStamp}${courierId}`,
});

/** The generation's totals, in the couriers item. */
export const TOTALS_ATTRIBUTES = { orders: "orders", units: "units", revenue: "revenue_cents" } as const;

/** Hour items: orders a courier delivered in that hour. */
export const DELIVERIES_ATTRIBUTE_PREFIX = "deliveries_";
export const deliveriesAttribute = (courierId: string): string => `${DELIVERIES_ATTRIBUTE_PREFIX}${courierId}`;

/**
 * Hour items expire this long after their hour (a year of history plus a margin), or after their last
 * write when that is later: an item written already past its expiry (a rebuild from old orders) would
 * otherwise be deleted by TTL right away. The couriers item has no `expires_at`: it never expires.
 */
export const HOURLY_RETENTION_DAYS = 400;

/** Watermarks expire this long after their last write: past the stream's 24 h retention, with a margin. */
export const WATERMARK_RETENTION_HOURS = 48;

/** Day items expire like hour items, counted from the end of their day (`2024-09-11`, read as UTC: a day's margin). */
export const dailyExpiresAt = (day: string, nowMs: number): number => Math.floor(Math.max(Date.parse(day) + 2 * 86_400_000, nowMs) / 1000) + HOURLY_RETENTION_DAYS * 86_400;

export const hourlyExpiresAt = (hour: string, nowMs: number): number => Math.floor(Math.max(Date.parse(hour), nowMs) / 1000) + HOURLY_RETENTION_DAYS * 86_400;
