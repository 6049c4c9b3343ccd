import {
  dayOfHour,
  emptyDayDelta,
  emptyDelta,
  mergeDelta,
  type DayDelta,
  type HourlyDeliveries,
  type ProjectionDelta,
} from "@cargo-express/domain";
import { courierShardOf } from "../keys.js";

/** What a commit adds to one shard's all-time item: the couriers of the shard and their orders' products. */
export interface AllTimeChange {
  readonly shard: number;
  readonly couriers: ProjectionDelta["couriers"];
  readonly products: ProjectionDelta["products"];
}

/** What a commit adds to one day item (a business day and a shard). */
export interface DayChange {
  readonly day: string;
  readonly shard: number;
  readonly couriers: DayDelta["couriers"];
  readonly products: DayDelta["products"];
  /** The deliveries per business-zone hour of this day, of the shard's couriers. */
  readonly hours: readonly HourlyDeliveries[];
}

/** The items one commit writes besides the watermark, in key order (so equal plans make equal requests). */
export interface CommitPlan {
  /** By shard. */
  readonly allTime: readonly AllTimeChange[];
  /** By day, then shard. */
  readonly days: readonly DayChange[];
}

/**
 * Groups the orders' contributions by the item they land in: each courier's figures in its shard, each
 * order's products in its courier's shard. An order's delta has one courier; a delta with products and
 * several couriers is not an order's and is refused. The deltas are cut into one share per shard and the
 * shares added up with the domain's `mergeDelta` (numbers add in exact cents, the newer name wins).
 */
export function planCommit(orders: readonly ProjectionDelta[]): CommitPlan {
  const byShard = new Map<number, ProjectionDelta>();
  for (const delta of orders) {
    for (const [shard, share] of sharesOf(delta)) {
      const sum = byShard.get(shard);
      if (sum === undefined) byShard.set(shard, share);
      else mergeDelta(sum, share);
    }
  }
  const shards = [...byShard].sort(([a], [b]) => a - b);
  const allTime: AllTimeChange[] = [];
  const days: DayChange[] = [];
  for (const [shard, share] of shards) {
    if (share.couriers.size > 0 || share.products.size > 0)
      allTime.push({ shard, couriers: share.couriers, products: share.products });
    const hours = [...share.hourly.values()];
    const touched = new Set([...share.days.keys(), ...hours.map((h) => dayOfHour(h.hour))]);
    for (const day of touched) {
      const figures = share.days.get(day) ?? emptyDayDelta();
      days.push({
        day,
        shard,
        couriers: figures.couriers,
        products: figures.products,
        hours: hours.filter((h) => dayOfHour(h.hour) === day),
      });
    }
  }
  days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.shard - b.shard));
  return { allTime, days };
}

/** Items one commit writes, the watermark included. */
export const transactionItemCount = (plan: CommitPlan): number => 1 + plan.allTime.length + plan.days.length;

/**
 * One delta cut by the shard of the items it lands in. The shares carry no totals (left at zero): the items
 * keep no totals, the monitor adds up the couriers' figures.
 */
function sharesOf(delta: ProjectionDelta): Map<number, ProjectionDelta> {
  const couriers = [...delta.couriers.keys()];
  const hasProducts = delta.products.size > 0 || [...delta.days.values()].some((d) => d.products.size > 0);
  if (hasProducts && couriers.length > 1)
    throw new RangeError(
      `a delta with products must have at most one courier (one order's); this one has ${couriers.length}`,
    );
  // An order's products go with its courier; products with no courier (hand-made deltas) to shard 0.
  const productShard = couriers.length === 1 ? courierShardOf(couriers[0]!) : 0;
  const shares = new Map<number, ProjectionDelta>();
  const shareOf = (shard: number): ProjectionDelta => {
    let share = shares.get(shard);
    if (share === undefined) shares.set(shard, (share = emptyDelta()));
    return share;
  };
  const dayShareOf = (shard: number, day: string): DayDelta => {
    const share = shareOf(shard);
    let dayShare = share.days.get(day);
    if (dayShare === undefined) share.days.set(day, (dayShare = emptyDayDelta()));
    return dayShare;
  };
  for (const [id, figures] of delta.couriers) shareOf(courierShardOf(id)).couriers.set(id, figures);
  for (const [id, figures] of delta.products) shareOf(productShard).products.set(id, figures);
  for (const [day, d] of delta.days) {
    for (const [id, figures] of d.couriers) dayShareOf(courierShardOf(id), day).couriers.set(id, figures);
    for (const [id, figures] of d.products) dayShareOf(productShard, day).products.set(id, figures);
  }
  for (const [key, h] of delta.hourly) shareOf(courierShardOf(h.courierId)).hourly.set(key, h);
  return shares;
}
