import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamsRecord,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { LocalStreamPoller, silentLogger } from "../src/index.js";

const ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/lineage-orders/stream/2024-01-01T00:00:00.000";
const record = (sequence: string): StreamsRecord => ({
  eventID: `e${sequence}`,
  eventName: "INSERT",
  dynamodb: { Keys: { order_id: { S: `o${sequence}` } }, SequenceNumber: sequence, StreamViewType: "NEW_AND_OLD_IMAGES" },
});

/**
 * A stream whose parent shard closed and split into a child: what DynamoDB does every few hours and
 * DynamoDB Local never does. Iterators are `shard:index`; the parent answers slowly.
 */
function fakeStream(shards: Shard[], records: Record<string, StreamsRecord[]>) {
  const streams = {
    send: async (command: unknown) => {
      if (command instanceof DescribeStreamCommand) return { StreamDescription: { StreamStatus: "ENABLED", Shards: shards } };
      if (command instanceof GetShardIteratorCommand) {
        const { ShardId: shard, ShardIteratorType: type, SequenceNumber: sequence } = command.input;
        const list = records[shard!]!;
        const at = type === "TRIM_HORIZON" ? 0 : type === "LATEST" ? list.length : list.findIndex((r) => r.dynamodb!.SequenceNumber === sequence) + (type === "AFTER_SEQUENCE_NUMBER" ? 1 : 0);
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
  const dynamodb = { send: async () => ({ Table: { LatestStreamArn: ARN, StreamSpecification: { StreamEnabled: true } } }) } as unknown as DynamoDBDocumentClient;
  return { streams, dynamodb };
}

const shards: Shard[] = [
  { ShardId: "child", ParentShardId: "parent", SequenceNumberRange: { StartingSequenceNumber: "10" } },
  { ShardId: "parent", SequenceNumberRange: { StartingSequenceNumber: "1", EndingSequenceNumber: "3" } },
];

describe("LocalStreamPoller (a local stand-in for Lambda's event source mapping)", () => {
  it("reads a child shard only after its parent is closed and fully delivered", async () => {
    const delivered: string[] = [];
    const { streams, dynamodb } = fakeStream(shards, { parent: ["1", "2", "3"].map(record), child: ["10", "11"].map(record) });
    const poller = new LocalStreamPoller({
      streams,
      dynamodb,
      tableName: "lineage-orders",
      batchSize: 1,
      idlePollMs: 5,
      logger: silentLogger(),
      handler: async (event: DynamoDBStreamEvent) => {
        delivered.push(...event.Records.map((r) => r.dynamodb!.SequenceNumber!));
        expect(event.Records.every((r) => r.eventSourceARN === ARN && r.eventSource === "aws:dynamodb")).toBe(true);
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
    const { streams, dynamodb } = fakeStream([{ ShardId: "only", SequenceNumberRange: { StartingSequenceNumber: "1" } }], { only: ["1", "2", "3", "4"].map(record) });
    const poller = new LocalStreamPoller({
      streams,
      dynamodb,
      tableName: "lineage-orders",
      batchSize: 3,
      idlePollMs: 5,
      retryDelayMs: { initial: 5, max: 20 },
      logger: silentLogger(),
      handler: async (event: DynamoDBStreamEvent) => {
        const sequences = event.Records.map((r) => r.dynamodb!.SequenceNumber!);
        events.push(sequences);
        failures += 1;
        if (failures === 1) return { batchItemFailures: [{ itemIdentifier: "3" }, { itemIdentifier: "2" }] };
        if (failures === 2) throw new Error("function error");
        return { batchItemFailures: [] };
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
