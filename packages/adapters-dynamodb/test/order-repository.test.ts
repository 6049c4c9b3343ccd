import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { canonicalOrderText, PlaceOrder } from "@cargo-express/domain";
import { createTestTables, recordRequests, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, commandFrom, orderFrom } from "@cargo-express/testkit";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DynamoDbOrderRepository,
  MalformedOrderItemError,
  orderFromItem,
  orderToItem,
  type TableNames,
} from "../src/index.js";

let tables: TableNames;
let repo: DynamoDbOrderRepository;
beforeAll(async () => {
  tables = await createTestTables("orders");
  repo = new DynamoDbOrderRepository({ client: testClient(), tableName: tables.orders });
});

const rawItem = async (id: string) =>
  (await testClient().send(new GetCommand({ TableName: tables.orders, Key: { order_id: id }, ConsistentRead: true })))
    .Item;

describe("DynamoDbOrderRepository item layout", () => {
  it("stores snake_case attributes, money as whole cents and a sha256 fingerprint of the canonical order", async () => {
    const order = orderFrom(
      OrderMother.withProducts([
        { IdProducto: "pk0008", producto: "Pila de botón", precio: 2.5, cantidad: 3 },
        { IdProducto: "pk0010", producto: "Clip sujetapapeles", precio: 0.2 },
      ]),
    );
    await repo.saveIfAbsent(order);
    expect(await rawItem(order.id)).toEqual({
      order_id: order.id,
      courier_id: "106",
      courier_name: "Pedro Gómez",
      lines: [
        { product_id: "pk0008", product_name: "Pila de botón", unit_price_cents: 250, quantity: 3 },
        { product_id: "pk0010", product_name: "Clip sujetapapeles", unit_price_cents: 20, quantity: 1 },
      ],
      total_cents: 770,
      units: 4,
      delivered_at: "2024-09-11T23:27:09.039464Z",
      received_at: order.receivedAt,
      fingerprint: createHash("sha256").update(canonicalOrderText(order)).digest("hex"),
      // The ledger's keys, written in the same PutItem: UTC month of delivery, delivery instant then id.
      ledger_month: "2024-09",
      ledger_at: `2024-09-11T23:27:09.039464Z#${order.id}`,
      product_ids: ["pk0008", "pk0010"],
    });
  });

  it("tells a replay from a conflict through PlaceOrder: same order again is harmless, different content is refused", async () => {
    const placeOrder = new PlaceOrder({
      orders: repo,
      clock: { now: () => Date.parse("2024-09-11T23:30:00Z") },
      timeZone: "America/Bogota",
    });
    const payload = OrderMother.sample();
    payload.pedido_id = `replay-${Date.now()}`;
    const first = await placeOrder.execute(commandFrom(payload));
    // The same delivery again, with the product entries in another order and the timestamp with an offset.
    const again = await placeOrder.execute(
      commandFrom({
        ...payload,
        productos: [...payload.productos].reverse(),
        timestamp: "2024-09-11T18:27:09.039464-05:00",
      }),
    );
    const conflicting = await placeOrder.execute(commandFrom({ ...payload, productos: payload.productos.slice(1) }));
    expect(first).toMatchObject({ ok: true, value: { created: true } });
    expect(again).toMatchObject({ ok: true, value: { created: false } });
    expect(conflicting).toMatchObject({ ok: false, error: { kind: "conflict" } });
    expect((await repo.getById(payload.pedido_id))?.lines).toHaveLength(3);
  });

  it("gets the existing order back from the refused PutItem itself, without a second read", async () => {
    const client = testClient({});
    const counted = new DynamoDbOrderRepository({ client, tableName: tables.orders });
    const first = orderFrom(OrderMother.random());
    await counted.saveIfAbsent(first);
    const recorder = recordRequests(client);
    const outcome = await counted.saveIfAbsent(orderFrom(OrderMother.random({ id: first.id })));
    expect(outcome).toEqual({
      status: "exists",
      existing: { order: first, status: "active", revision: 1, history: [expect.objectContaining({ revision: 1 })] },
      sameAsOriginal: false,
    });
    expect(recorder.requests.map((r) => r.command)).toEqual(["PutItemCommand"]);
  });
});

describe("orderFromItem", () => {
  const order = orderFrom(OrderMother.sample());

  it("reads back what orderToItem wrote", () => {
    expect(orderFromItem({ ...orderToItem(order) })).toEqual(order);
  });

  it("names every malformed attribute of a foreign or corrupt item", () => {
    const item = {
      ...orderToItem(order),
      courier_id: undefined,
      total_cents: 18.5,
      lines: [{ product_id: "pk1", product_name: "x", unit_price_cents: 100, quantity: 0 }],
    };
    let error: unknown;
    try {
      orderFromItem(item);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MalformedOrderItemError);
    const malformed = error as MalformedOrderItemError;
    expect(malformed.orderId).toBe(order.id);
    expect(malformed.message).toContain(order.id);
    expect(malformed.issues.join("\n")).toMatch(/courier_id/);
    expect(malformed.issues.join("\n")).toMatch(/total_cents/);
    expect(malformed.issues.join("\n")).toMatch(/lines\.0\.quantity/);
  });

  it("refuses an item whose stored totals disagree with its lines", () => {
    expect(() => orderFromItem({ ...orderToItem(order), total_cents: 1 })).toThrow(
      /total_cents is 1, lines add up to 1850/,
    );
    expect(() => orderFromItem({ ...orderToItem(order), units: 9 })).toThrow(/units is 9, lines add up to 3/);
  });

  it("makes getById fail loudly on a malformed stored item instead of returning a wrong order", async () => {
    const id = `corrupt-${Date.now()}`;
    await testClient().send(
      new PutCommand({
        TableName: tables.orders,
        Item: { ...orderToItem(order), order_id: id, delivered_at: "yesterday" },
      }),
    );
    await expect(repo.getById(id)).rejects.toThrow(/malformed order item .*delivered_at/);
  });
});
