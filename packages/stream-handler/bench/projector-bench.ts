/**
 * `npm run bench:projector [-- --orders 10000 --batch-sizes 100,10,1000,1 --max-invocations 1000 --legacy-orders 2000 --couriers 10]`
 *
 * Replays orders drawn from the Cargo Express catalogue and fleet through the stream projector on a
 * DynamoDB Local of its own, and through the previous system's algorithm, and prints per order what each
 * asks of DynamoDB: write requests, write capacity units, read requests, read capacity units, plus
 * records per second. A measurement, not a test: capacity is priced as DynamoDB charges it (see
 * capacity-meter.ts: DynamoDB Local under-reports transactions), but DynamoDB Local's speed says little
 * about DynamoDB's.
 */
import { parseArgs } from "node:util";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  createDocumentClient,
  DynamoDbMonitorQueries,
  ensureTables,
  orderToItem,
  TABLE_DEFINITIONS,
  tableNamesFor,
  type TableNames,
} from "@cargo-express/adapters-dynamodb";
import {
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  startDynamoDbLocal,
} from "@cargo-express/adapters-dynamodb/dynamodb-local";
import { commandFromWire } from "@cargo-express/courier-wire";
import { hourBucket, parseOrderInput, projectOrders, type Order } from "@cargo-express/domain";
import { fleet, randomOrderPayload } from "@cargo-express/testkit/catalogue";
import type { DynamoDBRecord } from "aws-lambda";
// The Streams-API reading of the local stand-in for Lambda's event source mapping.
import { describeAllShards, toLambdaRecord } from "../../local-stack/src/local-stream-records.js";
import { createProjectorHandler, silentLogger, toTimeWindowEvent, tumblingWindowAt } from "../src/index.js";
import { CapacityMeter, type CapacityTotals } from "./capacity-meter.js";
import { LegacyProjector, type LegacyOrderPayload } from "./legacy-projector.js";

const TIME_ZONE = "America/Bogota";
/** Next year's expected volume (5x today's ~400 a day): 2,000 orders a day, so 10,000 orders span five days. */
const ORDERS_PER_DAY = 2_000;
/**
 * Most WCU per order at each batch size (a cost target of the performance brief): batch 1 is the deployed operating
 * point (no batching window: about one record per batch up to ×12's busiest hour; at most 6.5, what the bill can
 * carry), 10 a busier one, 100 the busy one; with 100 couriers or more (the fleet in two years) batch 100 may take 0.6.
 */
const TARGET_WCU_PER_ORDER: Readonly<Record<string, number>> = { "1": 6.5, "10": 1.5, "100": 0.5 };
const TARGET_WCU_AT_100_LARGE_FLEET = 0.6;
const TARGET_FACTOR = 6;

const { values } = parseArgs({
  options: {
    orders: { type: "string", default: "10000" },
    "batch-sizes": { type: "string", default: "100,10,1000,1" },
    "max-invocations": { type: "string", default: "1000" },
    "legacy-orders": { type: "string", default: "2000" },
    seed: { type: "string", default: "20240911" },
    /** Couriers delivering: the fleet's 10 by default; more (e.g. 100, the fleet in two years) are synthetic. */
    couriers: { type: "string", default: String(fleet.length) },
  },
});
const orderCount = Number(values.orders);
const batchSizes = values["batch-sizes"].split(",").map(Number);
const legacyCount = Math.min(orderCount, Number(values["legacy-orders"]));
const courierCount = Number(values.couriers);
if (!Number.isInteger(courierCount) || courierCount < 1)
  throw new Error(`--couriers must be a whole number from 1, got ${values.couriers}`);
/** Small batch sizes replay a prefix of the orders, so the whole benchmark stays within a few minutes. */
const maxInvocations = Number(values["max-invocations"]);

/** Mulberry32: a small seeded generator, so every run replays the same orders. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  readonly algorithm: string;
  readonly batch: string;
  readonly orders: number;
  readonly totals: CapacityTotals;
  readonly streamCalls: number;
  readonly seconds: number;
  /** The projection tables of a projector run. */
  readonly tables: TableNames | undefined;
}

const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  log(`starting DynamoDB Local ...`);
  const local = await startDynamoDbLocal();
  const stop = async () => {
    await local.stop();
  };
  const onSignal = () => void stop().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const connect = () =>
      createDocumentClient({
        endpoint: local.endpoint,
        region: DYNAMODB_LOCAL_REGION,
        credentials: DYNAMODB_LOCAL_CREDENTIALS,
        maxAttempts: 5,
        requestTimeoutMs: 30_000,
      });
    const streamsClient = () =>
      new DynamoDBStreamsClient({
        endpoint: local.endpoint,
        region: DYNAMODB_LOCAL_REGION,
        credentials: DYNAMODB_LOCAL_CREDENTIALS,
      });
    const admin = connect();

    // The orders: catalogue and fleet, 1-4 products each, delivered at a steady 2,000 a day.
    const random = seeded(Number(values.seed));
    const start = Date.UTC(2026, 0, 5, 11);
    const payloads: LegacyOrderPayload[] = [];
    const orders: Order[] = [];
    for (let i = 0; i < orderCount; i += 1) {
      const at = start + Math.floor((i * 86_400_000) / ORDERS_PER_DAY);
      const drawn = randomOrderPayload({ id: `bench-${String(i).padStart(6, "0")}`, random, at });
      // A larger fleet than the catalogue's: synthetic couriers 1001.., with names as long as real ones.
      const payload =
        courierCount === fleet.length
          ? drawn
          : (() => {
              const k = Math.floor(random() * courierCount);
              return { ...drawn, repartidor: { IdRepartidor: 1_001 + k, Nombre: `Mensajero Número ${k + 1}` } };
            })();
      const parsed = parseOrderInput(commandFromWire(payload), { timeZone: TIME_ZONE, receivedAtMs: at + 1_000 });
      if (!parsed.ok) throw new Error(`generated order does not parse: ${JSON.stringify(parsed.error)}`);
      payloads.push(payload);
      orders.push(parsed.value);
    }

    const source = tableNamesFor("bench-source");
    await ensureTables(admin, source);
    log(`writing ${orderCount} orders to the Orders table ...`);
    await loadOrders(admin, source.orders, orders);
    log(`reading them back from the Orders stream ...`);
    const records = await readStream(streamsClient(), admin, source.orders, orderCount);

    const rows: Row[] = [];
    for (const batchSize of batchSizes) {
      const tables = tableNamesFor(`bench-batch-${batchSize}`);
      await ensureTables(admin, tables);
      const client = connect();
      // Every index of the projection tables (none since the bounded read model; kept so the meter prices any), by physical table name.
      const indexes = new Map(
        TABLE_DEFINITIONS.map((definition) => [tables[definition.key], definition.globalSecondaryIndexes] as const),
      );
      const meter = new CapacityMeter({ inspector: connect(), indexes });
      meter.attach(client);
      const handler = createProjectorHandler({ client, tables, timeZone: TIME_ZONE, logger: silentLogger() });
      // Every DynamoDB Streams request sent while the projector runs, by any client in this process: the
      // handler is given none (the event names its shard), so anything counted here is a second stream reader.
      let streamCalls = 0;
      const send = DynamoDBStreamsClient.prototype.send;
      DynamoDBStreamsClient.prototype.send = function (this: DynamoDBStreamsClient, ...args: Parameters<typeof send>) {
        streamCalls += 1;
        return send.apply(this, args);
      } as typeof send;
      const count = Math.min(orderCount, batchSize * maxInvocations);
      log(`projector, batch size ${batchSize}, ${count} orders ...`);
      const t0 = performance.now();
      // As Lambda delivers a backlog: full batches of one shard, in order, as tumbling-window events (shardId,
      // window of the first record; the deployed 1 s window would also cut batches at window boundaries).
      try {
        for (let at = 0; at < count; ) {
          const shardId = shardOfRecord.get(records[at]!)!;
          let end = at + 1;
          while (end < Math.min(at + batchSize, count) && shardOfRecord.get(records[end]!) === shardId) end += 1;
          const batch = records.slice(at, end);
          const window = tumblingWindowAt(batch[0]!.dynamodb!.ApproximateCreationDateTime!, 1);
          const { batchItemFailures } = await handler(
            toTimeWindowEvent(batch, { streamArn: batch[0]!.eventSourceARN!, shardId, window }),
          );
          if (batchItemFailures.length > 0)
            throw new Error(`batch at ${at} failed: ${batchItemFailures.length} records reported`);
          at = end;
        }
      } finally {
        DynamoDBStreamsClient.prototype.send = send;
      }
      // The meter's own reads of item images are not the projector's work.
      const seconds = (performance.now() - t0 - meter.totals.inspectionMs) / 1000;
      await verify(client, tables, orders.slice(0, count));
      rows.push({
        algorithm: "projector (this package)",
        batch: String(batchSize),
        orders: count,
        totals: meter.totals,
        streamCalls,
        seconds,
        tables,
      });
    }

    const legacyTables = { products: "bench-legacy-products", couriers: "bench-legacy-couriers" };
    for (const [name, key] of [
      [legacyTables.products, "IdProducto"],
      [legacyTables.couriers, "IdRepartidor"],
    ] as const) {
      await admin.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
          KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
        }),
      );
    }
    const legacyClient = connect();
    const legacyMeter = new CapacityMeter();
    legacyMeter.attach(legacyClient);
    const legacy = new LegacyProjector(legacyClient, legacyTables);
    log(`previous system's algorithm, ${legacyCount} orders ...`);
    const t0 = performance.now();
    for (const payload of payloads.slice(0, legacyCount)) await legacy.apply(payload);
    rows.push({
      algorithm: "previous system",
      batch: "(per record)",
      orders: legacyCount,
      totals: legacyMeter.totals,
      streamCalls: 0,
      seconds: (performance.now() - t0) / 1000,
      tables: undefined,
    });

    report(rows, (Date.now() - started) / 1000);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await stop();
  }
}

async function loadOrders(client: DynamoDBDocumentClient, table: string, orders: readonly Order[]): Promise<void> {
  const chunks: Order[][] = [];
  for (let i = 0; i < orders.length; i += 25) chunks.push(orders.slice(i, i + 25));
  // One writer keeps the stream in the orders' sequence, as orders arrive one after another.
  for (const chunk of chunks) {
    let pending: NonNullable<BatchWriteCommand["input"]["RequestItems"]> = {
      [table]: chunk.map((order) => ({ PutRequest: { Item: { ...orderToItem(order) } } })),
    };
    while (Object.keys(pending).length > 0)
      pending = (await client.send(new BatchWriteCommand({ RequestItems: pending }))).UnprocessedItems ?? {};
  }
}

/** The shard each record read by readStream came from: Lambda's `shardId` of its batch. */
const shardOfRecord = new WeakMap<DynamoDBRecord, string>();

async function readStream(
  streams: DynamoDBStreamsClient,
  client: DynamoDBDocumentClient,
  table: string,
  expected: number,
): Promise<DynamoDBRecord[]> {
  const arn = (await client.send(new DescribeTableCommand({ TableName: table }))).Table!.LatestStreamArn!;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const records: DynamoDBRecord[] = [];
    for (const shard of (await describeAllShards(streams, arn)).shards) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }),
      );
      while (iterator !== undefined) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        for (const record of page.Records ?? []) {
          const lambdaRecord = toLambdaRecord(record, arn, "us-east-1");
          shardOfRecord.set(lambdaRecord, shard.ShardId!);
          records.push(lambdaRecord);
        }
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    if (records.length >= expected) return records;
    if (Date.now() > deadline) throw new Error(`the stream holds ${records.length} of ${expected} records`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The projections must equal the domain's, or the figures mean nothing. */
async function verify(
  client: DynamoDBDocumentClient,
  tables: ReturnType<typeof tableNamesFor>,
  orders: readonly Order[],
): Promise<void> {
  const hours = [...new Set(orders.map((order) => hourBucket(Date.parse(order.deliveredAt), TIME_ZONE)))];
  const shown = await new DynamoDbMonitorQueries({ client, tables }).read({
    topProducts: 100,
    maxCouriers: 100,
    hours,
  });
  const expected = projectOrders(orders, TIME_ZONE);
  const same =
    JSON.stringify(shown.totals) === JSON.stringify(expected.totals) &&
    JSON.stringify(shown.products) === JSON.stringify(expected.products) &&
    JSON.stringify(shown.couriers) === JSON.stringify(expected.couriers) &&
    JSON.stringify(shown.hourly.map(({ courierId, hour, deliveries }) => ({ courierId, hour, deliveries }))) ===
      JSON.stringify(expected.hourly);
  if (!same)
    throw new Error("the projections differ from the domain's projectOrders: the benchmark's figures are not valid");
}

function report(rows: readonly Row[], totalSeconds: number): void {
  const per = (value: number, row: Row) => (value / row.orders).toFixed(3);
  const lines = [
    `| algorithm | batch size | orders | write requests / order | WCU / order | of which GSI | WCU / order reported by DynamoDB Local | read requests / order | RCU / order | Streams API calls / order | records / s |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...rows.map(
      (row) =>
        `| ${row.algorithm} | ${row.batch} | ${row.orders} | ${per(row.totals.writeRequests, row)} | ${per(row.totals.wcu, row)} | ${per(row.totals.wcuIndexes, row)} | ${per(row.totals.wcuReported, row)} | ${per(row.totals.readRequests, row)} | ${per(row.totals.rcu, row)} | ${per(row.streamCalls, row)} | ${Math.round(row.orders / row.seconds)} |`,
    ),
  ];
  const at100 = rows.find((row) => row.batch === "100");
  const legacy = rows.find((row) => row.algorithm === "previous system");
  process.stdout.write(`\n${lines.join("\n")}\n\n`);
  for (const row of rows.filter((r) => r.totals.transactItems > 0 && r.tables !== undefined)) {
    const commits = row.totals.byCommand.get("TransactWriteItemsCommand") ?? 0;
    const tables = row.tables!;
    const byTable = (table: string) => per(row.totals.wcuByTable.get(table) ?? 0, row);
    const deliveriesItems = (keep: (key: string) => boolean) =>
      Math.max(
        0,
        ...[...row.totals.largestItemBytes]
          .filter(([key]) => key.startsWith(`${tables.deliveries}|`) && keep(key))
          .map(([, bytes]) => bytes),
      );
    const allTimeItem = deliveriesItems((key) => key.includes("#A#"));
    const dayItem = deliveriesItems((key) => key.includes("#D#"));
    process.stdout.write(
      `batch ${row.batch}: ${commits} transactions, ${(row.totals.transactItems / Math.max(1, commits)).toFixed(1)} items each (watermark included); ` +
        `WCU / order: watermark ${byTable(tables.projectorState)}, all-time and day items ${byTable(tables.deliveries)}, indexes ${per(row.totals.wcuIndexes, row)}; ` +
        `largest all-time item ${allTimeItem} B, largest day item ${dayItem} B\n`,
    );
  }
  if (at100 && legacy) {
    const wcu100 = at100.totals.wcu / at100.orders;
    const wcuLegacy = legacy.totals.wcu / legacy.orders;
    const factor = wcuLegacy / wcu100;
    process.stdout.write(
      [
        ``,
        ...rows
          .filter((row) => row.algorithm !== "previous system" && row.batch in TARGET_WCU_PER_ORDER)
          .map((row) => {
            const target =
              row.batch === "100" && courierCount >= 100
                ? TARGET_WCU_AT_100_LARGE_FLEET
                : TARGET_WCU_PER_ORDER[row.batch]!;
            const wcu = row.totals.wcu / row.orders;
            return `Target: at batch size ${row.batch} with ${courierCount} couriers, at most ${target} WCU per order: ${wcu.toFixed(3)} -> ${wcu <= target ? "MET" : "NOT MET"}`;
          }),
        `Target 2: at least ${TARGET_FACTOR}x fewer WCU per order than the previous system: ${factor.toFixed(1)}x -> ${factor >= TARGET_FACTOR ? "MET" : "NOT MET"}` +
          ` (write requests: ${(legacy.totals.writeRequests / legacy.orders / (at100.totals.writeRequests / at100.orders)).toFixed(0)}x fewer)`,
        `Orders: ${ORDERS_PER_DAY} a day (next year's volume), 1-4 products each, 10 products, ${courierCount} couriers; runs with fewer orders replay the first ones (the previous system's figures are per record).`,
        `WCU: DynamoDB's pricing (transactions: 2 per started KB of each item's larger size before/after; index writes 1 per started KB on insert, 2 when the index key changes); DynamoDB Local under-reports transactions, its own figure is shown for reference.`,
        `Records / s is DynamoDB Local on this machine, one batch at a time, without the meter's own reads: a relative figure, not DynamoDB's speed.`,
        `Total time ${totalSeconds.toFixed(0)} s.`,
        ``,
      ].join("\n"),
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:projector failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
