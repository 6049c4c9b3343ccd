import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  compareCouriers,
  compareProducts,
  emptyDayDelta,
  periodFigures,
  systemClock,
  type CourierStats,
  type DayDelta,
  type HourlyDeliveries,
  type MonitorData,
  type MonitorQueries,
  type MonitorQuery,
  type ProductStats,
  type Totals,
} from "@cargo-express/domain";
import { batchGetItems } from "./batch.js";
import { dynamo } from "./errors.js";
import { GenerationSource } from "./generation.js";
import {
  COURIER_ATTRIBUTE_PREFIX,
  courierAttributes,
  couriersKey,
  DAY_PRODUCT_ATTRIBUTE_PREFIX,
  dayKey,
  dayProductAttributes,
  DELIVERIES_ATTRIBUTE_PREFIX,
  hourKey,
  rankKeysOf,
  TOTALS_ATTRIBUTES,
} from "./keys.js";
import type { ProjectionTablesOptions } from "./projection-store.js";

export interface DynamoDbMonitorQueriesOptions extends ProjectionTablesOptions {
  /**
   * Most items read per ranking shard to order items tied at the top-N boundary exactly (by the
   * domain's tie-breakers). Default 1,000; beyond it, which of the tied items make the cut is arbitrary.
   */
  readonly maxTieReads?: number;
}

type Item = Record<string, unknown>;

/** How one ranked read model sits in its table and index. */
interface Ranking<T> {
  readonly what: string;
  readonly table: string;
  readonly index: string;
  /** The index's sort key: the first ranking criterion. */
  readonly sortAttribute: string;
  readonly parse: (item: Item) => T;
  readonly id: (row: T) => string;
  readonly sortValue: (row: T) => number;
  readonly compare: (a: T, b: T) => number;
}

interface ShardPage<T> {
  readonly rankKey: string;
  readonly rows: T[];
  /** The shard may hold more rows than were read. */
  readonly more: boolean;
}

/** What the couriers item holds: every courier (best first) and the generation's totals. */
interface CouriersSummary {
  readonly couriers: CourierStats[];
  readonly totals: Totals;
}

/**
 * The monitor's reads. None scans, and the number of requests depends on the query (rank shards, hours),
 * never on how many products, couriers or orders exist:
 * - top products: one Query per write shard of the `by_units` index, merged;
 * - couriers and totals: one GetItem of the generation's couriers item, sorted here and cut to `maxCouriers`;
 * - hourly deliveries: BatchGetItem of the requested hours' items (100 keys per call: 168 hours = 2 calls);
 * - a period of days (today, last 7 days): one BatchGetItem of the days' items, summed and ranked here,
 *   then one BatchGetItem of the top products' names (the couriers' come with the couriers item).
 * Reads are eventually consistent (GSIs are anyway): a write shows within about a second.
 */
export class DynamoDbMonitorQueries implements MonitorQueries {
  private readonly generation: GenerationSource;
  private readonly products: Ranking<ProductStats>;

  constructor(private readonly options: DynamoDbMonitorQueriesOptions) {
    this.generation = new GenerationSource({
      client: options.client,
      projectorStateTable: options.tables.projectorState,
      clock: options.clock ?? systemClock,
      ...(options.generation === undefined ? {} : { fixed: options.generation }),
      ...(options.generationCacheMs === undefined ? {} : { cacheMs: options.generationCacheMs }),
    });
    this.products = {
      what: "products",
      table: options.tables.products,
      index: "by_units",
      sortAttribute: "units",
      parse: (item) => ({
        productId: text(item, "product_id"),
        productName: text(item, "product_name"),
        units: whole(item, "units"),
        revenue: whole(item, "revenue_cents"),
      }),
      id: (row) => row.productId,
      sortValue: (row) => row.units,
      compare: compareProducts,
    };
  }

  async read(query: MonitorQuery): Promise<MonitorData> {
    const generation = await this.generation.current();
    const { days } = query;
    const [products, summary, hourly, period] = await Promise.all([
      days === undefined ? this.top(this.products, generation, query.topProducts) : undefined,
      this.couriers(generation),
      this.hourly(generation, query.hours),
      days === undefined ? undefined : this.days(generation, days),
    ]);
    // Names of every courier, not only the top `maxCouriers`: hourly rows may show any courier.
    const names = new Map(summary.couriers.map((c) => [c.courierId, c.courierName]));
    // Items written in one transaction are read separately and eventually consistently: an id standing in
    // for a name is only a last resort that keeps the monitor answering.
    const courierName = (id: string) => names.get(id) ?? id;
    const hourlyRows = hourly.map((h) => ({ ...h, courierName: courierName(h.courierId) }));
    if (period === undefined) {
      return { products: products ?? [], couriers: summary.couriers.slice(0, query.maxCouriers), hourly: hourlyRows, totals: summary.totals };
    }
    const figures = periodFigures(period, { product: () => "", courier: courierName });
    const top = figures.products.slice(0, query.topProducts);
    const productNames = await this.productNames(generation, top.map((p) => p.productId));
    return {
      products: top.map((p) => ({ ...p, productName: productNames.get(p.productId) ?? p.productId })),
      couriers: figures.couriers.slice(0, query.maxCouriers),
      hourly: hourlyRows,
      totals: figures.totals,
    };
  }

  /** The figures of the given business days: one BatchGetItem of their day items (absent days had no delivery). */
  private async days(generation: number, days: readonly string[]): Promise<DayDelta[]> {
    const wanted = [...new Set(days)];
    if (wanted.length === 0) return [];
    const { deliveries } = this.options.tables;
    const found = await batchGetItems(
      this.options.client,
      [{ table: deliveries, keys: wanted.map((day) => dayKey(generation, day)), consistentRead: false }],
      "read daily deliveries",
    );
    return (found.get(deliveries) ?? []).map((item) => {
      const day = emptyDayDelta();
      day.totals = {
        orders: wholeOrZero(item, TOTALS_ATTRIBUTES.orders),
        units: wholeOrZero(item, TOTALS_ATTRIBUTES.units),
        revenue: wholeOrZero(item, TOTALS_ATTRIBUTES.revenue),
      };
      for (const attribute of Object.keys(item)) {
        if (attribute.startsWith(COURIER_ATTRIBUTE_PREFIX.orders)) {
          const courierId = attribute.slice(COURIER_ATTRIBUTE_PREFIX.orders.length);
          const names = courierAttributes(courierId);
          day.couriers.set(courierId, { ordersDelivered: whole(item, names.orders), productsDelivered: whole(item, names.units), revenue: whole(item, names.revenue) });
        } else if (attribute.startsWith(DAY_PRODUCT_ATTRIBUTE_PREFIX.units)) {
          const productId = attribute.slice(DAY_PRODUCT_ATTRIBUTE_PREFIX.units.length);
          const names = dayProductAttributes(productId);
          day.products.set(productId, { units: whole(item, names.units), revenue: whole(item, names.revenue) });
        }
      }
      return day;
    });
  }

  /** Display names of the given products (their all-time items): one BatchGetItem per 100 products. */
  private async productNames(generation: number, productIds: readonly string[]): Promise<Map<string, string>> {
    if (productIds.length === 0) return new Map();
    const { products } = this.options.tables;
    const found = await batchGetItems(
      this.options.client,
      [{ table: products, keys: productIds.map((id) => ({ product_id: id, generation })), attributes: ["product_id", "product_name"], consistentRead: false }],
      "read product names",
    );
    return new Map((found.get(products) ?? []).map((item) => [text(item, "product_id"), text(item, "product_name")]));
  }

  /**
   * The best `limit` rows: the top `limit + 1` of every shard, merged. The extra row shows whether a
   * shard holds more rows tied with the limit-th one; only then are those ties read, so that the
   * domain's tie-breakers (not the index's arbitrary order among equal keys) decide who makes the cut.
   */
  private async top<T>(ranking: Ranking<T>, generation: number, limit: number): Promise<T[]> {
    const pages = await Promise.all(rankKeysOf(generation).map((key) => this.queryShard(ranking, key, limit + 1)));
    let rows = merge(ranking, pages.flatMap((page) => page.rows));
    if (rows.length > limit) {
      const boundary = ranking.sortValue(rows[limit - 1]!);
      const tied = pages.filter((page) => page.more && ranking.sortValue(page.rows.at(-1)!) === boundary);
      if (tied.length > 0) {
        const ties = await Promise.all(tied.map((page) => this.queryShard(ranking, page.rankKey, this.options.maxTieReads ?? 1_000, boundary)));
        rows = merge(ranking, [...rows, ...ties.flatMap((page) => page.rows)]);
      }
    }
    return rows.slice(0, limit);
  }

  /** Up to `limit` rows of one shard, highest first; with `equals`, only rows whose sort key equals it. */
  private async queryShard<T>(ranking: Ranking<T>, rankKey: string, limit: number, equals?: number): Promise<ShardPage<T>> {
    const rows: T[] = [];
    let start: Item | undefined;
    do {
      const page = await dynamo(`read top ${ranking.what}`, () =>
        this.options.client.send(
          new QueryCommand({
            TableName: ranking.table,
            IndexName: ranking.index,
            KeyConditionExpression: equals === undefined ? "#rank = :rank" : "#rank = :rank AND #sort = :sort",
            ExpressionAttributeNames: { "#rank": "rank_key", ...(equals === undefined ? {} : { "#sort": ranking.sortAttribute }) },
            ExpressionAttributeValues: { ":rank": rankKey, ...(equals === undefined ? {} : { ":sort": equals }) },
            ScanIndexForward: false,
            Limit: limit - rows.length,
            ExclusiveStartKey: start,
          }),
        ),
      );
      rows.push(...(page.Items ?? []).map(ranking.parse));
      start = page.LastEvaluatedKey;
    } while (start !== undefined && rows.length < limit);
    return { rankKey, rows, more: start !== undefined };
  }

  /**
   * Every courier of the generation, best first (the domain's compareCouriers), and the totals: one
   * GetItem. The item grows by about 150 bytes per courier (see docs/data-model.md for the limit).
   */
  private async couriers(generation: number): Promise<CouriersSummary> {
    const result = await dynamo("read couriers", () =>
      this.options.client.send(new GetCommand({ TableName: this.options.tables.deliveries, Key: couriersKey(generation) })),
    );
    const item = result.Item;
    if (!item) return { couriers: [], totals: { orders: 0, units: 0, revenue: 0 } };
    const couriers: CourierStats[] = [];
    for (const attribute of Object.keys(item)) {
      if (!attribute.startsWith(COURIER_ATTRIBUTE_PREFIX.orders)) continue;
      const courierId = attribute.slice(COURIER_ATTRIBUTE_PREFIX.orders.length);
      const names = courierAttributes(courierId);
      couriers.push({
        courierId,
        courierName: text(item, names.name),
        productsDelivered: whole(item, names.units),
        ordersDelivered: whole(item, names.orders),
        revenue: whole(item, names.revenue),
      });
    }
    return {
      couriers: couriers.sort(compareCouriers),
      totals: {
        orders: wholeOrZero(item, TOTALS_ATTRIBUTES.orders),
        units: wholeOrZero(item, TOTALS_ATTRIBUTES.units),
        revenue: wholeOrZero(item, TOTALS_ATTRIBUTES.revenue),
      },
    };
  }

  /** Non-zero counters of the requested hours: BatchGetItem of their hour items (absent hours had no delivery). */
  private async hourly(generation: number, hours: readonly string[]): Promise<HourlyDeliveries[]> {
    const wanted = [...new Set(hours)];
    if (wanted.length === 0) return [];
    const { deliveries } = this.options.tables;
    const found = await batchGetItems(
      this.options.client,
      [{ table: deliveries, keys: wanted.map((hour) => hourKey(generation, hour)), consistentRead: false }],
      "read hourly deliveries",
    );
    const rows: HourlyDeliveries[] = [];
    for (const item of found.get(deliveries) ?? []) {
      const hour = text(item, "hour");
      for (const attribute of Object.keys(item)) {
        if (!attribute.startsWith(DELIVERIES_ATTRIBUTE_PREFIX)) continue;
        const row = { courierId: attribute.slice(DELIVERIES_ATTRIBUTE_PREFIX.length), hour, deliveries: whole(item, attribute) };
        if (row.deliveries > 0) rows.push(row);
      }
    }
    return rows.sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0));
  }
}

function merge<T>(ranking: Ranking<T>, rows: readonly T[]): T[] {
  return [...new Map(rows.map((row) => [ranking.id(row), row])).values()].sort(ranking.compare);
}

function text(item: Item, attribute: string): string {
  const value = item[attribute];
  if (typeof value !== "string") throw new Error(`projection item is missing text attribute ${attribute}: ${JSON.stringify(item)}`);
  return value;
}

/**
 * A counter. The client reads a whole number beyond 2^53 as an exact bigint (`readStoredNumber`); the domain's
 * figures are JS numbers, so such a counter (unreachable within the intake caps for decades, see the domain README)
 * is handed on as the nearest double rather than failing the whole monitor read.
 */
function whole(item: Item, attribute: string): number {
  const value = item[attribute];
  if (typeof value === "bigint" && value > BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(`projection item is missing whole-number attribute ${attribute}: ${JSON.stringify(item, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
  }
  return value;
}

function wholeOrZero(item: Item, attribute: string): number {
  return item[attribute] === undefined ? 0 : whole(item, attribute);
}
