import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamsRecord,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { silentLogger } from "@cargo-express/platform";
import type { DynamoDBTimeWindowEvent } from "@cargo-express/stream-handler";
import { LocalStreamPoller } from "../src/local-event-source-mapping.js";

const ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/lineage-orders/stream/2024-01-01T00:00:00.000";
const record = (sequence: string): StreamsRecord => ({
  eventID: `e${sequence}`,
  eventName: "INSERT",
  dynamodb: {
    Keys: { order_id: { S: `o${sequence}` } },
    SequenceNumber: sequence,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  },
});

/**
 * A stream whose parent shard closed and split into a child: what DynamoDB does every few hours and
 * DynamoDB Local never does. Iterators are `shard:index`; the parent answers slowly.
 */
function fakeStream(shards: Shard[], records: Record<string, StreamsRecord[]>) {
  const streams = {
    send: async (command: unknown) => {
      if (command instanceof DescribeStreamCommand)
        return { StreamDescription: { StreamStatus: "ENABLED", Shards: shards } };
      if (command instanceof GetShardIteratorCommand) {
        const { ShardId: shard, ShardIteratorType: type, SequenceNumber: sequence } = command.input;
        const list = records[shard!]!;
        const at =
          type === "TRIM_HORIZON"
            ? 0
            : type === "LATEST"
              ? list.length
              : list.findIndex((r) => r.dynamodb!.SequenceNumber === sequence) +
                (type === "AFTER_SEQUENCE_NUMBER" ? 1 : 0);
        return { ShardIterator: `${shard}:${at}` };
      }
      if (command instanceof GetRecordsCommand) {
        const [shard, at] = command.input.ShardIterator!.split(":") as [string, string];
        if (shard === "parent") await new Promise((resolve) => setTimeout(resolve, 30));
        const list = records[shard]!;
        const page = list.slice(Number(at), Number(at) + (command.input.Limit ?? 1000));
        const next = Number(at) + page.length;
        const closed = shards.find((s) => s.ShardId === shard)?.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        return { Records: page, NextShardIterator: closed && next >= list.length ? undefined : `${shard}:${next}` };
      }
      throw new Error("unexpected command");
    },
  } as unknown as DynamoDBStreamsClient;
  const dynamodb = {
    send: async () => ({ Table: { LatestStreamArn: ARN, StreamSpecification: { StreamEnabled: true } } }),
  } as unknown as DynamoDBDocumentClient;
  return { streams, dynamodb };
}

const shards: Shard[] = [
  { ShardId: "child", ParentShardId: "parent", SequenceNumberRange: { StartingSequenceNumber: "10" } },
  { ShardId: "parent", SequenceNumberRange: { StartingSequenceNumber: "1", EndingSequenceNumber: "3" } },
];

describe("LocalStreamPoller (a local stand-in for Lambda's event source mapping)", () => {
  it("reads a child shard only after its parent is closed and fully delivered", async () => {
    const delivered: string[] = [];
    const { streams, dynamodb } = fakeStream(shards, {
      parent: ["1", "2", "3"].map(record),
      child: ["10", "11"].map(record),
    });
    const poller = new LocalStreamPoller({
      streams,
      dynamodb,
      tableName: "lineage-orders",
      batchSize: 1,
      idlePollMs: 5,
      logger: silentLogger(),
      handler: async (event: DynamoDBTimeWindowEvent) => {
        delivered.push(...event.Records.map((r) => r.dynamodb!.SequenceNumber!));
        expect(event.Records.every((r) => r.eventSourceARN === ARN && r.eventSource === "aws:dynamodb")).toBe(true);
        return { batchItemFailures: [], state: {} };
      },
    });
    await poller.start();
    await expect.poll(() => delivered.length, { timeout: 5_000 }).toBe(5);
    await poller.stop();
    expect(delivered).toEqual(["1", "2", "3", "10", "11"]);
  });

  it("re-delivers from the lowest reported failure, and the whole batch after a thrown error", async () => {
    const events: string[][] = [];
    let failures = 0;
    const { streams, dynamodb } = fakeStream(
      [{ ShardId: "only", SequenceNumberRange: { StartingSequenceNumber: "1" } }],
      { only: ["1", "2", "3", "4"].map(record) },
    );
    const poller = new LocalStreamPoller({
      streams,
      dynamodb,
      tableName: "lineage-orders",
      batchSize: 3,
      idlePollMs: 5,
      retryDelayMs: { initial: 5, max: 20 },
      logger: silentLogger(),
      handler: async (event: DynamoDBTimeWindowEvent) => {
        if (event.isFinalInvokeForWindow) return { batchItemFailures: [], state: {} };
        const sequences = event.Records.map((r) => r.dynamodb!.SequenceNumber!);
        events.push(sequences);
        failures += 1;
        if (failures === 1) return { batchItemFailures: [{ itemIdentifier: "3" }, { itemIdentifier: "2" }], state: {} };
        if (failures === 2) throw new Error("function error");
        return { batchItemFailures: [], state: {} };
      },
    });
    await poller.start();
    await expect.poll(() => events.length, { timeout: 5_000 }).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await poller.stop();
    expect(events).toEqual([
      ["1", "2", "3"], // reports 3 and 2: resumes at the lowest, 2
      ["2", "3", "4"], // throws: the whole batch again
      ["2", "3", "4"],
    ]);
    expect(poller.stats.failedInvocations).toBe(2);
  });
});

describe("LocalStreamPoller delivers Lambda's tumbling-window events", () => {
  const timed = (sequence: string, at: Date): StreamsRecord => ({
    ...record(sequence),
    dynamodb: { ...record(sequence).dynamodb, ApproximateCreationDateTime: at },
  });

  it("names the shard and the stream, cuts batches at window boundaries, hands state on within a window, and closes each window with a final invocation without records", async () => {
    const events: DynamoDBTimeWindowEvent[] = [];
    const t0 = new Date("2026-11-30T01:00:00.000Z");
    const later = new Date("2026-11-30T01:00:07.000Z");
    const { streams, dynamodb } = fakeStream(
      [{ ShardId: "shardId-00000001764464400000-0a1b2c3d", SequenceNumberRange: { StartingSequenceNumber: "1" } }],
      {
        "shardId-00000001764464400000-0a1b2c3d": [timed("1", t0), timed("2", t0), timed("3", t0), timed("4", later)],
      },
    );
    let n = 0;
    const poller = new LocalStreamPoller({
      streams,
      dynamodb,
      tableName: "lineage-orders",
      batchSize: 2,
      tumblingWindowSeconds: 5,
      idlePollMs: 5,
      logger: silentLogger(),
      handler: async (event) => {
        events.push(structuredClone(event));
        return { batchItemFailures: [], state: { invocation: String((n += 1)) } };
      },
    });
    await poller.start();
    // Both windows are long over (2026-11-30T01:00), so each closes right after its records.
    await expect.poll(() => events.length, { timeout: 5_000 }).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await poller.stop();

    const shape = (event: DynamoDBTimeWindowEvent) => ({
      records: event.Records.map((r) => r.dynamodb!.SequenceNumber),
      window: event.window,
      state: event.state,
      final: event.isFinalInvokeForWindow,
    });
    const first = { start: "2026-11-30T01:00:00Z", end: "2026-11-30T01:00:05Z" };
    const second = { start: "2026-11-30T01:00:05Z", end: "2026-11-30T01:00:10Z" };
    expect(events.map(shape)).toEqual([
      { records: ["1", "2"], window: first, state: {}, final: false },
      { records: ["3"], window: first, state: { invocation: "1" }, final: false },
      { records: [], window: first, state: { invocation: "2" }, final: true },
      { records: ["4"], window: second, state: {}, final: false },
      { records: [], window: second, state: { invocation: "4" }, final: true },
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        shardId: "shardId-00000001764464400000-0a1b2c3d",
        eventSourceARN: ARN,
        isWindowTerminatedEarly: false,
      });
      expect(event.Records.every((r) => r.eventSourceARN === ARN)).toBe(true);
    }
    expect(poller.stats).toMatchObject({
      invocations: 5,
      finalWindowInvocations: 2,
      failedInvocations: 0,
      recordsDelivered: 4,
    });
  });

  it("counts an answer without state as a failed invocation and delivers the batch again, as Lambda does with a tumbling window", async () => {
    const batches: string[][] = [];
    const { streams, dynamodb } = fakeStream(
      [{ ShardId: "only", SequenceNumberRange: { StartingSequenceNumber: "1" } }],
      { only: ["1", "2"].map(record) },
    );
    const poller = new LocalStreamPoller({
      streams,
      dynamodb,
      tableName: "lineage-orders",
      idlePollMs: 5,
      retryDelayMs: { initial: 5, max: 20 },
      logger: silentLogger(),
      handler: async (event) => {
        if (event.isFinalInvokeForWindow) return { batchItemFailures: [], state: {} };
        batches.push(event.Records.map((r) => r.dynamodb!.SequenceNumber!));
        return batches.length === 1 ? { batchItemFailures: [] } : { batchItemFailures: [], state: {} };
      },
    });
    await poller.start();
    await expect.poll(() => batches.length, { timeout: 5_000 }).toBe(2);
    await poller.stop();
    expect(batches).toEqual([
      ["1", "2"],
      ["1", "2"],
    ]);
    expect(poller.stats.failedInvocations).toBe(1);
  });

  it("refuses a tumbling window outside Lambda's 1-900 s", () => {
    const { streams, dynamodb } = fakeStream([], {});
    const options = { streams, dynamodb, tableName: "t", handler: async () => ({ batchItemFailures: [], state: {} }) };
    expect(() => new LocalStreamPoller({ ...options, tumblingWindowSeconds: 0 })).toThrow(RangeError);
    expect(() => new LocalStreamPoller({ ...options, tumblingWindowSeconds: 901 })).toThrow(RangeError);
  });
});
