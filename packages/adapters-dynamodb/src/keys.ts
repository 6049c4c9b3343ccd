import { RANK_SHARDS } from "./tables.js";

/**
 * Key and attribute conventions of the projection tables, in one place so the writer (the projection
 * store), the reader (the monitor queries) and a future rebuild agree. See docs/data-model.md.
 */

/** The first generation; also what "no GENERATION item" means. */
export const INITIAL_GENERATION = 1;

/** ProjectorState item holding the generation the monitor reads and the projector writes. */
export const ACTIVE_GENERATION_KEY = { pk: "GENERATION", sk: "ACTIVE" } as const;

/** ProjectorState partition of the per-feed-partition watermarks (sk = the partition, e.g. a shard id). */
export const WATERMARK_PK = "WATERMARK";

/** ProjectorState item holding a generation's totals. */
export const totalsKey = (generation: number) => ({ pk: `TOTALS#${generation}`, sk: "ALL" }) as const;

/** 32-bit FNV-1a: the same on every platform and release, so an id's shard never moves. */
function fnv1a(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** Write shard of a product or courier in the ranking indexes. */
export const rankShardOf = (id: string): number => fnv1a(id) % RANK_SHARDS;

/** Partition key of the ranking indexes (by_units, by_revenue): `${generation}#${shard}`. */
export const rankKey = (generation: number, id: string): string => `${generation}#${rankShardOf(id)}`;

/** Every ranking-index partition of a generation: one Query each gives a top-N candidate list. */
export const rankKeysOf = (generation: number): string[] => Array.from({ length: RANK_SHARDS }, (_, shard) => `${generation}#${shard}`);

/** Business-zone day of an hour label (`2024-09-11T18:00:00-05:00` -> `2024-09-11`). */
export const dayOfHour = (hour: string): string => hour.slice(0, 10);

/** Hourly table partition: one per generation and business-zone day. */
export const hourlyBucket = (generation: number, hour: string): string => `${generation}#${dayOfHour(hour)}`;

/** Hourly table sort key: hour first so a range of hours is one key range. */
export const hourCourier = (hour: string, courierId: string): string => `${hour}#${courierId}`;

/**
 * Hourly items expire this long after their hour (a year of history plus a margin), or after their last
 * write when that is later: an item written already past its expiry (a rebuild from old orders) would
 * otherwise be deleted by TTL right away.
 */
export const HOURLY_RETENTION_DAYS = 400;

/** Watermarks expire this long after their last write: past the stream's 24 h retention, with a margin. */
export const WATERMARK_RETENTION_HOURS = 48;

export const hourlyExpiresAt = (hour: string, nowMs: number): number => Math.floor(Math.max(Date.parse(hour), nowMs) / 1000) + HOURLY_RETENTION_DAYS * 86_400;
