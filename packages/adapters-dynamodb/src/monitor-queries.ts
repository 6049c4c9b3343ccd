import {
  compareCouriers,
  compareHourly,
  compareProducts,
  dayOfHour,
  receivedAtOfStamp,
  systemClock,
  type CourierStats,
  type DailyFigures,
  type HourlyDeliveries,
  type MonitorData,
  type MonitorQueries,
  type MonitorQuery,
  type ProductStats,
  type Totals,
  type Unlisted,
} from "@cargo-express/domain";
import { batchGetItems } from "./batch.js";
import { readDailyTotals } from "./daily-totals.js";
import { generationInUse } from "./generations/generation-cache.js";
import {
  allTimeKey,
  COURIER,
  dayKey,
  HOUR_PREFIX,
  hourCode,
  META,
  parseNameValue,
  PRODUCT,
  SHARD_NUMBERS,
} from "./keys.js";
import type { ProjectionTablesOptions } from "./projection-store/projection-store.js";
import { type WholeNumberRules, wholeNumber } from "./whole-number.js";

export type DynamoDbMonitorQueriesOptions = ProjectionTablesOptions;

type Item = Record<string, unknown>;

interface Counted {
  orders: number;
  units: number;
  revenue: number;
  named?: { stamp: string; name: string };
}

/** The couriers, products and unlisted figures of a set of all-time or day items, summed over their shards. */
interface Figures {
  readonly couriers: Map<string, Counted>;
  readonly products: Map<string, Counted>;
  readonly unlisted: { couriers: Counted; products: { units: number; revenue: number } };
}

const zero = (): Counted => ({ orders: 0, units: 0, revenue: 0 });

/**
 * The monitor's reads: ONE eventually consistent BatchGetItem per report, whatever the number of couriers,
 * products or orders: the generation's all-time items (one per shard) and the day items (one per shard and
 * business day) of the period's days and of the hours shown (at most 8 days for 168 hours: 2 + 2 x 15 keys
 * for the 7-day period). Figures are summed over shards and ranked here with the domain's comparators.
 * A write shows within about a second (eventually consistent reads).
 */
export class DynamoDbMonitorQueries implements MonitorQueries, DailyFigures {
  /** The generation read: pinned, or the active one as this reader's cache knows it. */
  private readonly generation: () => Promise<number>;

  constructor(private readonly options: DynamoDbMonitorQueriesOptions) {
    this.generation = generationInUse({
      client: options.client,
      projectorStateTable: options.tables.projectorState,
      clock: options.clock ?? systemClock,
      ...(options.generation === undefined ? {} : { fixed: options.generation }),
      ...(options.generationCacheMs === undefined ? {} : { cacheMs: options.generationCacheMs }),
    });
  }

  /** The daily series' totals from the same generation's day items (daily-totals.ts). */
  async totalsByDay(days: readonly string[]): Promise<ReadonlyMap<string, Totals>> {
    return readDailyTotals(this.options.client, this.options.tables.deliveries, await this.generation(), days);
  }

  async read(query: MonitorQuery): Promise<MonitorData> {
    const generation = await this.generation();
    const periodDays = query.days === undefined ? undefined : [...new Set(query.days)];
    const hourDays = [...new Set(query.hours.map(dayOfHour))];
    const days = [...new Set([...(periodDays ?? []), ...hourDays])];
    const { deliveries } = this.options.tables;
    const keys = [
      ...SHARD_NUMBERS.map((shard) => allTimeKey(generation, shard)),
      ...days.flatMap((day) => SHARD_NUMBERS.map((shard) => dayKey(generation, day, shard))),
    ];
    const found = await batchGetItems(
      this.options.client,
      [{ table: deliveries, keys, consistentRead: false }],
      "read monitor",
    );
    const byId = new Map<string, Item>();
    for (const item of found.get(deliveries) ?? []) byId.set(String(item.delivery_id), item);
    const items = (ids: readonly { delivery_id: string }[]): Item[] =>
      ids.flatMap((key): Item[] => {
        const item = byId.get(key.delivery_id);
        return item === undefined ? [] : [item];
      });

    const allTime = sumItems(items(SHARD_NUMBERS.map((shard) => allTimeKey(generation, shard))));
    const courierName = (id: string) => allTime.couriers.get(id)?.named?.name ?? id;
    const productName = (id: string) => allTime.products.get(id)?.named?.name ?? id;
    const figures =
      periodDays === undefined
        ? allTime
        : sumItems(items(periodDays.flatMap((day) => SHARD_NUMBERS.map((shard) => dayKey(generation, day, shard)))));

    // A void or a correction can take a courier's or a product's figures back to zero: then it counts nothing
    // (its attributes stay in the item, which keeps it listed there).
    const products: ProductStats[] = [...figures.products]
      .filter(([, p]) => p.units !== 0 || p.revenue !== 0)
      .map(([productId, p]) => ({
        productId,
        productName: productName(productId),
        units: p.units,
        revenue: p.revenue,
      }));
    const couriers: CourierStats[] = [...figures.couriers]
      .filter(([, c]) => c.orders !== 0 || c.units !== 0 || c.revenue !== 0)
      .map(([courierId, c]) => ({
        courierId,
        courierName: courierName(courierId),
        productsDelivered: c.units,
        ordersDelivered: c.orders,
        revenue: c.revenue,
      }));
    const totals: Totals = couriers.reduce(
      (sum, c) => ({
        orders: sum.orders + c.ordersDelivered,
        units: sum.units + c.productsDelivered,
        revenue: sum.revenue + c.revenue,
      }),
      {
        orders: figures.unlisted.couriers.orders,
        units: figures.unlisted.couriers.units,
        revenue: figures.unlisted.couriers.revenue,
      },
    );
    const unlisted: Unlisted = {
      couriers: { ...figures.unlisted.couriers },
      products: { ...figures.unlisted.products },
    };
    const anyUnlisted = [
      unlisted.couriers.orders,
      unlisted.couriers.units,
      unlisted.couriers.revenue,
      unlisted.products.units,
      unlisted.products.revenue,
    ].some((n) => n !== 0);
    return {
      products: products.sort(compareProducts).slice(0, query.topProducts),
      couriers: couriers.sort(compareCouriers).slice(0, query.maxCouriers),
      hourly: hourlyRows(query.hours, (day) => items(SHARD_NUMBERS.map((shard) => dayKey(generation, day, shard)))).map(
        (row) => ({ ...row, courierName: courierName(row.courierId) }),
      ),
      totals,
      ...(anyUnlisted ? { unlisted } : {}),
      lastDeliveries: new Map(
        [...allTime.couriers].flatMap(([id, courier]) =>
          courier.named === undefined ? [] : [[id, receivedAtOfStamp(courier.named.stamp)] as const],
        ),
      ),
    };
  }
}

/** Sums the figures of all-time items or day items (couriers and products by id; the newest name wins). */
function sumItems(items: readonly Item[]): Figures {
  const figures: Figures = {
    couriers: new Map(),
    products: new Map(),
    unlisted: { couriers: { orders: 0, units: 0, revenue: 0 }, products: { units: 0, revenue: 0 } },
  };
  const add = (into: Figures["couriers"], id: string, counted: Counted, stored: unknown) => {
    const current = into.get(id) ?? zero();
    current.orders += counted.orders;
    current.units += counted.units;
    current.revenue += counted.revenue;
    if (typeof stored === "string") {
      const named = parseNameValue(stored);
      if (current.named === undefined || named.stamp > current.named.stamp) current.named = named;
    }
    into.set(id, current);
  };
  for (const item of items) {
    for (const attribute of Object.keys(item)) {
      const kind = attribute[0];
      const id = attribute.slice(1);
      if (kind === COURIER.orders) {
        add(
          figures.couriers,
          id,
          {
            orders: wholeNumber(item, attribute, COUNTER),
            units: wholeNumber(item, COURIER.units + id, COUNTER_OR_ZERO),
            revenue: wholeNumber(item, COURIER.revenue + id, COUNTER_OR_ZERO),
          },
          item[COURIER.name + id],
        );
      } else if (kind === PRODUCT.units) {
        add(
          figures.products,
          id,
          {
            orders: 0,
            units: wholeNumber(item, attribute, COUNTER),
            revenue: wholeNumber(item, PRODUCT.revenue + id, COUNTER_OR_ZERO),
          },
          item[PRODUCT.name + id],
        );
      }
    }
    const { unlisted } = figures;
    unlisted.couriers.orders += wholeNumber(item, META.unlistedOrders, COUNTER_OR_ZERO);
    unlisted.couriers.units += wholeNumber(item, META.unlistedCourierUnits, COUNTER_OR_ZERO);
    unlisted.couriers.revenue += wholeNumber(item, META.unlistedCourierRevenue, COUNTER_OR_ZERO);
    unlisted.products.units += wholeNumber(item, META.unlistedProductUnits, COUNTER_OR_ZERO);
    unlisted.products.revenue += wholeNumber(item, META.unlistedProductRevenue, COUNTER_OR_ZERO);
  }
  return figures;
}

/** Non-zero deliveries per courier in the requested hours, from the day items of those hours. */
function hourlyRows(hours: readonly string[], dayItems: (day: string) => Item[]): HourlyDeliveries[] {
  const rows: HourlyDeliveries[] = [];
  const byDay = new Map<string, Map<string, string>>();
  for (const hour of new Set(hours)) {
    const codes = byDay.get(dayOfHour(hour)) ?? new Map<string, string>();
    codes.set(hourCode(hour), hour);
    byDay.set(dayOfHour(hour), codes);
  }
  for (const [day, codes] of byDay) {
    for (const item of dayItems(day)) {
      for (const attribute of Object.keys(item)) {
        if (!attribute.startsWith(HOUR_PREFIX)) continue;
        const hour = codes.get(attribute.slice(1, 4));
        const deliveries = wholeNumber(item, attribute, COUNTER);
        if (hour !== undefined && deliveries > 0) rows.push({ courierId: attribute.slice(4), hour, deliveries });
      }
    }
  }
  return rows.sort(compareHourly);
}

/**
 * A counter. The client reads a whole number beyond 2^53 as an exact bigint (`readStoredNumber`); the domain's
 * figures are JS numbers, so such a counter (unreachable within the intake caps for decades, see the domain README)
 * is handed on as the nearest double rather than failing the whole monitor read.
 */
const COUNTER: WholeNumberRules = {
  describe: (item) => `projection item ${String(item.delivery_id)}`,
  absent: "invalid",
  beyondSafeInteger: "nearest-double",
  negative: "allowed",
};

/** A counter whose attribute is only written once something was counted: absent reads as 0. */
const COUNTER_OR_ZERO: WholeNumberRules = { ...COUNTER, absent: "zero" };
