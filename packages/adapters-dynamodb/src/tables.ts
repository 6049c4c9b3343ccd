/**
 * The DynamoDB data model, defined once. The adapters, the local stack (which creates tables) and the
 * Pulumi program (which deploys them) all read these definitions. See docs/data-model.md.
 */

/**
 * The Orders table's indexes for the ledger (GET /orders, the exports): newest delivery first within a UTC month of
 * delivery, or within a courier's orders; both sorted by `ledger_at` (delivery instant, then order id) and projecting
 * the whole order, so a page is read from the index alone.
 */
export const LEDGER_INDEXES = { byMonth: "by_month", byCourier: "by_courier" } as const;

/** Logical table -> physical table name (names come from configuration). */
export interface TableNames {
  /** Orders, key `order_id`; its stream (new and old images) feeds the projector. */
  readonly orders: string;
  /**
   * The monitor's read model, key `delivery_id`: per generation and shard (couriers split by a hash) one
   * all-time item (`<generation>#A#<shard>`: its couriers' figures and names, the products they sold) and one
   * item per business day (`<generation>#D#<day>#<shard>`: the day's figures, deliveries per hour; TTL
   * `expires_at`). Every item lists a bounded number of couriers and products.
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
    deliveries: `${prefix}-deliveries`,
    projectorState: `${prefix}-projector-state`,
  };
}

interface AttributeDefinition {
  readonly name: string;
  readonly type: "S" | "N";
}

interface IndexDefinition {
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

export const TABLE_DEFINITIONS: readonly TableDefinition[] = [
  {
    key: "orders",
    hashKey: "order_id",
    attributes: [
      { name: "order_id", type: "S" },
      { name: "ledger_month", type: "S" },
      { name: "ledger_at", type: "S" },
      { name: "courier_id", type: "S" },
    ],
    globalSecondaryIndexes: [
      { name: LEDGER_INDEXES.byMonth, hashKey: "ledger_month", rangeKey: "ledger_at", projection: "ALL" },
      { name: LEDGER_INDEXES.byCourier, hashKey: "courier_id", rangeKey: "ledger_at", projection: "ALL" },
    ],
    stream: "NEW_AND_OLD_IMAGES",
    purpose:
      "Every accepted order, written once with attribute_not_exists, then only by a void or a correction conditional on its revision; source of truth and of the stream. Two indexes list the orders by delivery (the ledger): by UTC month of delivery, and by courier.",
  },
  {
    key: "deliveries",
    hashKey: "delivery_id",
    attributes: [{ name: "delivery_id", type: "S" }],
    globalSecondaryIndexes: [],
    ttlAttribute: "expires_at",
    purpose:
      "The monitor's read model. Per generation and courier shard: an all-time item (<generation>#A#<shard>: couriers' and products' figures and names) and one item per business day (<generation>#D#<day>#<shard>: the day's figures and deliveries per hour, TTL); a report is one BatchGetItem.",
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
    purpose:
      "Per-shard watermarks per generation (TTL after the stream's 24 h retention), the active and building generations, dead letters.",
  },
];

/**
 * The catalogue and fleet with the history of their changes, key `pk` + `sk`: partition `ENTRY` holds one item
 * per product (`product#<id>`) and courier (`courier#<id>`) with its revision; partition `HISTORY` one item per
 * change, sorted by time (`changeKey`). A change and its history item are one TransactWriteItems, the entry
 * written under a condition on the revision it replaces. Read whole by one Query (a catalogue is small); not
 * derived from orders, so never rebuilt (docs/data-model.md).
 */
export const CATALOG_TABLE_DEFINITION = {
  key: "catalog",
  hashKey: "pk",
  rangeKey: "sk",
  attributes: [
    { name: "pk", type: "S" },
    { name: "sk", type: "S" },
  ],
  globalSecondaryIndexes: [],
  purpose:
    "Cargo Express's catalogue (products, reference prices) and fleet (couriers), edited by supervisors, with every change recorded (who, when, before, after) in the same transaction.",
} as const satisfies Omit<TableDefinition, "key"> & { readonly key: "catalog" };

/** Default physical name of the catalogue table for a stage prefix: `cargo-express-dev-catalog`. */
export const catalogTableNameFor = (prefix: string): string => `${prefix}-catalog`;

/**
 * The export jobs, key `export_id` (a random UUID): one item per job (who asked, the range, the format, the status
 * and what the worker recorded), each step a conditional write on `status`. Jobs live a day (their files too): TTL
 * `expires_at` a day after that, as DynamoDB deletes expired items within a day or two; readers ignore a job past its
 * `keep_until`. A table of its own, not an item kind in another, so its TTL, its backup settings and the functions'
 * permissions are its own: the API and the export function get this table's ARN and nothing of the projector's.
 */
export const EXPORTS_TABLE_DEFINITION = {
  key: "exports",
  hashKey: "export_id",
  attributes: [{ name: "export_id", type: "S" }],
  globalSecondaryIndexes: [],
  ttlAttribute: "expires_at",
  purpose:
    "The ledger's export jobs (who asked, the range, the format, pending/running/ready/failed, rows, the file's key), kept a day like their files.",
} as const satisfies Omit<TableDefinition, "key"> & { readonly key: "exports" };

/** Default physical name of the exports table for a stage prefix: `cargo-express-dev-exports`. */
export const exportsTableNameFor = (prefix: string): string => `${prefix}-exports`;
