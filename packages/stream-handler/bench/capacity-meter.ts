import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const WRITES = new Set([
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "BatchWriteItemCommand",
  "TransactWriteItemsCommand",
]);
const READS = new Set([
  "GetItemCommand",
  "BatchGetItemCommand",
  "QueryCommand",
  "ScanCommand",
  "TransactGetItemsCommand",
]);

interface Consumed {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

export interface CapacityTotals {
  writeRequests: number;
  readRequests: number;
  /** Write capacity units as DynamoDB prices them: tables and their indexes (see the class comment). */
  wcu: number;
  /** Of `wcu`, the part written to global secondary indexes. */
  wcuIndexes: number;
  /** Of `wcu`, the table part of transactional writes, per table name (indexes excluded). */
  wcuByTable: Map<string, number>;
  /** Write capacity units as DynamoDB Local reports them (it under-reports transactions). */
  wcuReported: number;
  rcu: number;
  /** Items written by TransactWriteItems requests. */
  transactItems: number;
  /** Largest size (bytes, DynamoDB's rules) seen per item key, before or after a transactional write. */
  largestItemBytes: Map<string, number>;
  /** Time spent reading item images for pricing (not the projector's work: subtract it from timings). */
  inspectionMs: number;
  byCommand: Map<string, number>;
}

/** A global secondary index's key attributes (its entries project ALL attributes). */
interface IndexKeys {
  readonly hashKey: string;
  readonly rangeKey: string;
}

export interface CapacityMeterOptions {
  /**
   * A client WITHOUT this meter, used to read the items a transaction touches just before and just after
   * it (consistent reads, not counted): DynamoDB prices each write by the item's larger size.
   */
  readonly inspector?: DynamoDBDocumentClient;
  /** The global secondary indexes of each table, by table name. */
  readonly indexes?: ReadonlyMap<string, readonly IndexKeys[]>;
}

type Item = Record<string, unknown>;

const KB = 1024;
const unitsFor = (bytes: number): number => Math.max(1, Math.ceil(bytes / KB));

/**
 * Size of an item as DynamoDB measures it for capacity: per attribute, its name's UTF-8 length plus its
 * value's size (strings: UTF-8 length; numbers: 1 byte plus 1 per two significant digits; booleans and
 * null: 1; lists and maps: 3 bytes plus 1 per element plus their contents; sets: their elements).
 */
export function itemSizeBytes(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

function valueSize(value: unknown): number {
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number" || typeof value === "bigint") {
    const digits = String(value).replace(/^-/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "") || "0";
    return 1 + Math.ceil(digits.length / 2);
  }
  if (typeof value === "boolean" || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === "object")
    return 3 + Object.entries(value).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueSize(v), 0);
  return 0;
}

/**
 * Counts what one DynamoDB client asks of DynamoDB. A middleware adds ReturnConsumedCapacity to every
 * request that accepts it (INDEXES: the TOTAL figure plus its split between table and indexes) and sums
 * the ConsumedCapacity of the responses; requests are counted once each, however often the SDK retried.
 *
 * DynamoDB Local reports single-item and batch requests as DynamoDB charges them, but not transactions:
 * for a TransactWriteItems it reports about one item's cost per table (10 product updates: 2 WCU instead
 * of 20). For transactions the meter therefore prices the request itself, by DynamoDB's published rules,
 * from the items as they are just before and just after it (read with the `inspector` client):
 * - each item: 2 WCU per started KB of the larger of its two sizes (a 1.3 KB item costs 4 WCU);
 * - each global secondary index, whose writes are not transactional: 1 WCU per started KB of the entry
 *   written when an item enters the index, the same for the entry deleted when it leaves, both (delete
 *   and put) when an update changes the index key, one put when it changes other attributes only.
 * Without an inspector every item is priced as under 1 KB and every indexed update as changing its key.
 */
export class CapacityMeter {
  readonly totals: CapacityTotals = {
    writeRequests: 0,
    readRequests: 0,
    wcu: 0,
    wcuIndexes: 0,
    wcuByTable: new Map(),
    wcuReported: 0,
    rcu: 0,
    transactItems: 0,
    largestItemBytes: new Map(),
    inspectionMs: 0,
    byCommand: new Map(),
  };

  constructor(private readonly options: CapacityMeterOptions = {}) {}

  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? "unknown";
        const measured = WRITES.has(command) || READS.has(command);
        const input = args.input as Record<string, unknown>;
        if (measured) input.ReturnConsumedCapacity = "INDEXES";
        const transactItems =
          command === "TransactWriteItemsCommand" ? ((input.TransactItems as TransactItem[] | undefined) ?? []) : [];
        const before = transactItems.length > 0 ? await this.images(transactItems) : undefined;
        const result = await next(args);
        if (!measured) return result;
        const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
        const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        const indexUnits = list.reduce(
          (sum, c) =>
            sum + Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((s, i) => s + (i.CapacityUnits ?? 0), 0),
          0,
        );
        this.totals.byCommand.set(command, (this.totals.byCommand.get(command) ?? 0) + 1);
        if (WRITES.has(command)) {
          this.totals.writeRequests += 1;
          this.totals.wcuReported += units;
          if (command === "TransactWriteItemsCommand") {
            this.totals.transactItems += transactItems.length;
            const after = await this.images(transactItems);
            const priced = this.priceTransaction(transactItems, before, after);
            this.totals.wcu += priced.table + priced.indexes;
            this.totals.wcuIndexes += priced.indexes;
          } else {
            this.totals.wcu += units;
            this.totals.wcuIndexes += indexUnits;
          }
        } else {
          this.totals.readRequests += 1;
          this.totals.rcu += units;
        }
        return result;
      },
      { step: "initialize", name: "capacity-meter" },
    );
  }

  /** The current image of every item a transaction names (absent items are missing from the map). */
  private async images(items: readonly TransactItem[]): Promise<Map<string, Item> | undefined> {
    const inspector = this.options.inspector;
    if (!inspector) return undefined;
    const started = performance.now();
    try {
      return await this.read(inspector, items);
    } finally {
      this.totals.inspectionMs += performance.now() - started;
    }
  }

  private async read(inspector: DynamoDBDocumentClient, items: readonly TransactItem[]): Promise<Map<string, Item>> {
    const requestItems: Record<string, { Keys: Item[]; ConsistentRead: boolean }> = {};
    for (const item of items) {
      const action = actionOf(item);
      if (action) (requestItems[action.TableName] ??= { Keys: [], ConsistentRead: true }).Keys.push(action.Key);
    }
    const found = new Map<string, Item>();
    let pending: typeof requestItems | undefined = requestItems;
    while (pending && Object.keys(pending).length > 0) {
      const page = await inspector.send(new BatchGetCommand({ RequestItems: pending }));
      for (const [table, rows] of Object.entries(page.Responses ?? {})) {
        for (const row of rows) {
          const match = items
            .map(actionOf)
            .find((a) => a?.TableName === table && Object.entries(a.Key).every(([k, v]) => row[k] === v));
          if (match) found.set(keyOf(match), row);
        }
      }
      pending = page.UnprocessedKeys as typeof requestItems | undefined;
    }
    return found;
  }

  private priceTransaction(
    items: readonly TransactItem[],
    before: Map<string, Item> | undefined,
    after: Map<string, Item> | undefined,
  ): { table: number; indexes: number } {
    let table = 0;
    let indexes = 0;
    for (const item of items) {
      if (item.Put) {
        const units = 2 * unitsFor(itemSizeBytes(item.Put.Item));
        table += units;
        this.totals.wcuByTable.set(item.Put.TableName, (this.totals.wcuByTable.get(item.Put.TableName) ?? 0) + units);
        continue;
      }
      const action = actionOf(item);
      if (!action) continue;
      const key = keyOf(action);
      const old = before?.get(key);
      const now = after?.get(key);
      const oldBytes = old ? itemSizeBytes(old) : 0;
      const newBytes = now ? itemSizeBytes(now) : 0;
      this.totals.largestItemBytes.set(key, Math.max(this.totals.largestItemBytes.get(key) ?? 0, oldBytes, newBytes));
      const itemUnits = 2 * unitsFor(Math.max(oldBytes, newBytes));
      table += itemUnits;
      this.totals.wcuByTable.set(action.TableName, (this.totals.wcuByTable.get(action.TableName) ?? 0) + itemUnits);
      for (const index of this.options.indexes?.get(action.TableName) ?? []) {
        if (!before || !after) {
          // No images: every indexed update is taken to move its entry (delete and put, under 1 KB).
          if (item.Update) indexes += 2;
          continue;
        }
        const inOld = old !== undefined && old[index.hashKey] !== undefined && old[index.rangeKey] !== undefined;
        const inNew = now !== undefined && now[index.hashKey] !== undefined && now[index.rangeKey] !== undefined;
        const keyChanged =
          inOld && inNew && (old[index.hashKey] !== now[index.hashKey] || old[index.rangeKey] !== now[index.rangeKey]);
        if (inOld && (!inNew || keyChanged)) indexes += unitsFor(oldBytes);
        if (inNew && (!inOld || keyChanged)) indexes += unitsFor(newBytes);
        if (inOld && inNew && !keyChanged && JSON.stringify(old) !== JSON.stringify(now)) indexes += unitsFor(newBytes);
      }
    }
    return { table, indexes };
  }
}

interface TransactAction {
  readonly TableName: string;
  readonly Key: Item;
}

interface TransactItem {
  readonly Update?: TransactAction;
  readonly Put?: { readonly TableName: string; readonly Item: Item };
  readonly Delete?: TransactAction;
  readonly ConditionCheck?: TransactAction;
}

/** The table and key an item of a transaction acts on (a Put's key is not known here: priced by its item). */
function actionOf(item: TransactItem): TransactAction | undefined {
  return item.Update ?? item.Delete ?? item.ConditionCheck;
}

const keyOf = (action: TransactAction): string => `${action.TableName}|${JSON.stringify(action.Key)}`;
