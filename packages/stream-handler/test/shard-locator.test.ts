import { DependencyUnavailableError } from "@cargo-express/domain";
import { describe, expect, it } from "vitest";
import { describeAllShards, ShardNotFoundError, StreamsApiShardLocator } from "../src/index.js";
import { eventOf, localStreamsClient, ProjectorFixture } from "./support/fixture.js";
import { asProjections, expectedProjections, someOrders } from "./support/orders.js";

/** Counts Streams API calls by operation. */
function countCalls(client: ReturnType<typeof localStreamsClient>): Map<string, number> {
  const calls = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.set(context.commandName ?? "?", (calls.get(context.commandName ?? "?") ?? 0) + 1);
      return next(args);
    },
    { step: "initialize" },
  );
  return calls;
}

describe("locating a record's shard (Lambda's event does not name it)", () => {
  it("finds the shard that holds the record, and remembers it for the batch's retries", async () => {
    const f = await ProjectorFixture.create("locate");
    await f.place(someOrders(3));
    const records = await f.streamRecords(3);
    const streams = localStreamsClient();
    const calls = countCalls(streams);
    const locator = new StreamsApiShardLocator({ client: streams });
    const arn = await f.streamArn();

    const shard = await locator.shardOf(arn, records[1]!);
    expect(shard).toBe((await describeAllShards(f.streams, arn)).shards[0]!.ShardId);
    expect(Object.fromEntries(calls)).toEqual({ DescribeStreamCommand: 1, GetShardIteratorCommand: 1, GetRecordsCommand: 1 });
    expect(await locator.shardOf(arn, records[1]!)).toBe(shard);
    expect(calls.get("GetRecordsCommand")).toBe(1);
  });

  it("refuses to guess when no shard of the stream holds the record", async () => {
    const a = await ProjectorFixture.create("locate-a");
    const b = await ProjectorFixture.create("locate-b");
    await a.place(someOrders(1));
    await b.place(someOrders(1));
    await a.place(someOrders(1));
    const [foreign] = await b.streamRecords(1);
    const locator = new StreamsApiShardLocator({ client: localStreamsClient() });

    // B's record presented as if it came from A's stream: A's shard holds other records around it.
    await expect(locator.shardOf(await a.streamArn(), foreign!)).rejects.toSatisfy((error) => error instanceof ShardNotFoundError || error instanceof DependencyUnavailableError);
  });

  it("uses the shard id of tumbling-window events without calling the Streams API, and answers with state", async () => {
    const f = await ProjectorFixture.create("window");
    const orders = someOrders(2);
    await f.place(orders);
    const records = await f.streamRecords(2);
    const streams = localStreamsClient();
    const calls = countCalls(streams);
    const handler = f.handler({ streams });

    const response = await handler({ ...eventOf(records), shardId: "shardId-00000000000000000000-00000000", window: { start: "2024-09-11T00:00:00Z", end: "2024-09-11T00:15:00Z" }, state: {} });

    expect(response).toEqual({ batchItemFailures: [], state: {} });
    expect(calls.size).toBe(0);
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });
});
