import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { addOrderToDelta, DependencyUnavailableError, emptyDelta, encodePosition, PermanentFailureError } from "@cargo-express/domain";
import { createTestTables, injectFault, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { DynamoDbProjectionStore, MAX_COURIERS_PER_COMMIT, translateError } from "../src/index.js";
import { couriersKey } from "../src/keys.js";

const TZ = "America/Bogota";
const order = orderFrom(OrderMother.sample());
const commitOf = (partition: string) => ({ partition, from: encodePosition("10"), to: encodePosition("10"), delta: addOrderToDelta(emptyDelta(), order, TZ) });

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
    // The couriers item a little under DynamoDB's 400 KB: the order's courier (new to it) does not fit.
    await client.send(new PutCommand({ TableName: tables.deliveries, Item: { ...couriersKey(1), padding: "x".repeat(409_500) } }));
    const store = new DynamoDbProjectionStore({ client, tables, generation: 1 });

    const error = await rejection(store.commit(commitOf("p")));

    expect(error).toBeInstanceOf(PermanentFailureError);
    expect((error as Error).message).toMatch(/Item size to update has exceeded the maximum allowed size/);
    expect(await store.watermark("p")).toBeUndefined();
  });

  it("store limits checked before sending (couriers per commit) are permanent too", async () => {
    const store = new DynamoDbProjectionStore({ client: testClient(), tables: await createTestTables("limits"), generation: 1 });
    const delta = emptyDelta();
    for (let i = 0; i <= MAX_COURIERS_PER_COMMIT; i += 1) delta.couriers.set(String(1_000 + i), { ordersDelivered: 1, productsDelivered: 1, revenue: 100, name: "N", nameStamp: "s" });

    const error = await rejection(store.commit({ partition: "p", from: encodePosition("1"), to: encodePosition("1"), delta }));

    expect(error).toBeInstanceOf(PermanentFailureError);
    expect((error as Error).message).toMatch(/at most 50 couriers/);
  });

  it("a condition that fails on every attempt with fresh reads (a stored stamp of the wrong type) is permanent, after the attempts", async () => {
    const client = testClient();
    const tables = await createTestTables("never-passes");
    // A name stamp stored as a number: `stamp < :new` is false whatever the new stamp, and readers ignore it.
    await client.send(
      new UpdateCommand({
        TableName: tables.deliveries,
        Key: couriersKey(1),
        UpdateExpression: "SET #stamp = :n",
        ExpressionAttributeNames: { "#stamp": `name_stamp_${order.courier.id}` },
        ExpressionAttributeValues: { ":n": 7 },
      }),
    );
    let transactions = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "TransactWriteItemsCommand") transactions += 1;
        return next(args);
      },
      { step: "initialize", name: "count-transactions" },
    );
    const store = new DynamoDbProjectionStore({ client, tables, generation: 1, maxTransactionAttempts: 3 });

    const error = await rejection(store.commit(commitOf("p")));
    client.middlewareStack.remove("count-transactions");

    expect(error).toBeInstanceOf(PermanentFailureError);
    expect((error as Error).message).toMatch(/condition failed on all 3 attempts.*ConditionalCheckFailed.*cannot pass/);
    expect(transactions).toBe(3);
    expect(await store.watermark("p")).toBeUndefined();
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
    ["Invalid UpdateExpression: Syntax error; token: \"<EOF>\"", false],
  ])("translateError: ValidationException %j is permanent: %s", (message, permanent) => {
    const sdkError = Object.assign(new Error(message), { name: "ValidationException", $metadata: { httpStatusCode: 400 } });
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
