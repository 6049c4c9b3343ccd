import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  compareCouriers,
  compareProducts,
  systemClock,
  type CourierStats,
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
import { dayOfHour, rankKeysOf, totalsKey } from "./keys.js";
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

/**
 * The monitor's reads. None scans: the top-N lists are one Query per write shard of a ranking index
 * (merged here), the hourly window is one Query per business-zone day, totals one GetItem. The number
 * of requests depends on the query (shards, days), never on how many products, couriers or orders exist.
 * Reads are eventually consistent (GSIs are anyway): a write shows within about a second.
 */
export class DynamoDbMonitorQueries implements MonitorQueries {
  private readonly generation: GenerationSource;
  private readonly products: Ranking<ProductStats>;
  private readonly couriers: Ranking<CourierStats>;

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
    this.couriers = {
      what: "couriers",
      table: options.tables.deliveries,
      index: "by_revenue",
      sortAttribute: "revenue_cents",
      parse: (item) => ({
        courierId: text(item, "delivery_id"),
        courierName: text(item, "courier_name"),
        productsDelivered: whole(item, "products_delivered"),
        ordersDelivered: whole(item, "orders_delivered"),
        revenue: whole(item, "revenue_cents"),
      }),
      id: (row) => row.courierId,
      sortValue: (row) => row.revenue,
      compare: compareCouriers,
    };
  }

  async read(query: MonitorQuery): Promise<MonitorData> {
    const generation = await this.generation.current();
    const [products, couriers, hourly, totals] = await Promise.all([
      this.top(this.products, generation, query.topProducts),
      this.top(this.couriers, generation, query.maxCouriers),
      this.hourly(generation, query.hours),
      this.totals(generation),
    ]);
    const names = new Map(couriers.map((c) => [c.courierId, c.courierName]));
    const missing = [...new Set(hourly.map((h) => h.courierId))].filter((id) => !names.has(id));
    if (missing.length > 0) {
      const found = await batchGetItems(
        this.options.client,
        [{ table: this.options.tables.deliveries, keys: missing.map((id) => ({ delivery_id: id, generation })), attributes: ["delivery_id", "courier_name"], consistentRead: false }],
        "read courier names",
      );
      for (const item of found.get(this.options.tables.deliveries) ?? []) names.set(text(item, "delivery_id"), text(item, "courier_name"));
    }
    return {
      products,
      couriers,
      // The counters and the courier item are written in one transaction, so a name is always there;
      // the id is only a last resort that keeps the monitor answering.
      hourly: hourly.map((h) => ({ ...h, courierName: names.get(h.courierId) ?? h.courierId })),
      totals,
    };
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

  /** Non-zero buckets of the requested hours: one Query per business-zone day they cover. */
  private async hourly(generation: number, hours: readonly string[]): Promise<HourlyDeliveries[]> {
    const wanted = new Set(hours);
    const byDay = new Map<string, string[]>();
    for (const hour of wanted) byDay.set(dayOfHour(hour), [...(byDay.get(dayOfHour(hour)) ?? []), hour]);
    const perDay = await Promise.all(
      [...byDay].map(async ([day, dayHours]) => {
        dayHours.sort();
        const rows: HourlyDeliveries[] = [];
        let start: Item | undefined;
        do {
          const page = await dynamo("read hourly deliveries", () =>
            this.options.client.send(
              new QueryCommand({
                TableName: this.options.tables.hourly,
                KeyConditionExpression: "#bucket = :bucket AND #hc BETWEEN :from AND :to",
                ExpressionAttributeNames: { "#bucket": "bucket", "#hc": "hour_courier" },
                // Sort keys are `${hour}#${courierId}`; U+FFFF sorts after any courier id.
                ExpressionAttributeValues: { ":bucket": `${generation}#${day}`, ":from": `${dayHours[0]}#`, ":to": `${dayHours.at(-1)}#\uffff` },
                ExclusiveStartKey: start,
              }),
            ),
          );
          for (const item of page.Items ?? []) {
            const row = { courierId: text(item, "courier_id"), hour: text(item, "hour"), deliveries: whole(item, "deliveries") };
            if (wanted.has(row.hour) && row.deliveries > 0) rows.push(row);
          }
          start = page.LastEvaluatedKey;
        } while (start !== undefined);
        return rows;
      }),
    );
    return perDay.flat().sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0));
  }

  private async totals(generation: number): Promise<Totals> {
    const result = await dynamo("read totals", () =>
      this.options.client.send(new GetCommand({ TableName: this.options.tables.projectorState, Key: totalsKey(generation) })),
    );
    const item = result.Item;
    if (!item) return { orders: 0, units: 0, revenue: 0 };
    return { orders: whole(item, "orders"), units: whole(item, "units"), revenue: whole(item, "revenue_cents") };
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

function whole(item: Item, attribute: string): number {
  const value = item[attribute];
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw new Error(`projection item is missing whole-number attribute ${attribute}: ${JSON.stringify(item)}`);
  return value;
}
