import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  DependencyUnavailableError,
  deltaKeyCount,
  systemClock,
  type Clock,
  type CommitOutcome,
  type NameStamp,
  type ProjectionCommit,
  type ProjectionDelta,
  type ProjectionStore,
} from "@cargo-express/domain";
import { batchGetItems, jitteredDelayMs, sleep } from "./batch.js";
import { dynamo, RETRY_AFTER_SECONDS, translateError } from "./errors.js";
import { GenerationSource } from "./generation.js";
import { hourCourier, hourlyBucket, hourlyExpiresAt, rankKey, totalsKey, WATERMARK_PK, WATERMARK_RETENTION_HOURS } from "./keys.js";
import type { TableNames } from "./tables.js";

/** The tables the projections live in (the Orders table is not needed here). */
export type ProjectionTableNames = Pick<TableNames, "products" | "deliveries" | "hourly" | "projectorState">;

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

/** TransactWriteItems accepts 100 items; one is always the watermark. */
export const MAX_KEYS_PER_COMMIT = 99;

type TransactItem = NonNullable<TransactWriteCommand["input"]["TransactItems"]>[number];

/** Cancellation codes that a fresh attempt can get past. */
const RETRYABLE_CANCELLATIONS = new Set(["None", "ConditionalCheckFailed", "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"]);

/**
 * The projector's write side. Each commit is ONE TransactWriteItems: the partition's watermark moves
 * from below `from` to `to` (conditioned, so a replayed batch writes nothing) together with an ADD per
 * counter item. Counters are only ever added to, never read and rewritten, so concurrent partitions
 * lose no update. Display names follow "the newest nameStamp wins": the stored stamps are read first
 * and each name write is guarded by the stamp it replaces.
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
    const keys = deltaKeyCount(commit.delta);
    if (keys > this.maxKeysPerCommit) throw new RangeError(`a commit may touch at most ${this.maxKeysPerCommit} items; this one touches ${keys}`);
    if (!(commit.from <= commit.to)) throw new RangeError(`commit positions out of order: ${commit.from} > ${commit.to}`);
    const generation = await this.generation.current();
    const maxAttempts = this.options.maxTransactionAttempts ?? 8;
    for (let attempt = 1; ; attempt += 1) {
      const stamps = await this.readNameStamps(generation, commit.delta);
      try {
        await this.options.client.send(new TransactWriteCommand({ TransactItems: this.transactItems(generation, commit, stamps) }));
        return "committed";
      } catch (error) {
        const reasons = cancellationCodes(error);
        if (reasons === undefined) throw translateError(error, "commit projections");
        // Item 0 is the watermark: its condition failing means these records were already applied.
        if (reasons[0] === "ConditionalCheckFailed") return "stale";
        if (!reasons.every((code) => RETRYABLE_CANCELLATIONS.has(code))) {
          throw new Error(`projection commit cancelled: ${reasons.join(", ")}`, { cause: error });
        }
        if (attempt >= maxAttempts) {
          const throttled = reasons.some((code) => code === "ThrottlingError" || code === "ProvisionedThroughputExceeded");
          throw new DependencyUnavailableError(
            `projection commit still cancelled after ${maxAttempts} attempts (${reasons.join(", ")})`,
            throttled ? RETRY_AFTER_SECONDS.throttled : RETRY_AFTER_SECONDS.unavailable,
            { cause: error },
          );
        }
        // A conflicting transaction, a newer name written meanwhile, or throttling: re-read and try again.
        await sleep(jitteredDelayMs(attempt));
      }
    }
  }

  /** Stored name stamps of the products and couriers the delta touches, by id (absent = no item yet). */
  private async readNameStamps(generation: number, delta: ProjectionDelta): Promise<{ products: Map<string, NameStamp>; couriers: Map<string, NameStamp> }> {
    const { products, deliveries } = this.options.tables;
    const found = await batchGetItems(
      this.options.client,
      [
        { table: products, keys: [...delta.products.keys()].map((id) => ({ product_id: id, generation })), attributes: ["product_id", "name_stamp"], consistentRead: true },
        { table: deliveries, keys: [...delta.couriers.keys()].map((id) => ({ delivery_id: id, generation })), attributes: ["delivery_id", "name_stamp"], consistentRead: true },
      ].filter((request) => request.keys.length > 0),
      "read name stamps",
    );
    const stampsOf = (table: string, idAttribute: string) =>
      new Map((found.get(table) ?? []).filter((item) => typeof item.name_stamp === "string").map((item) => [String(item[idAttribute]), item.name_stamp as string]));
    return { products: stampsOf(products, "product_id"), couriers: stampsOf(deliveries, "delivery_id") };
  }

  private transactItems(
    generation: number,
    commit: ProjectionCommit,
    stamps: { products: Map<string, NameStamp>; couriers: Map<string, NameStamp> },
  ): TransactItem[] {
    const { tables } = this.options;
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
    for (const [productId, p] of commit.delta.products) {
      items.push(
        counterUpdate({
          table: tables.products,
          key: { product_id: productId, generation },
          add: { units: p.units, revenue_cents: p.revenue },
          set: { rank_key: rankKey(generation, productId) },
          name: { attribute: "product_name", value: p.name, stamp: p.nameStamp, stored: stamps.products.get(productId) },
        }),
      );
    }
    for (const [courierId, c] of commit.delta.couriers) {
      items.push(
        counterUpdate({
          table: tables.deliveries,
          key: { delivery_id: courierId, generation },
          add: { products_delivered: c.productsDelivered, orders_delivered: c.ordersDelivered, revenue_cents: c.revenue },
          set: { rank_key: rankKey(generation, courierId) },
          name: { attribute: "courier_name", value: c.name, stamp: c.nameStamp, stored: stamps.couriers.get(courierId) },
        }),
      );
    }
    for (const h of commit.delta.hourly.values()) {
      items.push(
        counterUpdate({
          table: tables.hourly,
          key: { bucket: hourlyBucket(generation, h.hour), hour_courier: hourCourier(h.hour, h.courierId) },
          add: { deliveries: h.deliveries },
          set: { courier_id: h.courierId, hour: h.hour, expires_at: hourlyExpiresAt(h.hour, this.clock.now()) },
        }),
      );
    }
    if (commit.delta.totals.orders > 0) {
      const { orders, units, revenue } = commit.delta.totals;
      items.push(counterUpdate({ table: tables.projectorState, key: totalsKey(generation), add: { orders, units, revenue_cents: revenue }, set: {} }));
    }
    return items;
  }
}

/**
 * One UpdateItem of a transaction: ADD the counters, SET the plain attributes, and, when the delta's
 * name is newer than the stored one, SET the name guarded by "the stored stamp is still older".
 */
function counterUpdate(spec: {
  table: string;
  key: Record<string, unknown>;
  add: Record<string, number>;
  set: Record<string, unknown>;
  name?: { attribute: string; value: string; stamp: NameStamp; stored: NameStamp | undefined };
}): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const setParts: string[] = [];
  const addParts: string[] = [];
  let n = 0;
  const bind = (attribute: string, value: unknown) => {
    n += 1;
    names[`#a${n}`] = attribute;
    values[`:v${n}`] = value;
    return { name: `#a${n}`, value: `:v${n}` };
  };
  for (const [attribute, value] of Object.entries(spec.add)) {
    const b = bind(attribute, value);
    addParts.push(`${b.name} ${b.value}`);
  }
  for (const [attribute, value] of Object.entries(spec.set)) {
    const b = bind(attribute, value);
    setParts.push(`${b.name} = ${b.value}`);
  }
  let condition: string | undefined;
  if (spec.name && (spec.name.stored === undefined || spec.name.stamp > spec.name.stored)) {
    const name = bind(spec.name.attribute, spec.name.value);
    const stamp = bind("name_stamp", spec.name.stamp);
    setParts.push(`${name.name} = ${name.value}`, `${stamp.name} = ${stamp.value}`);
    // If another writer stored a newer stamp since we read, the transaction fails and is retried.
    condition = `attribute_not_exists(${stamp.name}) OR ${stamp.name} < ${stamp.value}`;
  }
  const expression = [setParts.length > 0 ? `SET ${setParts.join(", ")}` : "", addParts.length > 0 ? `ADD ${addParts.join(", ")}` : ""].filter(Boolean).join(" ");
  return {
    Update: {
      TableName: spec.table,
      Key: spec.key,
      UpdateExpression: expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(condition === undefined ? {} : { ConditionExpression: condition }),
    },
  };
}

/** The per-item codes of a cancelled transaction, or undefined if the error is something else. */
function cancellationCodes(error: unknown): string[] | undefined {
  if (typeof error !== "object" || error === null || (error as { name?: unknown }).name !== "TransactionCanceledException") return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  if (!Array.isArray(reasons)) return ["Unknown"];
  return reasons.map((reason) => reason.Code ?? "None");
}
