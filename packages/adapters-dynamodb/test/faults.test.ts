import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  addOrderToDelta,
  DependencyUnavailableError,
  emptyDelta,
  encodePosition,
  hourBucket,
} from "@cargo-express/domain";
import {
  createTestTables,
  injectFault,
  testClient,
  type InjectedFault,
} from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDocumentClient,
  DynamoDbMonitorQueries,
  DynamoDbOrderRepository,
  DynamoDbProjectionStore,
  tableNamesFor,
  type TableNames,
} from "../src/index.js";
import { freePort } from "../src/local/dynamodb-local.js";

const TZ = "America/Bogota";
const query = { topProducts: 10, maxCouriers: 10, hours: [hourBucket(Date.parse("2024-09-11T23:27:09Z"), TZ)] };
const commitOf = (partition: string) => ({
  partition,
  from: encodePosition("10"),
  to: encodePosition("10"),
  orders: [addOrderToDelta(emptyDelta(), orderFrom(OrderMother.sample()), TZ)],
});

let tables: TableNames;
beforeAll(async () => {
  tables = await createTestTables("faults");
});

/** A client of its own whose chosen operations fail; the SDK retries as configured (3 attempts). */
function faultyClient(commands: string[], fault: InjectedFault) {
  const client = testClient({});
  return { client, fault: injectFault(client, { commands, fault }) };
}

async function rejection(promise: Promise<unknown>): Promise<DependencyUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DependencyUnavailableError);
  return error as DependencyUnavailableError;
}

describe("orders when DynamoDB throttles or fails", () => {
  it.each([
    ["throttling", 2],
    ["server-error", 1],
  ] as const)(
    "a PutItem failing with %s becomes DependencyUnavailableError after the SDK's retries, and no order exists",
    async (kind, retryAfter) => {
      const { client, fault } = faultyClient(["PutItemCommand"], kind);
      const order = orderFrom(OrderMother.random());
      const error = await rejection(
        new DynamoDbOrderRepository({ client, tableName: tables.orders }).saveIfAbsent(order),
      );
      expect(error.retryAfterSeconds).toBe(retryAfter);
      expect(fault.failures).toBe(3);
      expect(
        await new DynamoDbOrderRepository({ client: testClient(), tableName: tables.orders }).getById(order.id),
      ).toBeUndefined();
      fault.restore();
      expect(await new DynamoDbOrderRepository({ client, tableName: tables.orders }).saveIfAbsent(order)).toEqual({
        status: "created",
      });
    },
  );

  it("a throttled GetItem becomes DependencyUnavailableError", async () => {
    const { client } = faultyClient(["GetItemCommand"], "throttling");
    await rejection(new DynamoDbOrderRepository({ client, tableName: tables.orders }).getById("any"));
  });

  it("a missing table is a configuration error, not unavailability", async () => {
    const repo = new DynamoDbOrderRepository({ client: testClient(), tableName: "no-such-table" });
    const error = await repo.getById("any").catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).name).toBe("ResourceNotFoundException");
  });
});

describe("projections when DynamoDB throttles or fails", () => {
  it.each(["TransactWriteItemsCommand", "BatchGetItemCommand"])(
    "a commit whose %s fails writes nothing and throws DependencyUnavailableError",
    async (command) => {
      const { client } = faultyClient([command], "throttling");
      await rejection(new DynamoDbProjectionStore({ client, tables }).commit(commitOf(`fail-${command}`)));
      expect(
        await new DynamoDbProjectionStore({ client: testClient(), tables }).watermark(`fail-${command}`),
      ).toBeUndefined();
    },
  );

  it.each([
    ["GetItemCommand", "the active generation"],
    ["BatchGetItemCommand", "the all-time and day items"],
  ])("a monitor read whose %s (%s) fails with 500 throws DependencyUnavailableError", async (command) => {
    const { client, fault } = faultyClient([command], "server-error");
    await rejection(new DynamoDbMonitorQueries({ client, tables }).read(query));
    // The SDK's three attempts.
    expect(fault.failures).toBe(3);
  });

  it("retries a transaction cancelled by a conflicting one, and applies it once", async () => {
    const client = testClient({});
    let conflicts = 2;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "TransactWriteItemsCommand" && conflicts > 0) {
          conflicts -= 1;
          throw new TransactionCanceledException({
            message:
              "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]",
            $metadata: { httpStatusCode: 400 },
            CancellationReasons: [
              { Code: "None" },
              { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" },
            ],
          });
        }
        return next(args);
      },
      { step: "deserialize", priority: "low", name: "conflict-twice" },
    );
    const store = new DynamoDbProjectionStore({ client, tables: await createTestTables("conflicts") });
    expect(await store.commit(commitOf("conflicted"))).toBe("committed");
    expect(conflicts).toBe(0);
    expect(await store.commit(commitOf("conflicted"))).toBe("stale");
  });

  it("gives up on a transaction that keeps conflicting with DependencyUnavailableError", async () => {
    const client = testClient({});
    let attempts = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== "TransactWriteItemsCommand") return next(args);
        attempts += 1;
        throw new TransactionCanceledException({
          message: "Transaction cancelled [None, ThrottlingError]",
          $metadata: { httpStatusCode: 400 },
          CancellationReasons: [{ Code: "None" }, { Code: "ThrottlingError" }],
        });
      },
      { step: "deserialize", priority: "low", name: "conflict-forever" },
    );
    const error = await rejection(
      new DynamoDbProjectionStore({ client, tables, maxTransactionAttempts: 3 }).commit(commitOf("forever")),
    );
    expect(attempts).toBe(3);
    expect(error.retryAfterSeconds).toBe(2);
  });
});

describe("network failures", () => {
  const sockets = new Set<Socket>();
  let silent: Server;
  let silentPort: number;
  beforeAll(async () => {
    // Accepts connections and never answers: a hung DynamoDB endpoint.
    silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  const credentials = { accessKeyId: "local", secretAccessKey: "local" };

  it("an endpoint that refuses connections becomes DependencyUnavailableError", async () => {
    const client = createDocumentClient({
      endpoint: `http://127.0.0.1:${await freePort()}`,
      region: "local",
      credentials,
      maxAttempts: 1,
    });
    const error = await rejection(new DynamoDbOrderRepository({ client, tableName: tables.orders }).getById("any"));
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("an endpoint that never answers times out after the request timeout instead of hanging", async () => {
    const client = createDocumentClient({
      endpoint: `http://127.0.0.1:${silentPort}`,
      region: "local",
      credentials,
      maxAttempts: 2,
      requestTimeoutMs: 300,
    });
    const started = Date.now();
    const error = await rejection(
      new DynamoDbMonitorQueries({ client, tables: tableNamesFor("unreachable") }).read(query),
    );
    expect(error.message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("injected faults are scoped to their client", () => {
  it("leaves other clients working and stops after restore", async () => {
    const { client, fault } = faultyClient(["GetItemCommand"], "server-error");
    await rejection(new DynamoDbOrderRepository({ client, tableName: tables.orders }).getById("x"));
    expect(
      (await testClient().send(new GetCommand({ TableName: tables.orders, Key: { order_id: "x" } }))).Item,
    ).toBeUndefined();
    fault.restore();
    expect(await new DynamoDbOrderRepository({ client, tableName: tables.orders }).getById("x")).toBeUndefined();
  });
});
