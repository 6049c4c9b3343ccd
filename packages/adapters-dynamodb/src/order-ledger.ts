import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  type LedgerEntry,
  type LedgerPage,
  type LedgerPageRequest,
  type LedgerPosition,
  ledgerPositionOf,
  type OrderLedger,
} from "@cargo-express/domain";
import { dynamo } from "./errors.js";
import { ledgerEntryFromItem } from "./order-item.js";
import { LEDGER_INDEXES } from "./tables.js";

/** Most Query requests one page sends: a page ending sooner returns what it found, with where to go on. */
export const MAX_QUERIES_PER_PAGE = 4;

/**
 * Orders one Query evaluates when filtering by product. An order holds several products and an index cannot key
 * on a list, so a product's orders are read from the month (or courier) index with a filter: a page reads at most
 * MAX_QUERIES_PER_PAGE x this many orders (a month at x12 is about 150,000 orders: a rare product's page may come back
 * short or empty, with a cursor, rather than reading the month in one request).
 */
export const FILTERED_ORDERS_PER_QUERY = 1000;

export interface DynamoDbOrderLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  /** Physical name of the Orders table. */
  readonly tableName: string;
}

/** One partition of an index to read, newest first, and where it starts (every position in it is at or after). */
interface Partition {
  readonly index: string;
  readonly keyName: "ledger_month" | "courier_id";
  readonly key: string;
  readonly start: LedgerPosition;
}

const monthStart = (month: string): LedgerPosition => `${month}-01T00:00:00.000000Z`;
const previousMonth = (month: string): string => {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 1
    ? `${String(year - 1).padStart(4, "0")}-12`
    : `${String(year).padStart(4, "0")}-${String(m - 1).padStart(2, "0")}`;
};

/** The UTC months holding positions in [from, below), newest first. */
function monthsBetween(from: LedgerPosition, below: LedgerPosition): string[] {
  const months: string[] = [];
  let month = below.slice(0, 7);
  if (monthStart(month) >= below) month = previousMonth(month);
  for (; month >= from.slice(0, 7); month = previousMonth(month)) months.push(month);
  return months;
}

/**
 * The ledger over the Orders table's indexes (tables.ts, LEDGER_INDEXES): a courier's orders from the by-courier
 * index (one partition), the others from the by-month index, one UTC month after another, newest first; a product
 * is a filter on either. A page is at most MAX_QUERIES_PER_PAGE Query requests (usually one, two across a month's
 * end), never a Scan. Index reads are eventually consistent: an order shows within about a second of its write.
 */
export class DynamoDbOrderLedger implements OrderLedger {
  constructor(private readonly options: DynamoDbOrderLedgerOptions) {}

  async page(request: LedgerPageRequest): Promise<LedgerPage> {
    const upper = request.after ?? request.toInstant;
    const partitions: Partition[] =
      request.courierId === undefined
        ? monthsBetween(request.fromInstant, upper).map((month) => ({
            index: LEDGER_INDEXES.byMonth,
            keyName: "ledger_month",
            key: month,
            start: monthStart(month),
          }))
        : [
            {
              index: LEDGER_INDEXES.byCourier,
              keyName: "courier_id",
              key: request.courierId,
              start: request.fromInstant,
            },
          ];
    // One more than the page, to know whether the range holds more.
    const wanted = request.limit + 1;
    const orders: LedgerEntry[] = [];
    let covered = upper;
    let startKey: Record<string, unknown> | undefined;
    let partition = 0;
    for (let requests = 0; partition < partitions.length; requests += 1) {
      if (requests === MAX_QUERIES_PER_PAGE) return { orders, next: covered };
      const part = partitions[partition]!;
      const result = await dynamo("list orders", () =>
        this.options.client.send(
          new QueryCommand({
            TableName: this.options.tableName,
            IndexName: part.index,
            KeyConditionExpression: "#pk = :pk AND ledger_at BETWEEN :from AND :upper",
            ExpressionAttributeNames: { "#pk": part.keyName },
            ExpressionAttributeValues: {
              ":pk": part.key,
              ":from": request.fromInstant,
              ":upper": upper,
              ...(request.productId === undefined ? {} : { ":product": request.productId }),
            },
            ...(request.productId === undefined ? {} : { FilterExpression: "contains(product_ids, :product)" }),
            ScanIndexForward: false,
            // +1: the order at `upper` itself (the previous page's last) may come first, and is skipped.
            Limit: request.productId === undefined ? wanted - orders.length + 1 : FILTERED_ORDERS_PER_QUERY,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      for (const item of result.Items ?? []) {
        if (item.ledger_at === upper) continue;
        orders.push(ledgerEntryFromItem(item));
        if (orders.length === wanted) {
          const page = orders.slice(0, request.limit);
          return { orders: page, next: ledgerPositionOf(page.at(-1)!) };
        }
      }
      if (result.LastEvaluatedKey === undefined) {
        covered = part.start;
        startKey = undefined;
        partition += 1;
      } else {
        startKey = result.LastEvaluatedKey;
        covered = String(result.LastEvaluatedKey.ledger_at);
      }
    }
    return { orders };
  }
}
