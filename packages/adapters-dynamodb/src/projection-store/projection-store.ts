import { GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  PermanentFailureError,
  systemClock,
  type Clock,
  type CommitOutcome,
  type ProjectionCommit,
  type ProjectionDelta,
  type ProjectionStore,
} from "@cargo-express/domain";
import { batchGetItems } from "../batch.js";
import { dynamo } from "../errors.js";
import { generationInUse } from "../generations/generation-cache.js";
import { allTimeKey, dayKey, MAX_LISTED_PER_ITEM, WATERMARK_PK } from "../keys.js";
import type { TableNames } from "../tables.js";
import { refusalOf } from "./commit-limits.js";
import { type CommitPlan, planCommit } from "./commit-plan.js";
import { commitWithRetries, DEFAULT_TRANSACTION_ATTEMPTS } from "./commit-retry.js";
import { commitTransactItems } from "./commit-transaction.js";
import type { StoredItem } from "./item-update.js";

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
  /** How long the active generation is reused before being read again. Default GENERATION_CACHE_MS (5 s). */
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

/**
 * The projector's write side. Each commit is ONE TransactWriteItems: the partition's watermark moves from
 * below `from` to `to` (conditioned, so a replayed batch writes nothing) together with one UpdateItem per
 * shard's all-time item and per (day, shard) item the orders touch. With two shards an order writes three
 * items (watermark, all-time, day) and a batch at most 1 + 2 + 2 per business day, whatever its couriers and
 * products. Counters are only ever added to (ADD), so concurrent partitions lose no update. Display names
 * follow "the newest stamp wins" and each item lists a bounded number of couriers and products: both are
 * decided from a consistent read of the items, and a write that sets a name or lists a newcomer is
 * conditioned on the item's version, so a concurrent change makes it re-read and retry.
 *
 * The parts, one job each: `commit-plan.ts` (which items the orders land in), `commit-limits.ts` (whether
 * that fits one transaction), `item-update.ts` (one item's UpdateItem), `commit-transaction.ts` (the
 * transaction), `commit-retry.ts` (sending it until it holds).
 */
export class DynamoDbProjectionStore implements ProjectionStore {
  /** The generation written: pinned, or the active one as this store's cache knows it. */
  private readonly generation: () => Promise<number>;
  private readonly clock: Clock;
  private readonly maxListed: number;

  constructor(private readonly options: DynamoDbProjectionStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxListed = options.maxListedPerItem ?? MAX_LISTED_PER_ITEM;
    this.generation = generationInUse({
      client: options.client,
      projectorStateTable: options.tables.projectorState,
      clock: this.clock,
      ...(options.generation === undefined ? {} : { fixed: options.generation }),
      ...(options.generationCacheMs === undefined ? {} : { cacheMs: options.generationCacheMs }),
    });
  }

  fitsOneCommit(orders: readonly ProjectionDelta[]): boolean {
    return refusalOf(planCommit(orders)) === undefined;
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
    const refusal = refusalOf(plan);
    if (refusal !== undefined) throw new PermanentFailureError(refusal);
    const generation = await this.generation();
    return commitWithRetries({
      client: this.options.client,
      maxAttempts: this.options.maxTransactionAttempts ?? DEFAULT_TRANSACTION_ATTEMPTS,
      transaction: async () =>
        commitTransactItems({
          tables: this.options.tables,
          generation,
          commit,
          plan,
          stored: await this.readItems(generation, plan),
          maxListed: this.maxListed,
          nowMs: this.clock.now(),
        }),
    });
  }

  /** The items a plan writes, as stored now (consistent BatchGetItem; absent items are missing from the map). */
  private async readItems(generation: number, plan: CommitPlan): Promise<Map<string, StoredItem>> {
    const { deliveries } = this.options.tables;
    const keys = [
      ...plan.allTime.map((change) => allTimeKey(generation, change.shard)),
      ...plan.days.map((change) => dayKey(generation, change.day, change.shard)),
    ];
    if (keys.length === 0) return new Map();
    const found = await batchGetItems(
      this.options.client,
      [{ table: deliveries, keys, consistentRead: true }],
      "read projection items",
    );
    return new Map((found.get(deliveries) ?? []).map((item) => [String(item.delivery_id), item]));
  }
}
