import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  PermanentFailureError,
  systemClock,
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
  courierAttributes,
  couriersKey,
  dailyExpiresAt,
  dayKey,
  dayProductAttributes,
  deliveriesAttribute,
  hourKey,
  hourlyExpiresAt,
  rankKey,
  TOTALS_ATTRIBUTES,
  WATERMARK_PK,
  WATERMARK_RETENTION_HOURS,
} from "./keys.js";
import type { TableNames } from "./tables.js";

/** The tables the projections live in (the Orders table is not needed here). */
export type ProjectionTableNames = Pick<TableNames, "products" | "deliveries" | "projectorState">;

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
  /** Attempts of one commit when transactions conflict or a name changed meanwhile. Default 8. */
  readonly maxTransactionAttempts?: number;
}

/**
 * The domain's unit for chunking (`ProjectionStore.maxKeysPerCommit`): products + couriers + courier-hours
 * + totals + day entries. This store writes fewer items than that count (all couriers and the totals
 * share one item, all couriers of an hour share one item, everything of a business day shares one item),
 * so a delta within it always fits one transaction.
 */
export const MAX_KEYS_PER_COMMIT = 99;

/** TransactWriteItems accepts 100 items; one is always the watermark. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * Most couriers one commit may touch. They share one UpdateItem, whose expressions DynamoDB limits to
 * 4 KB each and whose condition to 300 operators: 50 couriers with new names take about 3 KB of update
 * expression and 199 condition operators. Deltas the domain chunks to 99 keys never exceed 49 couriers
 * (each courier brings at least one courier-hour key of its own, and the totals one more).
 */
export const MAX_COURIERS_PER_COMMIT = 50;

/**
 * DynamoDB's limits on one expression (UpdateExpression, ConditionExpression, ...): 4 KB of text, and
 * 300 operators in a condition (each name guard is three: a function, OR and <, plus an AND between
 * guards). DynamoDB Local enforces both with the same messages.
 */
const MAX_EXPRESSION_BYTES = 4_096;
const MAX_CONDITION_OPERATORS = 300;

type TransactItem = NonNullable<TransactWriteCommand["input"]["TransactItems"]>[number];

interface StoredStamps {
  readonly products: Map<string, NameStamp>;
  readonly couriers: Map<string, NameStamp>;
}

/** Distinct business-zone hours of a delta's hourly counters, each with its couriers' deliveries. */
function hoursOf(delta: ProjectionDelta): Map<string, Map<string, number>> {
  const hours = new Map<string, Map<string, number>>();
  for (const h of delta.hourly.values()) {
    const couriers = hours.get(h.hour) ?? new Map<string, number>();
    couriers.set(h.courierId, (couriers.get(h.courierId) ?? 0) + h.deliveries);
    hours.set(h.hour, couriers);
  }
  return hours;
}

/** Items one commit writes, the watermark included. */
export function transactionItemCount(delta: ProjectionDelta): number {
  const couriersItem = delta.couriers.size > 0 || delta.totals.orders > 0 ? 1 : 0;
  return 1 + delta.products.size + couriersItem + hoursOf(delta).size + delta.days.size;
}

/**
 * The projector's write side. Each commit is ONE TransactWriteItems: the partition's watermark moves
 * from below `from` to `to` (conditioned, so a replayed batch writes nothing) together with an ADD per
 * counter: one UpdateItem per product, one for the generation's couriers item (every courier's
 * counters and the totals) and one per business-zone hour (every courier's deliveries in it).
 * Counters are only ever added to, never read and rewritten, so concurrent partitions lose no update.
 * Display names follow "the newest nameStamp wins": the stored stamps are read first and each name
 * write is guarded by the stamp it replaces.
 */
export class DynamoDbProjectionStore implements ProjectionStore {
  readonly maxKeysPerCommit = MAX_KEYS_PER_COMMIT;
  private readonly generation: GenerationSource;
  private readonly clock: Clock;

  constructor(private readonly options: DynamoDbProjectionStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.generation = new GenerationSource({
      client: options.client,
      projectorStateTable: options.tables.projectorState,
      clock: this.clock,
      ...(options.generation === undefined ? {} : { fixed: options.generation }),
      ...(options.generationCacheMs === undefined ? {} : { cacheMs: options.generationCacheMs }),
    });
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
    if (position !== undefined && typeof position !== "string") throw new Error(`watermark of partition ${partition} is not a string`);
    return position;
  }

  async commit(commit: ProjectionCommit): Promise<CommitOutcome> {
    const items = transactionItemCount(commit.delta) - 1;
    // Over this store's limits a commit is refused whenever it is tried: permanent, not an outage.
    if (items > MAX_TRANSACTION_ITEMS - 1) {
      throw new PermanentFailureError(`a commit may touch at most ${MAX_TRANSACTION_ITEMS - 1} items besides the watermark; this one touches ${items}`);
    }
    if (commit.delta.couriers.size > MAX_COURIERS_PER_COMMIT) {
      throw new PermanentFailureError(`a commit may touch at most ${MAX_COURIERS_PER_COMMIT} couriers; this one touches ${commit.delta.couriers.size}`);
    }
    if (!(commit.from <= commit.to)) throw new RangeError(`commit positions out of order: ${commit.from} > ${commit.to}`);
    const generation = await this.generation.current();
    const maxAttempts = this.options.maxTransactionAttempts ?? 8;
    for (let attempt = 1; ; attempt += 1) {
      const stamps = await this.readNameStamps(generation, commit.delta);
      try {
        await this.options.client.send(new TransactWriteCommand({ TransactItems: this.transactItems(generation, commit, stamps) }));
        return "committed";
      } catch (error) {
        const reasons = cancellationReasonsOf(error);
        if (reasons === undefined) throw translateError(error, "commit projections");
        // Item 0 is the watermark: its condition failing means these records were already applied.
        if (reasons[0]?.code === "ConditionalCheckFailed") return "stale";
        const verdict = translateCancellation(error, reasons, "projection commit", { number: attempt, max: maxAttempts });
        if (verdict !== "retry") throw verdict;
        // A conflicting transaction, a newer name written meanwhile, or throttling: re-read and try again.
        await sleep(jitteredDelayMs(attempt));
      }
    }
  }

  /**
   * Stored name stamps of the products and couriers the delta touches, by id (absent = never named):
   * one consistent BatchGetItem of the product items and of the couriers item (only the stamps of the
   * couriers in the delta are returned; the read is charged for the whole item).
   */
  private async readNameStamps(generation: number, delta: ProjectionDelta): Promise<StoredStamps> {
    const { products, deliveries } = this.options.tables;
    const courierIds = [...delta.couriers.keys()];
    const found = await batchGetItems(
      this.options.client,
      [
        { table: products, keys: [...delta.products.keys()].map((id) => ({ product_id: id, generation })), attributes: ["product_id", "name_stamp"], consistentRead: true },
        {
          table: deliveries,
          keys: courierIds.length > 0 ? [couriersKey(generation)] : [],
          attributes: ["delivery_id", ...courierIds.map((id) => courierAttributes(id).nameStamp)],
          consistentRead: true,
        },
      ].filter((request) => request.keys.length > 0),
      "read name stamps",
    );
    const productStamps = new Map(
      (found.get(products) ?? []).filter((item) => typeof item.name_stamp === "string").map((item) => [String(item.product_id), item.name_stamp as string]),
    );
    const couriersItem = found.get(deliveries)?.[0];
    const courierStamps = new Map<string, NameStamp>();
    for (const id of courierIds) {
      const stamp = couriersItem?.[courierAttributes(id).nameStamp];
      if (typeof stamp === "string") courierStamps.set(id, stamp);
    }
    return { products: productStamps, couriers: courierStamps };
  }

  private transactItems(generation: number, commit: ProjectionCommit, stamps: StoredStamps): TransactItem[] {
    const { tables } = this.options;
    const { delta } = commit;
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tables.projectorState,
          Key: { pk: WATERMARK_PK, sk: commit.partition },
          UpdateExpression: "SET #position = :to, #expires = :expires",
          // Positions are fixed-width digit text (encodePosition), so text order is numeric order.
          ConditionExpression: "attribute_not_exists(pk) OR #position < :from",
          ExpressionAttributeNames: { "#position": "position", "#expires": "expires_at" },
          ExpressionAttributeValues: { ":to": commit.to, ":from": commit.from, ":expires": nowSeconds + WATERMARK_RETENTION_HOURS * 3600 },
        },
      },
    ];
    for (const [productId, p] of delta.products) {
      const update = new CounterUpdate().add("units", p.units).add("revenue_cents", p.revenue).set("rank_key", rankKey(generation, productId));
      if (isNewer(p.nameStamp, stamps.products.get(productId))) update.setNameGuarded("product_name", p.name, "name_stamp", p.nameStamp);
      items.push(update.build(tables.products, { product_id: productId, generation }));
    }
    if (delta.couriers.size > 0 || delta.totals.orders > 0) {
      // One item for every courier and the totals: a commit writes it once, whatever its couriers.
      const update = new CounterUpdate();
      if (delta.totals.orders > 0) {
        update.add(TOTALS_ATTRIBUTES.orders, delta.totals.orders).add(TOTALS_ATTRIBUTES.units, delta.totals.units).add(TOTALS_ATTRIBUTES.revenue, delta.totals.revenue);
      }
      for (const [courierId, c] of delta.couriers) {
        const names = courierAttributes(courierId);
        update.add(names.orders, c.ordersDelivered).add(names.units, c.productsDelivered).add(names.revenue, c.revenue);
        if (isNewer(c.nameStamp, stamps.couriers.get(courierId))) update.setNameGuarded(names.name, c.name, names.nameStamp, c.nameStamp);
      }
      items.push(update.build(tables.deliveries, couriersKey(generation)));
    }
    for (const [hour, couriers] of hoursOf(delta)) {
      const update = new CounterUpdate().set("hour", hour).set("expires_at", hourlyExpiresAt(hour, this.clock.now()));
      for (const [courierId, deliveries] of couriers) update.add(deliveriesAttribute(courierId), deliveries);
      items.push(update.build(tables.deliveries, hourKey(generation, hour)));
    }
    for (const [day, d] of delta.days) {
      // One item per business day: its totals and every courier's and product's figures that day.
      const update = new CounterUpdate().set("day", day).set("expires_at", dailyExpiresAt(day, this.clock.now()));
      if (d.totals.orders > 0) update.add(TOTALS_ATTRIBUTES.orders, d.totals.orders).add(TOTALS_ATTRIBUTES.units, d.totals.units).add(TOTALS_ATTRIBUTES.revenue, d.totals.revenue);
      for (const [courierId, c] of d.couriers) {
        const names = courierAttributes(courierId);
        update.add(names.orders, c.ordersDelivered).add(names.units, c.productsDelivered).add(names.revenue, c.revenue);
      }
      for (const [productId, p] of d.products) {
        const names = dayProductAttributes(productId);
        update.add(names.units, p.units).add(names.revenue, p.revenue);
      }
      items.push(update.build(tables.deliveries, dayKey(generation, day)));
    }
    return items;
  }
}

const isNewer = (stamp: NameStamp, stored: NameStamp | undefined): boolean => stored === undefined || stamp > stored;

/**
 * One UpdateItem of a transaction: ADD the counters, SET the plain attributes and the guarded names.
 * Every attribute goes through ExpressionAttributeNames (courier ids are part of attribute names);
 * placeholders are short (`#a1f`, `:v1f`) so that 50 couriers fit DynamoDB's 4 KB per expression.
 */
class CounterUpdate {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private readonly adds: string[] = [];
  private readonly sets: string[] = [];
  private readonly guards: string[] = [];
  private count = 0;

  private bind(attribute: string, value: unknown): { name: string; value: string } {
    const id = (this.count++).toString(36);
    this.names[`#a${id}`] = attribute;
    this.values[`:v${id}`] = value;
    return { name: `#a${id}`, value: `:v${id}` };
  }

  add(attribute: string, value: number): this {
    const b = this.bind(attribute, value);
    this.adds.push(`${b.name} ${b.value}`);
    return this;
  }

  set(attribute: string, value: unknown): this {
    const b = this.bind(attribute, value);
    this.sets.push(`${b.name} = ${b.value}`);
    return this;
  }

  /**
   * SET a display name and its stamp, guarded by "the stored stamp is still absent or older": if another
   * writer stored a newer name since the stamps were read, the transaction is cancelled and retried.
   */
  setNameGuarded(nameAttribute: string, name: string, stampAttribute: string, stamp: NameStamp): this {
    this.set(nameAttribute, name);
    const s = this.bind(stampAttribute, stamp);
    this.sets.push(`${s.name} = ${s.value}`);
    this.guards.push(`(attribute_not_exists(${s.name}) OR ${s.name} < ${s.value})`);
    return this;
  }

  build(table: string, key: Record<string, unknown>): TransactItem {
    const expression = [this.sets.length > 0 ? `SET ${this.sets.join(", ")}` : "", this.adds.length > 0 ? `ADD ${this.adds.join(", ")}` : ""].filter(Boolean).join(" ");
    const condition = this.guards.length > 0 ? this.guards.join(" AND ") : undefined;
    for (const text of [expression, condition ?? ""]) {
      if (Buffer.byteLength(text) > MAX_EXPRESSION_BYTES) throw new PermanentFailureError(`an update of ${table} needs a ${Buffer.byteLength(text)}-byte expression; DynamoDB accepts ${MAX_EXPRESSION_BYTES}`);
    }
    const operators = this.guards.length * 4 - 1;
    if (operators > MAX_CONDITION_OPERATORS) throw new PermanentFailureError(`an update of ${table} needs a condition of ${operators} operators; DynamoDB accepts ${MAX_CONDITION_OPERATORS}`);
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
