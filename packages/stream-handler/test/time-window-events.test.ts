import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamoDbLocalEndpoint, generationPartition } from "@cargo-express/adapters-dynamodb/testing";
import type { DynamoDBRecord } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  composeProjector,
  PROJECTOR_HANDLER,
  readProjectorConfig,
  shardPartition,
  silentLogger,
  TumblingWindowMissingError,
  type DynamoDBTimeWindowEvent,
} from "../src/index.js";
import { describeAllShards } from "../../local-stack/src/local-stream-records.js";
import { eventOf, ProjectorFixture, sequencesOf, shardOf } from "./support/fixture.js";
import { asProjections, expectedProjections, someOrders } from "./support/orders.js";
import { startRecordingProxy, type RecordingProxy } from "./support/recording-proxy.js";

/**
 * The event exactly as Lambda sends it for a mapping with a tumbling window, written out as JSON the way
 * AWS's "Example DynamodbTimeWindowEvent" shows it (services-ddb-windows), around real records of the
 * Orders stream and their real shard id.
 */
function lambdaTimeWindowEvent(
  records: readonly DynamoDBRecord[],
  overrides: Record<string, unknown> = {},
): DynamoDBTimeWindowEvent {
  const json = JSON.stringify({
    Records: records,
    window: { start: "2026-11-30T01:00:00Z", end: "2026-11-30T01:00:01Z" },
    state: {},
    shardId: shardOf(records[0]!),
    eventSourceARN: records[0]!.eventSourceARN,
    isFinalInvokeForWindow: false,
    isWindowTerminatedEarly: false,
    ...overrides,
  });
  return JSON.parse(json) as DynamoDBTimeWindowEvent;
}

describe("tumbling-window events: the shard comes from the event (DynamoDB Local, real stream records)", () => {
  it("applies a batch named by its shardId, answers state and no failures, and keys the watermark <table>/<stream label>/<shard id>", async () => {
    const f = await ProjectorFixture.create("window-shape");
    const orders = someOrders(3);
    await f.place(orders);
    const records = await f.streamRecords(3);
    const arn = await f.streamArn();
    const [shard] = (await describeAllShards(f.streams, arn)).shards;

    const event = lambdaTimeWindowEvent(records, { state: { carried: "from the previous invocation" } });
    expect(event.shardId).toBe(shard!.ShardId);
    expect(await f.handler()(event)).toEqual({ batchItemFailures: [], state: {} });

    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
    // The same key the Streams API lookup used to produce for this shard: stored watermarks stay valid.
    const partition = shardPartition(arn, shard!.ShardId!);
    expect(partition).toBe(`${f.tables.orders}/${arn.split("/stream/")[1]}/${shard!.ShardId}`);
    const mark = await f.client.send(
      new GetCommand({
        TableName: f.tables.projectorState,
        Key: { pk: "WATERMARK", sk: generationPartition(1, partition) },
      }),
    );
    expect(mark.Item?.position).toBe(`${records[2]!.dynamodb!.SequenceNumber!.padStart(40, "0")}.0000`);
  });

  it("answers a window's final invocation without records with state and no failures, touching nothing", async () => {
    const f = await ProjectorFixture.create("window-final");
    const orders = someOrders(1);
    await f.place(orders);
    const records = await f.streamRecords(1);
    const logger = silentLogger();
    const info = vi.spyOn(logger, "info");
    const handler = f.handler({ logger });

    expect(await handler(lambdaTimeWindowEvent(records))).toEqual({ batchItemFailures: [], state: {} });
    info.mockClear();
    const final = lambdaTimeWindowEvent(records, { Records: [], isFinalInvokeForWindow: true });
    expect(final.Records).toEqual([]);
    expect(await handler(final)).toEqual({ batchItemFailures: [], state: {} });
    expect(await handler({ ...final, isWindowTerminatedEarly: true })).toEqual({ batchItemFailures: [], state: {} });

    expect(info).not.toHaveBeenCalled();
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("applies the records of a final invocation that carries some", async () => {
    const f = await ProjectorFixture.create("window-final-records");
    const orders = someOrders(2);
    await f.place(orders);
    const records = await f.streamRecords(2);

    expect(await f.handler()(lambdaTimeWindowEvent(records, { isFinalInvokeForWindow: true }))).toEqual({
      batchItemFailures: [],
      state: {},
    });
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("refuses an event without shardId (a mapping without a tumbling window), naming the setting, and writes nothing", async () => {
    const f = await ProjectorFixture.create("window-missing");
    const orders = someOrders(2);
    await f.place(orders);
    const records = await f.streamRecords(2);
    const logger = silentLogger();
    const error = vi.spyOn(logger, "error");
    const handler = f.handler({ logger });

    // What Lambda sends without a tumbling window: the records only.
    const plain = { Records: records } as unknown as DynamoDBTimeWindowEvent;
    await expect(handler(plain)).rejects.toThrow(TumblingWindowMissingError);
    await expect(handler(plain)).rejects.toThrow(/TumblingWindowInSeconds.*tumblingWindowInSeconds/);
    // Nor is an empty one answered as if all were well.
    await expect(handler({ Records: [] } as unknown as DynamoDBTimeWindowEvent)).rejects.toThrow(
      TumblingWindowMissingError,
    );

    expect(error).toHaveBeenCalledWith(
      "stream event refused: the batch's shard cannot be read from it",
      expect.objectContaining({ error: expect.objectContaining({ name: "TumblingWindowMissingError" }) }),
    );
    expect((await f.monitor(orders)).totals.orders).toBe(0);
  });

  it("refuses a shardId that is not a DynamoDB Streams shard id, and records of another stream than the event's", async () => {
    const f = await ProjectorFixture.create("window-malformed");
    await f.place(someOrders(1));
    const records = await f.streamRecords(1);
    const handler = f.handler();

    await expect(handler(lambdaTimeWindowEvent(records, { shardId: "shard123456789" }))).rejects.toThrow(
      /not a DynamoDB Streams shard id/,
    );
    await expect(
      handler(
        lambdaTimeWindowEvent(records, {
          eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/other/stream/2026-01-01T00:00:00.000",
        }),
      ),
    ).rejects.toThrow(/another stream/);
  });
});

describe("no second stream reader: every AWS call of the Lambda composition root in steady state (DynamoDB Local)", () => {
  let proxy: RecordingProxy | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await proxy?.close();
    proxy = undefined;
  });

  it("makes zero DynamoDB Streams calls: batches, a redelivery, a window's final invocation", async () => {
    const f = await ProjectorFixture.create("zero-streams");
    const orders = someOrders(6);
    await f.place(orders);
    const records = await f.streamRecords(6);
    proxy = await startRecordingProxy(dynamoDbLocalEndpoint());
    // Credentials as Lambda's runtime provides them (environment variables); DynamoDB Local accepts any.
    vi.stubEnv("AWS_ACCESS_KEY_ID", "local");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local");
    vi.stubEnv("AWS_SESSION_TOKEN", "local");
    // The Lambda entry point's composition, as ./src/lambda/projector.ts builds it from the environment: every
    // client it makes (whatever API) reaches the endpoint, so the proxy sees every request the handler sends.
    const tableVariables = Object.fromEntries(
      Object.entries(f.tables).map(([key, name]) => [
        `${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_TABLE`,
        name,
      ]),
    );
    const config = readProjectorConfig({ ...tableVariables, DYNAMODB_ENDPOINT: proxy.url, LOG_LEVEL: "SILENT" });
    const handler = composeProjector(config, { logger: silentLogger() }).get(PROJECTOR_HANDLER);

    // Steady state at today's volume: batches of one and two, one delivered twice, each window closed.
    for (const batch of [
      records.slice(0, 1),
      records.slice(1, 3),
      records.slice(1, 3),
      records.slice(3, 4),
      records.slice(4),
    ]) {
      expect(await handler(eventOf(batch))).toEqual({ batchItemFailures: [], state: {} });
      expect(await handler({ ...eventOf(batch), Records: [], isFinalInvokeForWindow: true })).toEqual({
        batchItemFailures: [],
        state: {},
      });
    }

    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
    expect(sequencesOf(records)).toHaveLength(6);
    const streamsCalls = proxy.targets.filter((target) => !target.startsWith("DynamoDB_20120810."));
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(proxy.targets).toContain("DynamoDB_20120810.TransactWriteItems");
    expect(streamsCalls).toEqual([]);
    // Per order: 0 Streams API calls (was 2 per batch of one: GetShardIterator + GetRecords, plus DescribeStream once).
    expect(streamsCalls.length / orders.length).toBe(0);
  });
});
