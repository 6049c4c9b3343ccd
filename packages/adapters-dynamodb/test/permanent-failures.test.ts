import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  addOrderToDelta,
  DependencyUnavailableError,
  emptyDelta,
  encodePosition,
  mergeDelta,
  PermanentFailureError,
} from "@cargo-express/domain";
import { createTestTables, injectFault, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { DynamoDbProjectionStore, translateError } from "../src/index.js";
import { allTimeKey, courierShardOf, META } from "../src/keys.js";
import { couriersDelta, productsDelta } from "./projections.js";

const TZ = "America/Bogota";
const order = orderFrom(OrderMother.sample());
const commitOf = (partition: string) => ({
  partition,
  from: encodePosition("10"),
  to: encodePosition("10"),
  orders: [addOrderToDelta(emptyDelta(), order, TZ)],
});
const ordersItem = allTimeKey(1, courierShardOf(order.courier.id));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (caught: unknown) => caught,
  );
}

describe("permanent failures: refusals that retrying cannot change", () => {
  it("a commit that would grow an item past 400 KB is a PermanentFailureError naming the limit, and writes nothing", async () => {
    const client = testClient();
    const tables = await createTestTables("too-large");
    // The courier's all-time item a little under DynamoDB's 400 KB (only a corrupted or hand-edited item gets
    // there; the store's caps keep its own items under 250 KB): the order's courier, new to it, does not fit.
    await client.send(
      new PutCommand({ TableName: tables.deliveries, Item: { ...ordersItem, padding: "x".repeat(409_500) } }),
    );
    const store = new DynamoDbProjectionStore({ client, tables, generation: 1 });

    const error = await rejection(store.commit(commitOf("p")));

    expect(error).toBeInstanceOf(PermanentFailureError);
    expect((error as Error).message).toMatch(/Item size to update has exceeded the maximum allowed size/);
    expect(await store.watermark("p")).toBeUndefined();
  });

  it("store limits checked before sending (an order too large for one transaction) are permanent too", async () => {
    const store = new DynamoDbProjectionStore({
      client: testClient(),
      tables: await createTestTables("limits"),
      generation: 1,
    });
    const products = Array.from({ length: 200 }, (_, i) => ({ id: `product-${i}`, units: 1, revenue: 100 }));
    const delta = mergeDelta(
      couriersDelta([{ id: "106", productsDelivered: 200, ordersDelivered: 1, revenue: 20_000 }]),
      productsDelta(products),
    );

    const error = await rejection(
      store.commit({ partition: "p", from: encodePosition("1"), to: encodePosition("1"), orders: [delta] }),
    );

    expect(error).toBeInstanceOf(PermanentFailureError);
    expect((error as Error).message).toMatch(/bytes of expression \(1 couriers, 200 products\); DynamoDB accepts 4096/);
  });

  it("an item that keeps changing under every attempt (contention) stays transient: DependencyUnavailableError after the attempts, nothing written", async () => {
    const client = testClient();
    const tables = await createTestTables("contention");
    // A competing writer: just before each of our transactions, it moves the item's version.
    const competitor = testClient();
    let transactions = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "TransactWriteItemsCommand") {
          transactions += 1;
          await competitor.send(
            new UpdateCommand({
              TableName: tables.deliveries,
              Key: ordersItem,
              UpdateExpression: "ADD #v :one",
              ExpressionAttributeNames: { "#v": META.version },
              ExpressionAttributeValues: { ":one": 1 },
            }),
          );
        }
        return next(args);
      },
      { step: "initialize", name: "compete" },
    );
    const store = new DynamoDbProjectionStore({ client, tables, generation: 1, maxTransactionAttempts: 3 });

    const error = await rejection(store.commit(commitOf("p")));
    client.middlewareStack.remove("compete");

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toMatch(/still cancelled after 3 attempts.*ConditionalCheckFailed/);
    expect(transactions).toBe(3);
    expect(await store.watermark("p")).toBeUndefined();
    // Once the contention stops, the same commit goes through.
    expect(await store.commit(commitOf("p"))).toBe("committed");
  });

  it("throttling stays transient: DependencyUnavailableError, never PermanentFailureError", async () => {
    const client = testClient({ maxAttempts: 2 });
    injectFault(client, { commands: ["TransactWriteItemsCommand"], fault: "throttling" });
    const store = new DynamoDbProjectionStore({ client, tables: await createTestTables("throttled"), generation: 1 });

    const error = await rejection(store.commit(commitOf("p")));

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).not.toBeInstanceOf(PermanentFailureError);
  });

  it.each([
    ["Item size has exceeded the maximum allowed size", true],
    ["Item size to update has exceeded the maximum allowed size", true],
    ["Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;", true],
    ["Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4575", true],
    // A malformed request is a bug to fix and deploy, not data to dead-letter: passed through unchanged.
    ['Invalid UpdateExpression: Syntax error; token: "<EOF>"', false],
  ])("translateError: ValidationException %j is permanent: %s", (message, permanent) => {
    const sdkError = Object.assign(new Error(message), {
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
    });
    const translated = translateError(sdkError, "commit projections");
    if (permanent) {
      expect(translated).toBeInstanceOf(PermanentFailureError);
      expect((translated as Error).message).toBe(`DynamoDB refused commit projections: ${message}`);
      expect((translated as Error).cause).toBe(sdkError);
    } else {
      expect(translated).toBe(sdkError);
    }
  });
});
