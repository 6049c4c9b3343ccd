import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Totals } from "@cargo-express/domain";
import { batchGetItems } from "./batch.js";
import { COURIER, dayKey, META, SHARD_NUMBERS } from "./keys.js";
import { type WholeNumberRules, wholeNumber } from "./whole-number.js";

/**
 * Each day's totals from the generation's day items (one per day and shard): every figure an order adds lands in
 * its courier's attributes of one day item, or in the item's unlisted counters, so a day's totals are the sum of
 * the couriers' orders, units and money plus those counters over its shards. Read with BatchGetItem in chunks of
 * 100 keys: ceil(days x shards / 100) requests (8 for 400 days), whatever the number of orders. Eventually
 * consistent, as the monitor's reads.
 */
export async function readDailyTotals(
  client: DynamoDBDocumentClient,
  table: string,
  generation: number,
  days: readonly string[],
): Promise<Map<string, Totals>> {
  const unique = [...new Set(days)];
  const keys = unique.flatMap((day) => SHARD_NUMBERS.map((shard) => dayKey(generation, day, shard)));
  const found = await batchGetItems(client, [{ table, keys, consistentRead: false }], "read daily totals");
  const dayOf = new Map<string, string>(
    unique.flatMap((day) => SHARD_NUMBERS.map((shard) => [dayKey(generation, day, shard).delivery_id, day] as const)),
  );
  const totals = new Map<string, Totals>();
  for (const item of found.get(table) ?? []) {
    const day = dayOf.get(String(item.delivery_id));
    if (day === undefined) continue;
    const sum = totals.get(day) ?? { orders: 0, units: 0, revenue: 0 };
    const add = itemTotals(item);
    totals.set(day, {
      orders: sum.orders + add.orders,
      units: sum.units + add.units,
      revenue: sum.revenue + add.revenue,
    });
  }
  return totals;
}

/** One day item's totals: its listed couriers' figures and its unlisted couriers' counters. */
function itemTotals(item: Record<string, unknown>): Totals {
  let orders = wholeNumber(item, META.unlistedOrders, COUNTER_OR_ZERO);
  let units = wholeNumber(item, META.unlistedCourierUnits, COUNTER_OR_ZERO);
  let revenue = wholeNumber(item, META.unlistedCourierRevenue, COUNTER_OR_ZERO);
  for (const attribute of Object.keys(item)) {
    if (attribute[0] !== COURIER.orders) continue;
    const id = attribute.slice(1);
    orders += wholeNumber(item, attribute, COUNTER_OR_ZERO);
    units += wholeNumber(item, COURIER.units + id, COUNTER_OR_ZERO);
    revenue += wholeNumber(item, COURIER.revenue + id, COUNTER_OR_ZERO);
  }
  return { orders, units, revenue };
}

/** As the monitor reads counters (monitor-queries.ts): absent is zero, beyond 2^53 the nearest double. */
const COUNTER_OR_ZERO: WholeNumberRules = {
  describe: (item) => `projection item ${String(item.delivery_id)}`,
  absent: "zero",
  beyondSafeInteger: "nearest-double",
  negative: "allowed",
};
