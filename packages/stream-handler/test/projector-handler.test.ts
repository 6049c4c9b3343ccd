import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { listDeadLetters } from "@cargo-express/adapters-dynamodb";
import { testClient, generationPartition } from "@cargo-express/adapters-dynamodb/testing";
import { describe, expect, it, vi } from "vitest";
import { describeAllShards } from "../../local-stack/src/local-stream-records.js";
import { shardPartition, silentLogger } from "../src/index.js";
import { eventOf, ProjectorFixture, sequencesOf } from "./support/fixture.js";
import { failCalls } from "./support/faults.js";
import { anOrder, asProjections, expectedProjections, someOrders } from "./support/orders.js";

const TRANSACT = "TransactWriteItemsCommand";

describe("stream projector handler (DynamoDB Local, real stream records)", () => {
  it("applies a record delivered twice once", async () => {
    const f = await ProjectorFixture.create("twice");
    const orders = someOrders(3);
    await f.place(orders);
    const records = await f.streamRecords(3);
    const handler = f.handler();

    expect(await handler(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });
    expect(await handler(eventOf([records[1]!]))).toEqual({ batchItemFailures: [], state: {} });

    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("applies a whole batch retried once", async () => {
    const f = await ProjectorFixture.create("retried");
    const orders = someOrders(5);
    await f.place(orders);
    const event = eventOf(await f.streamRecords(5));
    const handler = f.handler();

    await handler(event);
    await handler(event);
    await handler(event);

    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("applies a batch bisected after a function error once (halves delivered in Lambda's order)", async () => {
    const f = await ProjectorFixture.create("bisect");
    const orders = someOrders(6);
    await f.place(orders);
    const records = await f.streamRecords(6);
    const inner = f.handler();
    // The function error comes after the batch's writes committed (e.g. a timeout on the way out).
    const failingOnce = vi.fn(async (event: ReturnType<typeof eventOf>) => {
      await inner(event);
      throw new Error("function error");
    });
    await expect(failingOnce(eventOf(records))).rejects.toThrow("function error");

    // BisectBatchOnFunctionError: the first half, then the second half, each split again on a new error.
    expect(await inner(eventOf(records.slice(0, 3)))).toEqual({ batchItemFailures: [], state: {} });
    expect(await inner(eventOf(records.slice(3, 4)))).toEqual({ batchItemFailures: [], state: {} });
    expect(await inner(eventOf(records.slice(4)))).toEqual({ batchItemFailures: [], state: {} });

    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("applies once when the writes committed but the handler crashed before returning", async () => {
    const f = await ProjectorFixture.create("crash");
    const orders = someOrders(4);
    await f.place(orders);
    const event = eventOf(await f.streamRecords(4));
    const client = testClient({ maxAttempts: 1 });
    const crash = failCalls(client, { command: TRANSACT, calls: [1], when: "after" });

    // The transaction committed, then the process "died" before it could learn so.
    const afterCrash = await f.handler({ client })(event);
    expect(crash.failed).toBe(1);
    // The handler checks the watermark after a failure: the records are applied, none is reported.
    expect(afterCrash).toEqual({ batchItemFailures: [], state: {} });

    // Lambda delivers the batch again anyway (the invocation itself may have been lost).
    await f.handler()(event);
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("changes nothing for MODIFY and REMOVE records, and counts them in the log", async () => {
    const f = await ProjectorFixture.create("modify");
    const orders = someOrders(2);
    await f.place(orders);
    await f.modify(orders[0]!.id);
    await f.remove(orders[1]!.id);
    const records = await f.streamRecords(4);
    expect(records.map((r) => r.eventName)).toEqual(["INSERT", "INSERT", "MODIFY", "REMOVE"]);
    const logger = silentLogger();
    const info = vi.spyOn(logger, "info");
    const handler = f.handler({ logger });

    await handler(eventOf(records.slice(0, 2)));
    const before = await f.monitor(orders);
    expect(await handler(eventOf(records.slice(2)))).toEqual({ batchItemFailures: [], state: {} });

    expect(await f.monitor(orders)).toEqual(before);
    expect(asProjections(before)).toEqual(expectedProjections(orders));
    expect(info).toHaveBeenLastCalledWith(
      "stream batch projected",
      expect.objectContaining({ records: 2, inserts: 0, modifies: 1, removes: 1, poison: 0 }),
    );
  });

  it("reports the first failing record and every later one when a commit fails, and applies the rest on redelivery", async () => {
    const f = await ProjectorFixture.create("partial");
    // One business day per order: 120 days' items (one or two per day) exceed one transaction (100 items),
    // so the batch is applied in several commits.
    const start = Date.UTC(2024, 4, 1, 17);
    const orders = Array.from({ length: 120 }, (_, i) => anOrder({ at: start + i * 86_400_000, lines: 1 }));
    await f.place(orders);
    const records = await f.streamRecords(120);
    const client = testClient({ maxAttempts: 1 });
    const fault = failCalls(client, { command: TRANSACT, calls: [2], when: "before" });

    const { batchItemFailures } = await f.handler({ client })(eventOf(records));
    fault.restore();

    const failed = batchItemFailures.map((failure) => failure.itemIdentifier);
    const firstFailed = sequencesOf(records).indexOf(failed[0]!);
    expect(firstFailed).toBeGreaterThan(0);
    // A suffix of the batch: the first failing record and every record after it.
    expect(failed).toEqual(sequencesOf(records).slice(firstFailed));
    // Everything before the first failing record is applied, nothing from it on.
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders.slice(0, firstFailed)));

    // Lambda restarts from the lowest reported record.
    expect(await f.handler()(eventOf(records.slice(firstFailed)))).toEqual({ batchItemFailures: [], state: {} });
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("reports the whole batch when its first commit fails", async () => {
    const f = await ProjectorFixture.create("first-fails");
    const orders = someOrders(3);
    await f.place(orders);
    const records = await f.streamRecords(3);
    const client = testClient({ maxAttempts: 1 });
    failCalls(client, { command: TRANSACT, calls: [1], when: "before" });

    const response = await f.handler({ client })(eventOf(records));

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(sequencesOf(records));
    expect((await f.monitor(orders)).totals.orders).toBe(0);
  });

  it("dead-letters a poison record, applies the records around it, and never blocks the shard", async () => {
    const f = await ProjectorFixture.create("poison");
    const before = someOrders(2);
    const after = someOrders(2);
    await f.place(before);
    await f.putMalformed("not-an-order-1");
    await f.place(after);
    const records = await f.streamRecords(5);
    const handler = f.handler();

    expect(await handler(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });
    // A redelivery from the poison record on (e.g. after a timeout) adds nothing and no second letter.
    expect(await handler(eventOf(records.slice(2)))).toEqual({ batchItemFailures: [], state: {} });

    expect(asProjections(await f.monitor([...before, ...after]))).toEqual(expectedProjections([...before, ...after]));
    const { items } = await listDeadLetters(f.client, f.tables.projectorState);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      sequence: records[2]!.dynamodb!.SequenceNumber,
      eventId: records[2]!.eventID,
      eventName: "INSERT",
      imageTruncated: false,
    });
    expect(items[0]!.partition).toMatch(/^poison-[\w]+-orders\/.+\/shardId-/);
    expect(items[0]!.reason).toContain("MalformedOrderItemError");
    expect(JSON.parse(items[0]!.image!)).toMatchObject({ order_id: { S: "not-an-order-1" } });
  });

  it("reports from the poison record on when its dead letter cannot be stored, after applying the records before it", async () => {
    const f = await ProjectorFixture.create("poison-fails");
    const before = someOrders(2);
    const after = someOrders(1);
    await f.place(before);
    await f.putMalformed("not-an-order-2");
    await f.place(after);
    const records = await f.streamRecords(4);
    const client = testClient({ maxAttempts: 1 });
    failCalls(client, { command: "PutItemCommand", calls: [1], when: "before" });

    const response = await f.handler({ client })(eventOf(records));

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(sequencesOf(records.slice(2)));
    expect(asProjections(await f.monitor(before))).toEqual(expectedProjections(before));
    await f.handler()(eventOf(records.slice(2)));
    expect(asProjections(await f.monitor([...before, ...after]))).toEqual(expectedProjections([...before, ...after]));
    expect((await listDeadLetters(f.client, f.tables.projectorState)).items).toHaveLength(1);
  });

  it("keeps its watermark per shard and per generation, as a zero-padded position", async () => {
    const f = await ProjectorFixture.create("watermark");
    const orders = someOrders(2);
    await f.place(orders);
    const records = await f.streamRecords(2);
    await f.handler()(eventOf(records));

    const arn = await f.streamArn();
    const { shards } = await describeAllShards(f.streams, arn);
    const mark = await f.client.send(
      new GetCommand({
        TableName: f.tables.projectorState,
        Key: { pk: "WATERMARK", sk: generationPartition(1, shardPartition(arn, shards[0]!.ShardId!)) },
      }),
    );
    expect(mark.Item?.position).toBe(`${records[1]!.dynamodb!.SequenceNumber!.padStart(40, "0")}.0000`);
  });
});
