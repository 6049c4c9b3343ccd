import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { dayStartInstant } from "@cargo-express/domain";
import { createTestTables, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { backfillLedger, DynamoDbOrderLedger, DynamoDbOrderRepository, orderToItem } from "../src/index.js";

describe("the ledger backfill", () => {
  it("gives older orders their ledger attributes, so they are listed; touches nothing else; runs again harmlessly", async () => {
    const tables = await createTestTables("ledger-backfill");
    const client = testClient();
    const orders = Array.from({ length: 7 }, (_, i) =>
      orderFrom({ ...OrderMother.sample(), pedido_id: `old-${i}`, timestamp: `2024-09-11 1${i}:00:00` }),
    );
    // Stored as before the ledger: without its three attributes.
    for (const order of orders) {
      const { ledger_month: _m, ledger_at: _a, product_ids: _p, ...older } = orderToItem(order);
      await client.send(new PutCommand({ TableName: tables.orders, Item: older }));
    }
    await client.send(new PutCommand({ TableName: tables.orders, Item: { order_id: "not-an-order" } }));
    const newer = orderFrom({ ...OrderMother.sample(), pedido_id: "new-1", timestamp: "2024-09-11 09:00:00" });
    await new DynamoDbOrderRepository({ client, tableName: tables.orders }).saveIfAbsent(newer);

    const ledger = new DynamoDbOrderLedger({ client, tableName: tables.orders });
    const day = {
      fromInstant: dayStartInstant("2024-09-11", "America/Bogota"),
      toInstant: dayStartInstant("2024-09-12", "America/Bogota"),
      limit: 100,
    };
    expect((await ledger.page(day)).orders.map((o) => o.id)).toEqual(["new-1"]);

    expect(await backfillLedger(client, tables.orders, { pageSize: 3 })).toEqual({ updated: 7, malformed: 1 });
    const listed = (await ledger.page(day)).orders;
    expect(listed.map((o) => o.id)).toEqual([...orders.map((o) => o.id).reverse(), "new-1"]);
    // Stored before orders had a status or a revision: listed as active, revision 1.
    expect(listed.slice(0, 7)).toEqual([...orders].reverse().map((o) => ({ ...o, status: "active", revision: 1 })));

    expect(await backfillLedger(client, tables.orders)).toEqual({ updated: 0, malformed: 1 });
  });
});
