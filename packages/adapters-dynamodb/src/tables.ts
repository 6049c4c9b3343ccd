/**
 * The DynamoDB data model, defined once. The adapters, the local stack (which creates tables) and the
 * Pulumi program (which deploys them) all read these definitions. See docs/data-model.md.
 */

/** Logical table -> physical table name (names come from configuration). */
export interface TableNames {
  /** Orders, key `order_id`; its stream (new and old images) feeds the projector. */
  readonly orders: string;
  /** Product aggregates, key `product_id` + `generation`; GSI `by_units` ranks products. */
  readonly products: string;
  /**
   * Couriers, hourly and daily deliveries, key `delivery_id`: per generation one couriers summary item
   * (`<generation>#COURIERS`: every courier's counters and name, and the totals), one item per
   * business-zone hour (`<generation>#<hour>`: deliveries per courier; TTL `expires_at`) and one per
   * business day (`<generation>#D#<day>`: the day's totals, each courier's and product's figures; TTL).
   */
  readonly deliveries: string;
  /** Projector bookkeeping: per-shard watermarks, generations, dead letters; key `pk` + `sk`. */
  readonly projectorState: string;
}

export type TableKey = keyof TableNames;

/** Default physical names for a stage prefix: `cargo-express-dev-orders`, ... */
export function tableNamesFor(prefix: string): TableNames {
  return {
    orders: `${prefix}-orders`,
    products: `${prefix}-products`,
    deliveries: `${prefix}-deliveries`,
    projectorState: `${prefix}-projector-state`,
  };
}

export interface AttributeDefinition {
  readonly name: string;
  readonly type: "S" | "N";
}

export interface IndexDefinition {
  readonly name: string;
  readonly hashKey: string;
  readonly rangeKey: string;
  readonly projection: "ALL";
}

export interface TableDefinition {
  readonly key: TableKey;
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly attributes: readonly AttributeDefinition[];
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** DynamoDB stream view type, if the table has a stream. */
  readonly stream?: "NEW_AND_OLD_IMAGES";
  /** Attribute holding an epoch-seconds expiry, if the table uses TTL. */
  readonly ttlAttribute?: string;
  readonly purpose: string;
}

/** Number of write shards of the `by_units` ranking index: spreads index writes, costs this many queries per read. */
export const RANK_SHARDS = 4;

export const TABLE_DEFINITIONS: readonly TableDefinition[] = [
  {
    key: "orders",
    hashKey: "order_id",
    attributes: [{ name: "order_id", type: "S" }],
    globalSecondaryIndexes: [],
    stream: "NEW_AND_OLD_IMAGES",
    purpose: "Every accepted order, written once with attribute_not_exists; source of truth and of the stream.",
  },
  {
    key: "products",
    hashKey: "product_id",
    rangeKey: "generation",
    attributes: [
      { name: "product_id", type: "S" },
      { name: "generation", type: "N" },
      { name: "rank_key", type: "S" },
      { name: "units", type: "N" },
    ],
    globalSecondaryIndexes: [{ name: "by_units", hashKey: "rank_key", rangeKey: "units", projection: "ALL" }],
    purpose: "Units sold and revenue per product; by_units (rank_key = generation#shard) gives the top-N in RANK_SHARDS queries.",
  },
  {
    key: "deliveries",
    hashKey: "delivery_id",
    attributes: [{ name: "delivery_id", type: "S" }],
    globalSecondaryIndexes: [],
    ttlAttribute: "expires_at",
    purpose:
      "Per generation: one couriers summary item (<generation>#COURIERS: per-courier counters and names, and the totals) read with one GetItem; one item per business-zone hour (<generation>#<hour>: deliveries per courier, TTL) and one per business day (<generation>#D#<day>: the day's totals and each courier's and product's figures, TTL), read with BatchGetItem.",
  },
  {
    key: "projectorState",
    hashKey: "pk",
    rangeKey: "sk",
    attributes: [
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
    ],
    globalSecondaryIndexes: [],
    ttlAttribute: "expires_at",
    purpose: "Per-shard watermarks per generation (TTL after the stream's 24 h retention), the active and building generations, dead letters.",
  },
];
