import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { listDeadLetters, type DeadLetter } from "@cargo-express/adapters-dynamodb";
import {
  dynamoDbLocalEndpoint,
  injectFault,
  testClient,
  allTimeKey,
  courierShardOf,
} from "@cargo-express/adapters-dynamodb/testing";
import { parseOrderInput, projectOrders, type MonitorData, type Order } from "@cargo-express/domain";
import { commandFrom, OrderMother } from "@cargo-express/testkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  composeProjector,
  DEAD_LETTER_METRIC,
  PROJECTOR_HANDLER,
  readProjectorConfig,
  silentLogger,
} from "../src/index.js";
import { LocalStreamPoller } from "../../local-stack/src/local-event-source-mapping.js";
import { eventOf, ProjectorFixture, sequencesOf } from "./support/fixture.js";
import { failCalls } from "./support/faults.js";
import { anOrder, asProjections, expectedProjections, hoursOf, TIME_ZONE } from "./support/orders.js";

const TRANSACT = "TransactWriteItemsCommand";
const FUNCTION_NAME = "cargo-express-test-stream-projector";
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** All orders of one hour and day. */
const AT = Date.UTC(2024, 8, 11, 18, 30);

/** The read-model shard the invented couriers (and the padded, corrupted item) belong to. */
const PADDED_SHARD = 0;

/** Courier ids nobody employs, all in PADDED_SHARD. */
function inventedCourierIds(from: number, count: number): number[] {
  const ids: number[] = [];
  for (let id = from; ids.length < count; id += 1) if (courierShardOf(String(id)) === PADDED_SHARD) ids.push(id);
  return ids;
}

/** An order of a courier id nobody employs, with a long (valid) name: what a client inventing couriers posts. */
function inventedCourierOrder(courierId: number): Order {
  const payload = {
    ...OrderMother.random({ at: AT, lines: 1 }),
    repartidor: { IdRepartidor: courierId, Nombre: `Repartidor inventado ${courierId} `.padEnd(100, "x") },
  };
  const parsed = parseOrderInput(commandFrom(payload), { timeZone: TIME_ZONE, receivedAtMs: Date.now() });
  if (!parsed.ok) throw new Error(`test order does not parse: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

/**
 * A permanent refusal, reached quickly: the store's own items stay under about 250 KB (they list at most 250
 * couriers and products), so only a corrupted or hand-edited item can approach DynamoDB's 400 KB. Here the
 * shard's all-time item holds an attribute nobody reads that leaves it ~3.5 KB under the limit: orders adding
 * couriers or products to it soon cannot be written.
 */
async function padAllTimeItemNearLimit(client: DynamoDBDocumentClient, deliveriesTable: string): Promise<void> {
  const key = allTimeKey(1, PADDED_SHARD);
  // DynamoDB's item size: attribute names and string values in UTF-8 bytes.
  const padding = 406_000 - "delivery_id".length - key.delivery_id.length - "x_padding".length;
  await client.send(
    new UpdateCommand({
      TableName: deliveriesTable,
      Key: key,
      UpdateExpression: "SET #p = :p",
      ExpressionAttributeNames: { "#p": "x_padding" },
      ExpressionAttributeValues: { ":p": "y".repeat(padding) },
    }),
  );
}

/** The monitor with every courier (the seeded ones included) for the orders' hours. */
const monitorOf = (f: ProjectorFixture, orders: readonly Order[]): Promise<MonitorData> =>
  f.monitorQueries().read({ topProducts: 1_000, maxCouriers: 100_000, hours: hoursOf(orders) });

/** EMF lines written by the handler, parsed. */
function metricSink() {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    options: {
      functionName: FUNCTION_NAME,
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  };
}

async function allDeadLetters(f: ProjectorFixture): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const result = await listDeadLetters(f.client, f.tables.projectorState, {
      ...(after === undefined ? {} : { after }),
    });
    letters.push(...result.items);
    after = result.next;
    if (after === undefined) return letters;
  }
  throw new Error("more than 100 pages of dead letters");
}

describe("projector failure classes (DynamoDB Local, real stream records)", () => {
  let poller: LocalStreamPoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  it("dead-letters the orders that would grow an item past 400 KB, counts every other order once, and moves on", async () => {
    const f = await ProjectorFixture.create("too-large");
    await padAllTimeItemNearLimit(f.client, f.tables.deliveries);
    const fleetFirst = Array.from({ length: 10 }, () => anOrder({ at: AT, lines: 2 }));
    const invented = inventedCourierIds(8_000_000_000, 40).map(inventedCourierOrder);
    const fleetAfter = Array.from({ length: 5 }, () => anOrder({ at: AT, lines: 2 }));
    const orders = [...fleetFirst, ...invented, ...fleetAfter];
    await f.place(orders);
    const records = await f.streamRecords(orders.length);
    expect(records.map((r) => r.dynamodb!.NewImage!.order_id!.S)).toEqual(orders.map((o) => o.id));
    const metric = metricSink();
    const handler = f.handler({ deadLetterMetric: metric.options });

    // Two Lambda batches: the fleet's orders (room enough), then the invented couriers and more of the fleet.
    expect(await handler(eventOf(records.slice(0, 10)))).toEqual({ batchItemFailures: [], state: {} });
    expect(await handler(eventOf(records.slice(10)))).toEqual({ batchItemFailures: [], state: {} });

    const letters = await allDeadLetters(f);
    const refusedIds = new Set(letters.map((letter) => letter.orderId));
    // The item fills up part-way through the invented couriers: from then on each of them is refused (and
    // so may be a later fleet order adding to that item). The first batch had room.
    expect(letters.filter((letter) => invented.some((o) => o.id === letter.orderId)).length).toBeGreaterThan(10);
    for (const letter of letters) {
      const index = orders.findIndex((o) => o.id === letter.orderId);
      expect([...invented, ...fleetAfter].map((o) => o.id)).toContain(letter.orderId);
      expect(letter).toMatchObject({
        sequence: records[index]!.dynamodb!.SequenceNumber,
        eventId: records[index]!.eventID,
        eventName: "INSERT",
        generation: 1,
      });
      expect(letter.partition).toMatch(/^too-large-\w+-orders\/.+\/shardId-/);
      expect(letter.reason).toMatch(/Item size to update has exceeded the maximum allowed size/);
      expect(JSON.parse(letter.image!)).toMatchObject({ order_id: { S: letter.orderId } });
    }
    // Every order not dead-lettered is counted exactly once, on top of what the item already held.
    const counted = orders.filter((o) => !refusedIds.has(o.id));
    expect(counted.length + letters.length).toBe(orders.length);
    expect(counted).toEqual(expect.arrayContaining(fleetFirst));
    const expected = expectedProjections(counted);
    const shown = asProjections(await monitorOf(f, orders));
    expect(shown.totals).toEqual(expected.totals);
    const countedCouriers = new Set(counted.map((o) => o.courier.id));
    expect(
      shown.couriers
        .filter((c) => countedCouriers.has(c.courierId))
        .sort((a, b) => a.courierId.localeCompare(b.courierId)),
    ).toEqual([...expected.couriers].sort((a, b) => a.courierId.localeCompare(b.courierId)));
    const refusedCouriers = new Set(invented.filter((o) => refusedIds.has(o.id)).map((o) => o.courier.id));
    expect(shown.couriers.filter((c) => refusedCouriers.has(c.courierId))).toEqual([]);
    expect(shown.products).toEqual(expected.products);
    expect(shown.hourly).toEqual(expected.hourly);

    // The alarm's metric (infra-pulumi/src/alarms.ts watches these names): one EMF line per batch that
    // stored dead letters, adding up to all of them.
    expect(DEAD_LETTER_METRIC).toEqual({
      namespace: "CargoExpress/Projector",
      name: "DeadLetters",
      dimension: "FunctionName",
    });
    expect(metric.lines).toHaveLength(1);
    expect(metric.lines[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "CargoExpress/Projector",
            Dimensions: [["FunctionName"]],
            Metrics: [{ Name: "DeadLetters", Unit: "Count" }],
          },
        ],
      },
      FunctionName: FUNCTION_NAME,
      DeadLetters: letters.length,
    });

    // Lambda delivering the batch again (a timeout on the way out): nothing counted twice, no new letter, no new metric.
    expect(await handler(eventOf(records.slice(10)))).toEqual({ batchItemFailures: [], state: {} });
    expect(asProjections(await monitorOf(f, orders))).toEqual(shown);
    expect(await allDeadLetters(f)).toEqual(letters);
    expect(metric.lines).toHaveLength(1);

    // What an operator sees: `npm run dead-letters` lists each of them with the order and the reason.
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "dead-letters"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: {
        ...process.env,
        DYNAMODB_ENDPOINT: dynamoDbLocalEndpoint(),
        ORDERS_TABLE: f.tables.orders,
        DELIVERIES_TABLE: f.tables.deliveries,
        PROJECTOR_STATE_TABLE: f.tables.projectorState,
      },
    });
    const listed = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as DeadLetter);
    expect(listed.map((letter) => [letter.orderId, letter.sequence])).toEqual(
      letters.map((letter) => [letter.orderId, letter.sequence]),
    );
    expect(listed.every((letter) => letter.reason.includes("Item size to update has exceeded"))).toBe(true);
  }, 240_000);

  it("the local poller does not loop on orders an item cannot take: each is counted or dead-lettered, and the shard moves on", async () => {
    const f = await ProjectorFixture.create("poller-too-large");
    await padAllTimeItemNearLimit(f.client, f.tables.deliveries);
    const metric = metricSink();
    poller = new LocalStreamPoller({
      streams: f.streams,
      dynamodb: f.client,
      tableName: f.tables.orders,
      handler: f.handler({ deadLetterMetric: metric.options }),
      batchSize: 10,
      logger: silentLogger(),
    });
    await poller.start();
    const orders = inventedCourierIds(6_000_000_000, 50).map(inventedCourierOrder);
    await f.place(orders);

    // Generous: DynamoDB Local rewriting a 400 KB item on a shared, busy machine.
    const deadline = Date.now() + 120_000;
    let letters: DeadLetter[] = [];
    for (;;) {
      letters = await allDeadLetters(f);
      const counted = (await monitorOf(f, orders)).totals.orders;
      if (counted + letters.length === orders.length) break;
      if (Date.now() > deadline)
        throw new Error(`after 120 s: ${counted} counted, ${letters.length} dead-lettered of ${orders.length}`);
      await sleep(100);
    }
    const last = anOrder({ at: AT });
    await f.place([last]);
    while (
      !(await allDeadLetters(f)).some((letter) => letter.orderId === last.id) &&
      (await monitorOf(f, [last])).totals.orders === orders.length - letters.length
    ) {
      if (Date.now() > deadline)
        throw new Error("an order placed after the refused ones was neither counted nor dead-lettered in time");
      await sleep(100);
    }

    // The metric line is written after the batch's letters are stored: let the batch in flight finish first.
    await poller.stop();
    expect(letters.length).toBeGreaterThan(10);
    expect(poller.stats.failedInvocations).toBe(0);
    expect(metric.lines.reduce((sum, line) => sum + Number(line.DeadLetters), 0)).toBe(
      (await allDeadLetters(f)).length,
    );
  }, 240_000);

  it("when the dead letter of a refused order cannot be stored, reports from that order on; the redelivery dead-letters it once", async () => {
    const f = await ProjectorFixture.create("refusal-fails");
    await padAllTimeItemNearLimit(f.client, f.tables.deliveries);
    const orders = inventedCourierIds(7_000_000_000, 30).map(inventedCourierOrder);
    await f.place(orders);
    const records = await f.streamRecords(orders.length);
    const client = testClient({ maxAttempts: 1 });
    // The projector's only PutItem is a dead letter: the first one fails (DynamoDB unavailable).
    const fault = failCalls(client, { command: "PutItemCommand", calls: [1], when: "before" });
    const metric = metricSink();

    const response = await f.handler({ client, deadLetterMetric: metric.options })(eventOf(records));
    fault.restore();

    expect(fault.failed).toBe(1);
    const reported = response.batchItemFailures.map((failure) => failure.itemIdentifier);
    const firstReported = sequencesOf(records).indexOf(reported[0]!);
    // Orders before the first refusal are counted; from the refused order on, everything is reported.
    expect(firstReported).toBeGreaterThan(0);
    expect(reported).toEqual(sequencesOf(records).slice(firstReported));
    expect(await allDeadLetters(f)).toEqual([]);
    expect(metric.lines).toEqual([]);

    expect(await f.handler({ deadLetterMetric: metric.options })(eventOf(records.slice(firstReported)))).toEqual({
      batchItemFailures: [],
      state: {},
    });
    const letters = await allDeadLetters(f);
    expect(letters[0]!.orderId).toBe(orders[firstReported]!.id);
    const fromRefused = new Set(orders.slice(firstReported).map((o) => o.id));
    expect(letters.every((letter) => fromRefused.has(letter.orderId!))).toBe(true);
    const counted = orders.filter((o) => !letters.some((letter) => letter.orderId === o.id));
    expect(counted).toEqual(expect.arrayContaining(orders.slice(0, firstReported)));
    expect(asProjections(await monitorOf(f, orders)).products).toEqual(expectedProjections(counted).products);
    expect(metric.lines.map((line) => line.DeadLetters)).toEqual([letters.length]);
  }, 240_000);

  it("the Lambda composition root names the metric's dimension after AWS_LAMBDA_FUNCTION_NAME, and a poison record trips it too", async () => {
    const f = await ProjectorFixture.create("emf-root");
    await f.putMalformed("not-an-order-emf");
    const records = await f.streamRecords(1);
    const config = readProjectorConfig({
      DYNAMODB_ENDPOINT: dynamoDbLocalEndpoint(),
      ORDERS_TABLE: f.tables.orders,
      DELIVERIES_TABLE: f.tables.deliveries,
      PROJECTOR_STATE_TABLE: f.tables.projectorState,
      AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
    });
    expect(config.functionName).toBe(FUNCTION_NAME);
    const handler = composeProjector(config, { client: f.client, logger: silentLogger() }).get(PROJECTOR_HANDLER);
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await handler(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });
    } finally {
      stdout.mockRestore();
    }

    const lines = written.map((text) => JSON.parse(text) as Record<string, unknown>).filter((line) => "_aws" in line);
    expect(lines).toEqual([expect.objectContaining({ FunctionName: FUNCTION_NAME, DeadLetters: 1 })]);
    expect((await allDeadLetters(f)).map((letter) => letter.reason)).toEqual([
      expect.stringContaining("MalformedOrderItemError"),
    ]);
  });

  it("retries throttled commits (batch reported, nothing dead-lettered), then counts each order exactly once", async () => {
    const f = await ProjectorFixture.create("throttled");
    const orders = Array.from({ length: 6 }, () => anOrder({ at: AT }));
    await f.place(orders);
    const records = await f.streamRecords(orders.length);
    const client = testClient({ maxAttempts: 2 });
    const fault = injectFault(client, { commands: [TRANSACT], fault: "throttling" });
    const metric = metricSink();
    const handler = f.handler({ client, deadLetterMetric: metric.options });

    expect((await handler(eventOf(records))).batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      sequencesOf(records),
    );
    expect(fault.failures).toBeGreaterThanOrEqual(2);
    expect((await f.monitor(orders)).totals.orders).toBe(0);

    fault.restore();
    expect(await handler(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });
    expect(await handler(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });

    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
    expect(await allDeadLetters(f)).toEqual([]);
    expect(metric.lines).toEqual([]);
  });

  it("the local poller retries a throttled batch until it is counted, exactly once, with no dead letter", async () => {
    const f = await ProjectorFixture.create("poller-throttled");
    const client = testClient({ maxAttempts: 1 });
    // The first three projection transactions are throttled (after the SDK's retries: here none).
    let throttled = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== TRANSACT || throttled >= 3) return next(args);
        throttled += 1;
        throw new ProvisionedThroughputExceededException({
          message: "injected: throughput exceeds the table's capacity",
          $metadata: { httpStatusCode: 400 },
        });
      },
      { step: "deserialize", priority: "low", name: "throttle-three" },
    );
    const metric = metricSink();
    poller = new LocalStreamPoller({
      streams: f.streams,
      dynamodb: f.client,
      tableName: f.tables.orders,
      handler: f.handler({ client, deadLetterMetric: metric.options }),
      logger: silentLogger(),
    });
    await poller.start();
    const orders = Array.from({ length: 5 }, () => anOrder({ at: AT }));
    await f.place(orders);

    const deadline = Date.now() + 20_000;
    while ((await f.monitor(orders)).totals.orders < orders.length) {
      if (Date.now() > deadline) throw new Error("the orders did not reach the monitor within 20 s");
      await sleep(50);
    }
    await sleep(300);

    expect(throttled).toBe(3);
    expect(poller.stats.failedInvocations).toBeGreaterThanOrEqual(1);
    expect(asProjections(await f.monitor(orders))).toEqual(projectOrders(orders, TIME_ZONE));
    expect(await allDeadLetters(f)).toEqual([]);
    expect(metric.lines).toEqual([]);
  });
});
