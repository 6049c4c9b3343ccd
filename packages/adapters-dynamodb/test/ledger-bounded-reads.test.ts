import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { dayStartInstant, ListOrders, type Order } from "@cargo-express/domain";
import { createTestTables, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DynamoDbOrderLedger,
  FILTERED_ORDERS_PER_QUERY,
  MAX_QUERIES_PER_PAGE,
  orderToItem,
  type TableNames,
} from "../src/index.js";

const TZ = "America/Bogota";
/** A month of orders at about x12 today's volume in one day's share: 3,000 orders over September 2024. */
const ORDERS = 3_000;
const START = Date.parse("2024-09-01T05:00:00Z");
const SPAN_MS = 30 * 86_400_000;

/** Order `i`: delivered evenly over the month, by one of 100 couriers, one product of 50 (pk0000 on 1 in 500). */
const orderNumber = (i: number): Order => {
  const at = new Date(START + Math.floor((i * SPAN_MS) / ORDERS)).toISOString().replace("Z", "000Z");
  const productId = i % 500 === 0 ? "pk0000" : `pk${String(1 + (i % 49)).padStart(4, "0")}`;
  return {
    id: `bounded-${String(i).padStart(5, "0")}`,
    courier: { id: String(100 + (i % 100)), name: `Repartidor ${i % 100}` },
    lines: [{ productId, productName: `Producto ${productId}`, unitPrice: 150, quantity: 2 }],
    total: 300,
    units: 2,
    deliveredAt: at,
    receivedAt: at,
  };
};

describe("a page of the ledger is a bounded number of Query requests, never a Scan", () => {
  let tables: TableNames;
  beforeAll(async () => {
    tables = await createTestTables("ledger-bounded");
    const client = testClient({ requestTimeoutMs: 30_000, maxAttempts: 5 });
    const items = Array.from({ length: ORDERS }, (_, i) => orderToItem(orderNumber(i)));
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: { ...item } } }));
      let pending: Record<string, unknown[]> | undefined = { [tables.orders]: chunk };
      while (pending !== undefined && Object.keys(pending).length > 0)
        pending = (await client.send(new BatchWriteCommand({ RequestItems: pending as never }))).UnprocessedItems as
          | Record<string, unknown[]>
          | undefined;
    }
  }, 300_000);

  /** The requests one page of `query` sends, from a fresh client. */
  const measure = async (query: Parameters<ListOrders["execute"]>[0]) => {
    const client = testClient({});
    const recorder = recordRequests(client);
    const result = await new ListOrders({
      ledger: new DynamoDbOrderLedger({ client, tableName: tables.orders }),
      timeZone: TZ,
    }).execute(query);
    recorder.stop();
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return { page: result.value, requests: recorder.requests };
  };

  it("reads a page of 500 of a month's 3,000 orders with one Query on each UTC month the range touches", async () => {
    const { page, requests } = await measure({ from: "2024-09-01", to: "2024-09-30", limit: 500 });
    expect(page.orders).toHaveLength(500);
    // September in Bogota ends at 2024-10-01T05:00Z: October's first hours (none here), then September's.
    expect(requests.map((r) => [r.command, r.input.IndexName, r.input.ExpressionAttributeValues])).toEqual([
      ["QueryCommand", "by_month", expect.objectContaining({ ":pk": "2024-10" })],
      ["QueryCommand", "by_month", expect.objectContaining({ ":pk": "2024-09" })],
    ]);
    // An order item is well under 1 KB: 500 of them are at most 63 read units (eventually consistent).
    expect(requests[1]!.capacityUnits).toBeLessThanOrEqual(63);
  });

  it("reads a courier's page with one Query on the courier index", async () => {
    const { page, requests } = await measure({ from: "2024-09-01", to: "2024-09-30", courier: "142", limit: 20 });
    expect(page.orders).toHaveLength(20);
    expect(page.orders.every((order) => order.courier.id === "142")).toBe(true);
    expect(requests.map((r) => [r.command, r.input.IndexName])).toEqual([["QueryCommand", "by_courier"]]);
  });

  it("crosses a month's end in two Queries (31 days over August and September)", async () => {
    const { requests } = await measure({ from: "2024-08-31", to: "2024-09-30", limit: 500 });
    // September's orders fill the page; the range starts in August (UTC), so the page may need both months.
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(requests.every((r) => r.command === "QueryCommand")).toBe(true);
  });

  it(`filters a rare product with at most ${MAX_QUERIES_PER_PAGE} Queries of ${FILTERED_ORDERS_PER_QUERY} orders a page, going on with a cursor`, async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { page, requests } = await measure({
        from: "2024-09-01",
        to: "2024-09-30",
        product: "pk0000",
        limit: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(requests.length).toBeLessThanOrEqual(MAX_QUERIES_PER_PAGE);
      expect(requests.every((r) => r.command === "QueryCommand" && r.input.Limit === FILTERED_ORDERS_PER_QUERY)).toBe(
        true,
      );
      seen.push(...page.orders.map((order) => order.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined && pages < 10);
    expect(seen).toHaveLength(ORDERS / 500);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("starts a page where the last one ended, wherever that is in the month", async () => {
    const first = await measure({ from: "2024-09-01", to: "2024-09-30", limit: 250 });
    const second = await measure({ from: "2024-09-01", to: "2024-09-30", limit: 250, cursor: first.page.nextCursor! });
    expect(second.requests).toHaveLength(1);
    expect(second.page.orders[0]!.deliveredAt <= first.page.orders.at(-1)!.deliveredAt).toBe(true);
    expect(new Set([...first.page.orders, ...second.page.orders].map((o) => o.id)).size).toBe(500);
    // Bounded by the range's own start: nothing before the 1st in Bogota.
    expect(dayStartInstant("2024-09-01", TZ)).toBe("2024-09-01T05:00:00.000000Z");
  });
});
