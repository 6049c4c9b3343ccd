import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoDbMonitorQueries, DynamoDbOrderRepository, type TableNames } from "@cargo-express/adapters-dynamodb";
import { createTestTables, dynamoDbLocalEndpoint, testClient } from "@cargo-express/adapters-dynamodb/testing";
import type { MonitorData, Order } from "@cargo-express/domain";
import type { DynamoDBRecord } from "aws-lambda";
import {
  createProjectorHandler,
  silentLogger,
  toTimeWindowEvent,
  tumblingWindowAt,
  type DynamoDBTimeWindowEvent,
  type ProjectorDeps,
  type ProjectorHandler,
} from "../../src/index.js";
// The Streams-API reading of the local stand-in for Lambda's event source mapping (npm start's poller).
import { describeAllShards, toLambdaRecord } from "../../../local-stack/src/local-stream-records.js";
import { hoursOf, TIME_ZONE } from "./orders.js";

export const localStreamsClient = (): DynamoDBStreamsClient =>
  new DynamoDBStreamsClient({
    endpoint: dynamoDbLocalEndpoint(),
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

/** A fresh set of tables on this run's DynamoDB Local, and the helpers tests of the projector share. */
export class ProjectorFixture {
  readonly streams = localStreamsClient();
  readonly orders: DynamoDbOrderRepository;
  private streamArnCache: string | undefined;

  private constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tables: TableNames,
  ) {
    this.orders = new DynamoDbOrderRepository({ client, tableName: tables.orders });
  }

  static async create(prefix: string, client: DynamoDBDocumentClient = testClient()): Promise<ProjectorFixture> {
    return new ProjectorFixture(client, await createTestTables(prefix));
  }

  /** The projector under test; `planCacheMs` 0 so generation changes are seen at once. */
  handler(overrides: Partial<ProjectorDeps> = {}): ProjectorHandler {
    return createProjectorHandler({
      client: this.client,
      tables: this.tables,
      timeZone: TIME_ZONE,
      logger: silentLogger(),
      planCacheMs: 0,
      ...overrides,
    });
  }

  async streamArn(): Promise<string> {
    this.streamArnCache ??= (await this.client.send(new DescribeTableCommand({ TableName: this.tables.orders }))).Table!
      .LatestStreamArn!;
    return this.streamArnCache;
  }

  async place(orders: readonly Order[]): Promise<void> {
    for (const order of orders) {
      const outcome = await this.orders.saveIfAbsent(order);
      if (outcome.status !== "created") throw new Error(`order ${order.id} already existed`);
    }
  }

  /** Writes an item the projector cannot read (a poison record once it reaches the stream). */
  async putMalformed(orderId: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tables.orders,
        Item: { order_id: orderId, courier_id: "7", lines: "not a list" },
      }),
    );
  }

  async modify(orderId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tables.orders,
        Key: { order_id: orderId },
        UpdateExpression: "SET note = :n",
        ExpressionAttributeValues: { ":n": "edited" },
      }),
    );
  }

  async remove(orderId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tables.orders, Key: { order_id: orderId } }));
  }

  /**
   * Every record of the Orders stream, read with the DynamoDB Streams API and turned into Lambda's
   * record shape by the same function the local poller uses. Waits until at least `atLeast` exist.
   * Each record's shard is remembered, so eventOf() can build the event Lambda sends for it.
   */
  async streamRecords(atLeast: number): Promise<DynamoDBRecord[]> {
    const arn = await this.streamArn();
    const deadline = Date.now() + 10_000;
    for (;;) {
      const records: DynamoDBRecord[] = [];
      for (const shard of (await describeAllShards(this.streams, arn)).shards) {
        let { ShardIterator: iterator } = await this.streams.send(
          new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }),
        );
        while (iterator !== undefined) {
          const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          for (const record of page.Records ?? []) {
            const lambdaRecord = toLambdaRecord(record, arn);
            shardOfRecord.set(lambdaRecord, shard.ShardId!);
            records.push(lambdaRecord);
          }
          if ((page.Records ?? []).length === 0) break;
          iterator = page.NextShardIterator;
        }
      }
      if (records.length >= atLeast) return records;
      if (Date.now() > deadline)
        throw new Error(`the stream holds ${records.length} records, expected at least ${atLeast}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  monitorQueries(generation?: number): DynamoDbMonitorQueries {
    return new DynamoDbMonitorQueries({
      client: this.client,
      tables: this.tables,
      generationCacheMs: 0,
      ...(generation === undefined ? {} : { generation }),
    });
  }

  /** What the monitor shows for a period made of the business days of `orders` (active generation). */
  async monitorPeriod(orders: readonly Order[]): Promise<MonitorData> {
    const days = [...new Set(hoursOf(orders).map((hour) => hour.slice(0, 10)))];
    return this.monitorQueries().read({ topProducts: 1_000, maxCouriers: 1_000, hours: [], days });
  }

  /** What the monitor shows for the hours of `orders` (active generation unless one is given). */
  async monitor(orders: readonly Order[], generation?: number): Promise<MonitorData> {
    return this.monitorQueries(generation).read({ topProducts: 1_000, maxCouriers: 1_000, hours: hoursOf(orders) });
  }
}

/** The shard each record read by ProjectorFixture.streamRecords came from. */
const shardOfRecord = new WeakMap<DynamoDBRecord, string>();

/** The shard a record read by ProjectorFixture.streamRecords came from. */
export function shardOf(record: DynamoDBRecord): string {
  const shardId = shardOfRecord.get(record);
  if (shardId === undefined)
    throw new Error(
      `record ${record.dynamodb?.SequenceNumber} was not read by ProjectorFixture.streamRecords: its shard is unknown`,
    );
  return shardId;
}

/**
 * The event Lambda's event source mapping sends for a batch of these records (read by streamRecords, all of
 * one shard), with the deployed mapping's tumbling window of 1 s: `shardId`, `eventSourceARN`, the window of
 * the first record, the window's state (empty: the projector keeps none), not the window's final invocation.
 */
export function eventOf(
  records: readonly DynamoDBRecord[],
  options: { readonly state?: Record<string, string> } = {},
): DynamoDBTimeWindowEvent {
  const first = records[0];
  if (first === undefined)
    throw new Error("eventOf needs at least one record (a window's final invocation: use toTimeWindowEvent)");
  const shardId = shardOf(first);
  if (records.some((record) => shardOf(record) !== shardId)) throw new Error("Lambda never mixes shards in one batch");
  const created = first.dynamodb?.ApproximateCreationDateTime ?? Math.floor(Date.now() / 1000);
  return toTimeWindowEvent(records, {
    streamArn: first.eventSourceARN!,
    shardId,
    window: tumblingWindowAt(created, 1),
    state: options.state ?? {},
  });
}

export const sequencesOf = (records: readonly DynamoDBRecord[]): string[] =>
  records.map((record) => record.dynamodb!.SequenceNumber!);
