import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  dayOfHour,
  PermanentFailureError,
  systemClock,
  type Cents,
  type Clock,
  type CommitOutcome,
  type NameStamp,
  type ProjectionCommit,
  type ProjectionDelta,
  type ProjectionStore,
} from "@cargo-express/domain";
import { batchGetItems, jitteredDelayMs, sleep } from "./batch.js";
import { cancellationReasonsOf, dynamo, translateCancellation, translateError } from "./errors.js";
import { GenerationSource } from "./generation.js";
import {
  allTimeKey,
  COURIER,
  courierShardOf,
  dailyExpiresAt,
  dayKey,
  hourAttribute,
  MAX_LISTED_PER_ITEM,
  META,
  nameValue,
  PRODUCT,
  WATERMARK_PK,
  WATERMARK_RETENTION_HOURS,
} from "./keys.js";
import type { TableNames } from "./tables.js";

/** The tables the projections live in (the Orders table is not needed here). */
export type ProjectionTableNames = Pick<TableNames, "deliveries" | "projectorState">;

export interface ProjectionTablesOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tables: ProjectionTableNames;
  /**
   * A fixed generation to read or write (a rebuild writes a new generation before the swap). Omitted:
   * the active generation from ProjectorState GENERATION/ACTIVE (absent = 1).
   */
  readonly generation?: number;
  /** How long the active generation is reused before being read again. Default 5,000 ms. */
  readonly generationCacheMs?: number;
  /** Source of "now" for expiry times and the generation cache. Default the system clock. */
  readonly clock?: Clock;
}

export interface DynamoDbProjectionStoreOptions extends ProjectionTablesOptions {
  /** Attempts of one commit when transactions conflict or an item changed meanwhile. Default 8. */
  readonly maxTransactionAttempts?: number;
  /** Most couriers and most products one item lists (the rest is counted as unlisted). Default `MAX_LISTED_PER_ITEM`. */
  readonly maxListedPerItem?: number;
}

/** TransactWriteItems accepts 100 items; one is always the watermark. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * DynamoDB's limit on one expression (UpdateExpression, ConditionExpression): 4 KB of text. `fitsOneCommit`
 * plans for the worst case (every courier and product new and renamed) with a margin below it.
 */
const MAX_EXPRESSION_BYTES = 4_096;
const PLANNED_EXPRESSION_BYTES = 3_800;

type TransactItem = NonNullable<TransactWriteCommand["input"]["TransactItems"]>[number];
type Item = Record<string, unknown>;

interface Named {
  readonly name: string;
  readonly stamp: NameStamp;
}
interface Figures {
  orders: number;
  units: number;
  revenue: Cents;
  named?: Named;
}

/** What a commit adds to one shard's all-time item. */
interface AllTimeChange {
  readonly shard: number;
  readonly couriers: Map<string, Figures>;
  readonly products: Map<string, Figures>;
}

/** What a commit adds to one day item (a business day and a shard). */
interface DayChange {
  readonly day: string;
  readonly shard: number;
  readonly couriers: Map<string, Figures>;
  /** Per courier: deliveries per business-zone hour of this day. */
  readonly hours: Map<string, Map<string, number>>;
  readonly products: Map<string, Figures>;
}

interface Plan {
  readonly allTime: Map<number, AllTimeChange>;
  readonly days: Map<string, DayChange>;
}

const newer = (current: Named | undefined, candidate: Named): Named =>
  current === undefined || candidate.stamp > current.stamp ? candidate : current;

function addFigures(
  into: Map<string, Figures>,
  id: string,
  add: { orders: number; units: number; revenue: Cents },
  named?: Named,
): void {
  const current = into.get(id) ?? { orders: 0, units: 0, revenue: 0 };
  current.orders += add.orders;
  current.units += add.units;
  current.revenue += add.revenue;
  if (named !== undefined) current.named = newer(current.named, named);
  into.set(id, current);
}

/**
 * Groups the orders' contributions by the item they land in: each courier's figures in its shard, each
 * order's products in its courier's shard. An order's delta has one courier; a delta with products and
 * several couriers is not an order's and is refused.
 */
export function planCommit(orders: readonly ProjectionDelta[]): Plan {
  const plan: Plan = { allTime: new Map(), days: new Map() };
  const allTimeOf = (shard: number): AllTimeChange => {
    let change = plan.allTime.get(shard);
    if (!change) plan.allTime.set(shard, (change = { shard, couriers: new Map(), products: new Map() }));
    return change;
  };
  const dayOf = (day: string, shard: number): DayChange => {
    const key = `${day}#${shard}`;
    let change = plan.days.get(key);
    if (!change)
      plan.days.set(key, (change = { day, shard, couriers: new Map(), hours: new Map(), products: new Map() }));
    return change;
  };
  for (const delta of orders) {
    const couriers = [...delta.couriers.keys()];
    const hasProducts = delta.products.size > 0 || [...delta.days.values()].some((d) => d.products.size > 0);
    if (hasProducts && couriers.length > 1)
      throw new RangeError(
        `a delta with products must have at most one courier (one order's); this one has ${couriers.length}`,
      );
    // An order's products go with its courier; products with no courier (hand-made deltas) to shard 0.
    const productShard = couriers.length === 1 ? courierShardOf(couriers[0]!) : 0;
    for (const [id, c] of delta.couriers) {
      addFigures(
        allTimeOf(courierShardOf(id)).couriers,
        id,
        { orders: c.ordersDelivered, units: c.productsDelivered, revenue: c.revenue },
        { name: c.name, stamp: c.nameStamp },
      );
    }
    for (const [id, p] of delta.products) {
      addFigures(
        allTimeOf(productShard).products,
        id,
        { orders: 0, units: p.units, revenue: p.revenue },
        { name: p.name, stamp: p.nameStamp },
      );
    }
    for (const [day, d] of delta.days) {
      for (const [id, c] of d.couriers)
        addFigures(dayOf(day, courierShardOf(id)).couriers, id, {
          orders: c.ordersDelivered,
          units: c.productsDelivered,
          revenue: c.revenue,
        });
      for (const [id, p] of d.products)
        addFigures(dayOf(day, productShard).products, id, { orders: 0, units: p.units, revenue: p.revenue });
    }
    for (const h of delta.hourly.values()) {
      const hours = dayOf(dayOfHour(h.hour), courierShardOf(h.courierId)).hours;
      const ofCourier = hours.get(h.courierId) ?? new Map<string, number>();
      ofCourier.set(h.hour, (ofCourier.get(h.hour) ?? 0) + h.deliveries);
      hours.set(h.courierId, ofCourier);
    }
  }
  return plan;
}

/** Items one commit writes, the watermark included. */
export const transactionItemCount = (plan: Plan): number => 1 + plan.allTime.size + plan.days.size;

/**
 * Worst-case bytes of an item's update expression: every courier and product new and renamed, placeholders of
 * four characters (`#a1z`), and the bookkeeping (listed counts, version, unlisted counters, day and expiry).
 */
const ADD_OPERAND = "#xxx :xxx, ".length;
const SET_OPERAND = "#xxx = :xxx, ".length;
const FIXED = "SET  ADD ".length + 9 * ADD_OPERAND + 2 * SET_OPERAND;
function plannedExpressionBytes(change: AllTimeChange | DayChange): number {
  const day = "hours" in change;
  const couriers = change.couriers.size * (3 * ADD_OPERAND + (day ? 0 : SET_OPERAND));
  const hours = day ? [...change.hours.values()].reduce((sum, h) => sum + h.size * ADD_OPERAND, 0) : 0;
  const products = change.products.size * (2 * ADD_OPERAND + (day ? 0 : SET_OPERAND));
  return FIXED + couriers + hours + products;
}

/**
 * The projector's write side. Each commit is ONE TransactWriteItems: the partition's watermark moves from
 * below `from` to `to` (conditioned, so a replayed batch writes nothing) together with one UpdateItem per
 * shard's all-time item and per (day, shard) item the orders touch. With two shards an order writes three
 * items (watermark, all-time, day) and a batch at most 1 + 2 + 2 per business day, whatever its couriers and
 * products. Counters are only ever added to (ADD), so concurrent partitions lose no update. Display names
 * follow "the newest stamp wins" and each item lists a bounded number of couriers and products: both are
 * decided from a consistent read of the items, and a write that sets a name or lists a newcomer is
 * conditioned on the item's version, so a concurrent change makes it re-read and retry.
 */
export class DynamoDbProjectionStore implements ProjectionStore {
  private readonly generation: GenerationSource;
  private readonly clock: Clock;
  private readonly maxListed: number;

  constructor(private readonly options: DynamoDbProjectionStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxListed = options.maxListedPerItem ?? MAX_LISTED_PER_ITEM;
    this.generation = new GenerationSource({
      client: options.client,
      projectorStateTable: options.tables.projectorState,
      clock: this.clock,
      ...(options.generation === undefined ? {} : { fixed: options.generation }),
      ...(options.generationCacheMs === undefined ? {} : { cacheMs: options.generationCacheMs }),
    });
  }

  fitsOneCommit(orders: readonly ProjectionDelta[]): boolean {
    return this.refusal(planCommit(orders)) === undefined;
  }

  /** Why a plan cannot be one transaction, or undefined if it can. */
  private refusal(plan: Plan): string | undefined {
    const items = transactionItemCount(plan);
    if (items > MAX_TRANSACTION_ITEMS)
      return `a commit may write at most ${MAX_TRANSACTION_ITEMS} items; this one needs ${items}`;
    for (const change of [...plan.allTime.values(), ...plan.days.values()]) {
      const bytes = plannedExpressionBytes(change);
      if (bytes > PLANNED_EXPRESSION_BYTES) {
        return `an item update may need up to ${bytes} bytes of expression (${change.couriers.size} couriers, ${change.products.size} products); DynamoDB accepts ${MAX_EXPRESSION_BYTES}`;
      }
    }
    return undefined;
  }

  async watermark(partition: string): Promise<string | undefined> {
    const result = await dynamo("read watermark", () =>
      this.options.client.send(
        new GetCommand({
          TableName: this.options.tables.projectorState,
          Key: { pk: WATERMARK_PK, sk: partition },
          ConsistentRead: true,
          ProjectionExpression: "#position",
          ExpressionAttributeNames: { "#position": "position" },
        }),
      ),
    );
    const position = result.Item?.position;
    if (position !== undefined && typeof position !== "string")
      throw new Error(`watermark of partition ${partition} is not a string`);
    return position;
  }

  async commit(commit: ProjectionCommit): Promise<CommitOutcome> {
    if (!(commit.from <= commit.to))
      throw new RangeError(`commit positions out of order: ${commit.from} > ${commit.to}`);
    const plan = planCommit(commit.orders);
    // Over DynamoDB's limits a commit is refused whenever it is tried: permanent, not an outage.
    const refusal = this.refusal(plan);
    if (refusal !== undefined) throw new PermanentFailureError(refusal);
    const generation = await this.generation.current();
    const maxAttempts = this.options.maxTransactionAttempts ?? 8;
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.readItems(generation, plan);
      try {
        await this.options.client.send(
          new TransactWriteCommand({ TransactItems: this.transactItems(generation, commit, plan, stored) }),
        );
        return "committed";
      } catch (error) {
        const reasons = cancellationReasonsOf(error);
        if (reasons === undefined) throw translateError(error, "commit projections");
        // Item 0 is the watermark: its condition failing means these records were already applied.
        if (reasons[0]?.code === "ConditionalCheckFailed") return "stale";
        const verdict = translateCancellation(error, reasons, "projection commit", {
          number: attempt,
          max: maxAttempts,
        });
        if (verdict !== "retry") throw verdict;
        // A conflicting transaction, an item changed meanwhile (its version moved), or throttling: re-read, retry.
        await sleep(jitteredDelayMs(attempt));
      }
    }
  }

  /** The items a plan writes, as stored now (consistent BatchGetItem; absent items are missing from the map). */
  private async readItems(generation: number, plan: Plan): Promise<Map<string, Item>> {
    const { deliveries } = this.options.tables;
    const keys = [
      ...[...plan.allTime.keys()].map((shard) => allTimeKey(generation, shard)),
      ...[...plan.days.values()].map((d) => dayKey(generation, d.day, d.shard)),
    ];
    if (keys.length === 0) return new Map();
    const found = await batchGetItems(
      this.options.client,
      [{ table: deliveries, keys, consistentRead: true }],
      "read projection items",
    );
    return new Map((found.get(deliveries) ?? []).map((item) => [String(item.delivery_id), item]));
  }

  private transactItems(
    generation: number,
    commit: ProjectionCommit,
    plan: Plan,
    stored: Map<string, Item>,
  ): TransactItem[] {
    const { tables } = this.options;
    const nowMs = this.clock.now();
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tables.projectorState,
          Key: { pk: WATERMARK_PK, sk: commit.partition },
          UpdateExpression: "SET #position = :to, #expires = :expires",
          // Positions are fixed-width digit text (encodePosition), so text order is numeric order.
          ConditionExpression: "attribute_not_exists(pk) OR #position < :from",
          ExpressionAttributeNames: { "#position": "position", "#expires": "expires_at" },
          ExpressionAttributeValues: {
            ":to": commit.to,
            ":from": commit.from,
            ":expires": Math.floor(nowMs / 1000) + WATERMARK_RETENTION_HOURS * 3600,
          },
        },
      },
    ];
    // In key order, so that equal plans make equal requests.
    for (const change of [...plan.allTime.values()].sort((a, b) => a.shard - b.shard)) {
      const key = allTimeKey(generation, change.shard);
      const update = new ItemUpdate(stored.get(key.delivery_id), this.maxListed);
      for (const [id, c] of change.couriers) {
        update.figures(
          "courier",
          id,
          [
            [COURIER.orders, c.orders],
            [COURIER.units, c.units],
            [COURIER.revenue, c.revenue],
          ],
          c.named && { attribute: COURIER.name, ...c.named },
        );
      }
      for (const [id, p] of change.products) {
        update.figures(
          "product",
          id,
          [
            [PRODUCT.units, p.units],
            [PRODUCT.revenue, p.revenue],
          ],
          p.named && { attribute: PRODUCT.name, ...p.named },
        );
      }
      const item = update.build(tables.deliveries, key);
      if (item !== undefined) items.push(item);
    }
    for (const change of [...plan.days.values()].sort((a, b) =>
      a.day < b.day ? -1 : a.day > b.day ? 1 : a.shard - b.shard,
    )) {
      const key = dayKey(generation, change.day, change.shard);
      const update = new ItemUpdate(stored.get(key.delivery_id), this.maxListed)
        .set("day", change.day)
        .set("expires_at", dailyExpiresAt(change.day, nowMs));
      const couriers = new Set([...change.couriers.keys(), ...change.hours.keys()]);
      for (const id of couriers) {
        const c = change.couriers.get(id);
        const hours = [...(change.hours.get(id) ?? [])].map(([hour, n]) => [hourAttribute(hour, id), n] as const);
        update.figures(
          "courier",
          id,
          [
            [COURIER.orders, c?.orders ?? 0],
            [COURIER.units, c?.units ?? 0],
            [COURIER.revenue, c?.revenue ?? 0],
          ],
          undefined,
          hours,
        );
      }
      for (const [id, p] of change.products) {
        update.figures("product", id, [
          [PRODUCT.units, p.units],
          [PRODUCT.revenue, p.revenue],
        ]);
      }
      const item = update.build(tables.deliveries, key);
      if (item !== undefined) items.push(item);
    }
    return items;
  }
}

const UNLISTED = {
  courier: {
    [COURIER.orders]: META.unlistedOrders,
    [COURIER.units]: META.unlistedCourierUnits,
    [COURIER.revenue]: META.unlistedCourierRevenue,
  },
  product: { [PRODUCT.units]: META.unlistedProductUnits, [PRODUCT.revenue]: META.unlistedProductRevenue },
} as const satisfies Record<string, Record<string, string>>;

/**
 * One UpdateItem of an all-time or day item, decided against the item as read: a listed courier or product
 * gets its counters added; a newcomer is listed while the item has room (its count and the version move, and
 * the write is conditioned on the version read), else its numbers go to the unlisted counters. A name is set
 * when its stamp is newer than the stored one (which also moves the version). Placeholders are short
 * (`#a1`, `:a1`) so that expressions stay well within DynamoDB's 4 KB.
 */
class ItemUpdate {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private readonly adds: string[] = [];
  private readonly sets: string[] = [];
  private readonly newlyListed = { courier: 0, product: 0 };
  private readonly unlisted = new Map<string, number>();
  private versioned = false;
  private count = 0;

  constructor(
    private readonly stored: Item | undefined,
    private readonly maxListed: number,
  ) {}

  private placeholder(attribute: string, value: unknown): { name: string; value: string } {
    const id = (this.count++).toString(36);
    this.names[`#${id}`] = attribute;
    this.values[`:${id}`] = value;
    return { name: `#${id}`, value: `:${id}` };
  }

  add(attribute: string, value: number): this {
    if (value === 0) return this;
    const p = this.placeholder(attribute, value);
    this.adds.push(`${p.name} ${p.value}`);
    return this;
  }

  set(attribute: string, value: unknown): this {
    const p = this.placeholder(attribute, value);
    this.sets.push(`${p.name} = ${p.value}`);
    return this;
  }

  private listedCount(kind: "courier" | "product"): number {
    const value = this.stored?.[kind === "courier" ? META.listedCouriers : META.listedProducts] ?? 0;
    return Number(value) + this.newlyListed[kind];
  }

  /**
   * Adds one courier's or product's counters (`counters`: attribute prefix and amount, the first one marks
   * the entity as listed), optionally its name and extra counters (a courier's hours in a day item).
   */
  figures(
    kind: "courier" | "product",
    id: string,
    counters: readonly (readonly [string, number])[],
    named?: { attribute: string; name: string; stamp: NameStamp },
    extra: readonly (readonly [string, number])[] = [],
  ): void {
    const listed = this.stored?.[`${counters[0]![0]}${id}`] !== undefined;
    if (!listed && this.listedCount(kind) >= this.maxListed) {
      const targets: Record<string, string> = UNLISTED[kind];
      for (const [prefix, amount] of counters) {
        const target = targets[prefix]!;
        this.unlisted.set(target, (this.unlisted.get(target) ?? 0) + amount);
      }
      return;
    }
    if (!listed) {
      this.newlyListed[kind] += 1;
      this.versioned = true;
    }
    // A newcomer's first counter is written even when zero, so the item records it as listed.
    for (const [i, [prefix, amount]] of counters.entries()) {
      if (!listed && i === 0) this.addAlways(`${prefix}${id}`, amount);
      else this.add(`${prefix}${id}`, amount);
    }
    for (const [attribute, amount] of extra) this.add(attribute, amount);
    if (named !== undefined) {
      const attribute = `${named.attribute}${id}`;
      const current = this.stored?.[attribute];
      const value = nameValue(named.stamp, named.name);
      if (typeof current !== "string" || current < value) {
        this.set(attribute, value);
        this.versioned = true;
      }
    }
  }

  private addAlways(attribute: string, value: number): void {
    const p = this.placeholder(attribute, value);
    this.adds.push(`${p.name} ${p.value}`);
  }

  /** The UpdateItem, or undefined when there is nothing to write (only zero amounts). */
  build(table: string, key: Record<string, unknown>): TransactItem | undefined {
    for (const [attribute, amount] of this.unlisted) this.add(attribute, amount);
    let condition: string | undefined;
    if (this.versioned) {
      this.add(META.listedCouriers, this.newlyListed.courier).add(META.listedProducts, this.newlyListed.product);
      const seen = this.stored?.[META.version];
      const version = this.placeholder(META.version, 1);
      this.adds.push(`${version.name} ${version.value}`);
      if (seen === undefined) {
        condition = `attribute_not_exists(${version.name})`;
      } else {
        const p = `:${(this.count++).toString(36)}`;
        this.values[p] = seen;
        condition = `${version.name} = ${p}`;
      }
    }
    const expression = [
      this.sets.length > 0 ? `SET ${this.sets.join(", ")}` : "",
      this.adds.length > 0 ? `ADD ${this.adds.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join(" ");
    if (expression === "") return undefined;
    if (Buffer.byteLength(expression) > MAX_EXPRESSION_BYTES) {
      throw new PermanentFailureError(
        `an update of ${table} needs a ${Buffer.byteLength(expression)}-byte expression; DynamoDB accepts ${MAX_EXPRESSION_BYTES}`,
      );
    }
    return {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: expression,
        ExpressionAttributeNames: this.names,
        ExpressionAttributeValues: this.values,
        ...(condition === undefined ? {} : { ConditionExpression: condition }),
      },
    };
  }
}
