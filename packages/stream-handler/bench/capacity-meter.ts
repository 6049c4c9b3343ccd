import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const WRITES = new Set(["PutItemCommand", "UpdateItemCommand", "DeleteItemCommand", "BatchWriteItemCommand", "TransactWriteItemsCommand"]);
const READS = new Set(["GetItemCommand", "BatchGetItemCommand", "QueryCommand", "ScanCommand", "TransactGetItemsCommand"]);

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
  /** Write capacity units as DynamoDB Local reports them (it under-reports transactions). */
  wcuReported: number;
  rcu: number;
  /** Items written by TransactWriteItems requests. */
  transactItems: number;
  byCommand: Map<string, number>;
}

/**
 * Counts what one DynamoDB client asks of DynamoDB. A middleware adds ReturnConsumedCapacity to every
 * request that accepts it (INDEXES: the TOTAL figure plus its split between table and indexes) and sums
 * the ConsumedCapacity of the responses; requests are counted once each, however often the SDK retried.
 *
 * DynamoDB Local reports single-item and batch requests as DynamoDB charges them, but not transactions:
 * for a TransactWriteItems it reports about one item's cost per table (10 product updates: 2 WCU instead
 * of 20). For transactions the meter therefore prices the request itself, by DynamoDB's published rules:
 * 2 WCU per item per KB (every projection item is under 1 KB), plus the index writes, which are not
 * transactional: 1 WCU when an item enters an index, 2 when an update changes its index key (delete and
 * put). `indexedTables` names the tables whose index key every projector update changes (Products:
 * `units`; Deliveries: `revenue_cents`).
 */
export class CapacityMeter {
  readonly totals: CapacityTotals = { writeRequests: 0, readRequests: 0, wcu: 0, wcuIndexes: 0, wcuReported: 0, rcu: 0, transactItems: 0, byCommand: new Map() };
  private readonly indexedKeysSeen = new Set<string>();

  constructor(private readonly indexedTables: ReadonlySet<string> = new Set()) {}

  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? "unknown";
        const measured = WRITES.has(command) || READS.has(command);
        const input = args.input as Record<string, unknown>;
        if (measured) input.ReturnConsumedCapacity = "INDEXES";
        const result = await next(args);
        if (!measured) return result;
        const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
        const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
        const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        const indexUnits = list.reduce((sum, c) => sum + Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((s, i) => s + (i.CapacityUnits ?? 0), 0), 0);
        this.totals.byCommand.set(command, (this.totals.byCommand.get(command) ?? 0) + 1);
        if (WRITES.has(command)) {
          this.totals.writeRequests += 1;
          this.totals.wcuReported += units;
          if (command === "TransactWriteItemsCommand") {
            const items = (input.TransactItems as TransactItem[] | undefined) ?? [];
            this.totals.transactItems += items.length;
            const priced = this.priceTransaction(items);
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

  private priceTransaction(items: readonly TransactItem[]): { table: number; indexes: number } {
    let table = 0;
    let indexes = 0;
    for (const item of items) {
      const action = item.Update ?? item.Put ?? item.Delete ?? item.ConditionCheck;
      if (!action) continue;
      table += 2;
      if (item.Update && this.indexedTables.has(action.TableName)) {
        const key = `${action.TableName}|${JSON.stringify(item.Update.Key)}`;
        indexes += this.indexedKeysSeen.has(key) ? 2 : 1;
        this.indexedKeysSeen.add(key);
      }
    }
    return { table, indexes };
  }
}

interface TransactAction {
  readonly TableName: string;
  readonly Key?: unknown;
}

interface TransactItem {
  readonly Update?: TransactAction;
  readonly Put?: TransactAction;
  readonly Delete?: TransactAction;
  readonly ConditionCheck?: TransactAction;
}
