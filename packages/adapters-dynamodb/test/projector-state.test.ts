import { PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  addOrderToDelta,
  DependencyUnavailableError,
  emptyDelta,
  encodePosition,
  type Clock,
} from "@cargo-express/domain";
import { createTestTables, injectFault, testClient } from "@cargo-express/adapters-dynamodb/testing";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import {
  deleteGeneration,
  DynamoDbDeadLetters,
  DynamoDbGenerations,
  DynamoDbOrdersScan,
  GenerationStores,
  listDeadLetters,
  MAX_DEAD_LETTER_IMAGE_CHARS,
  orderToItem,
  readGenerationState,
  type ScannedOrder,
  type TableNames,
} from "../src/index.js";
import { generationPartition } from "../src/generations/generation-stores.js";
import { ACTIVE_GENERATION_KEY } from "../src/keys.js";

/**
 * The projector's and the rebuild's state in ProjectorState and the Orders scan (moved here from
 * stream-handler): what they store, and that their DynamoDB errors go through the one translation.
 */
let tables: TableNames;
const client = testClient();
beforeAll(async () => {
  tables = await createTestTables("projector-state");
});

const fixedClock = (at: number): Clock & { at: number } => {
  const clock = { at, now: () => clock.at };
  return clock;
};

describe("DynamoDbDeadLetters", () => {
  it("stores a letter once (a redelivery keeps the first), cuts long images, and lists by partition and in pages", async () => {
    const letters = new DynamoDbDeadLetters({
      client,
      projectorStateTable: tables.projectorState,
      clock: fixedClock(Date.parse("2024-09-11T23:27:09Z")),
    });
    expect(
      await letters.record({
        partition: "shard-b",
        sequence: "20",
        reason: "unreadable",
        image: "x".repeat(MAX_DEAD_LETTER_IMAGE_CHARS + 5),
      }),
    ).toBe(true);
    expect(
      await letters.record({ partition: "shard-a", sequence: "9", reason: "refused", orderId: "o-1", generation: 2 }),
    ).toBe(true);
    expect(await letters.record({ partition: "shard-a", sequence: "9", reason: "again" })).toBe(false);
    expect(await letters.record({ partition: "shard-a", sequence: "100", reason: "later" })).toBe(true);

    const all = await letters.list();
    // Partition, then stream order (sequences zero-padded): 9 before 100.
    expect(all.items.map((l) => [l.partition, l.sequence, l.reason])).toEqual([
      ["shard-a", "9", "refused"],
      ["shard-a", "100", "later"],
      ["shard-b", "20", "unreadable"],
    ]);
    expect(all.items[0]).toMatchObject({
      orderId: "o-1",
      generation: 2,
      imageTruncated: false,
      recordedAt: "2024-09-11T23:27:09.000000Z",
    });
    expect(all.items[2]!.image).toHaveLength(MAX_DEAD_LETTER_IMAGE_CHARS);
    expect(all.items[2]!.imageTruncated).toBe(true);
    expect(all.next).toBeUndefined();

    const first = await listDeadLetters(client, tables.projectorState, { limit: 1 });
    expect(first.items).toHaveLength(1);
    const rest = await listDeadLetters(client, tables.projectorState, { after: first.next! });
    expect([...first.items, ...rest.items]).toEqual(all.items);
    expect((await letters.list({ partition: "shard-b" })).items.map((l) => l.sequence)).toEqual(["20"]);
  });

  it("turns a throttled write or read into DependencyUnavailableError", async () => {
    const faulty = testClient({});
    injectFault(faulty, { commands: ["PutItemCommand", "QueryCommand"], fault: "throttling" });
    const letters = new DynamoDbDeadLetters({ client: faulty, projectorStateTable: tables.projectorState });
    await expect(letters.record({ partition: "p", sequence: "1", reason: "r" })).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    await expect(letters.list()).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe("DynamoDbGenerations", () => {
  it("begins, activates and abandons rebuilds; a second begin is refused; targets are cached for planCacheMs", async () => {
    const own = await createTestTables("generations");
    const clock = fixedClock(Date.parse("2024-09-11T23:27:09Z"));
    const generations = new DynamoDbGenerations({
      client,
      projectorStateTable: own.projectorState,
      clock,
      planCacheMs: 1_000,
    });
    expect(await generations.state()).toEqual({ active: { generation: 1 }, activeStored: false, lastAllocated: 1 });
    expect(await generations.targets()).toEqual([{ generation: 1, role: "active" }]);

    const cutoffMs = clock.at + 30_000;
    expect(await generations.beginBuild({ generation: 2, cutoffMs, startedAtMs: clock.at })).toBe(true);
    expect(await generations.beginBuild({ generation: 3, cutoffMs, startedAtMs: clock.at })).toBe(false);
    const state = await generations.state();
    expect(state).toEqual({
      active: { generation: 1 },
      activeStored: false,
      building: { generation: 2, cutoffMs, startedAt: "2024-09-11T23:27:09.000000Z" },
      lastAllocated: 2,
    });
    // Still the cached plan, until planCacheMs has passed.
    expect(await generations.targets()).toEqual([{ generation: 1, role: "active" }]);
    clock.at += 1_000;
    expect(await generations.targets()).toEqual([
      { generation: 1, role: "active" },
      { generation: 2, cutoffMs, role: "building" },
    ]);

    await generations.activateBuild({
      built: state.building!,
      expectedActive: 1,
      activeStored: false,
      activatedAtMs: clock.at,
    });
    expect(await readGenerationState(client, own.projectorState)).toEqual({
      active: { generation: 2, cutoffMs },
      activeStored: true,
      lastAllocated: 2,
    });

    // A taken-over rebuild allocates past the counter; abandoning it leaves ACTIVE alone.
    expect(await generations.beginBuild({ generation: 3, cutoffMs, startedAtMs: clock.at })).toBe(true);
    await generations.abandonBuild(3);
    expect(await generations.state()).toEqual({
      active: { generation: 2, cutoffMs },
      activeStored: true,
      lastAllocated: 3,
    });
  });

  it("ignores a BUILDING item at or below the active generation, and refuses an invalid stored generation", async () => {
    const own = await createTestTables("generations-odd");
    await client.send(
      new PutCommand({ TableName: own.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation: 4 } }),
    );
    await client.send(
      new PutCommand({
        TableName: own.projectorState,
        Item: { pk: "GENERATION", sk: "BUILDING", generation: 3, cutoff_ms: 5, started_at: "x" },
      }),
    );
    expect(
      await new DynamoDbGenerations({ client, projectorStateTable: own.projectorState, planCacheMs: 0 }).targets(),
    ).toEqual([{ generation: 4, role: "active" }]);
    await client.send(
      new PutCommand({ TableName: own.projectorState, Item: { ...ACTIVE_GENERATION_KEY, generation: "four" } }),
    );
    await expect(readGenerationState(client, own.projectorState)).rejects.toThrow(/invalid generation/);
  });

  it("turns a throttled state read into DependencyUnavailableError", async () => {
    const faulty = testClient({});
    injectFault(faulty, { commands: ["QueryCommand"], fault: "server-error" });
    await expect(
      new DynamoDbGenerations({ client: faulty, projectorStateTable: tables.projectorState }).state(),
    ).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe("DynamoDbOrdersScan", () => {
  it("reads every order once across segments and pages, reporting unreadable items as malformed", async () => {
    const own = await createTestTables("orders-scan");
    const orders = Array.from({ length: 7 }, () => orderFrom(OrderMother.random()));
    for (const order of orders) await client.send(new PutCommand({ TableName: own.orders, Item: orderToItem(order) }));
    await client.send(new PutCommand({ TableName: own.orders, Item: { order_id: "broken", note: "not an order" } }));

    const scan = new DynamoDbOrdersScan({ client, ordersTable: own.orders });
    const seen: ScannedOrder[] = [];
    let pages = 0;
    for (const segment of [0, 1]) {
      for await (const page of scan.pages({ segment, totalSegments: 2, pageSize: 2 })) {
        pages += 1;
        seen.push(...page);
      }
    }
    expect(pages).toBeGreaterThanOrEqual(4);
    const read = seen.flatMap((item) => (item.kind === "order" ? [item.state.order.id] : []));
    expect(read.sort()).toEqual(orders.map((o) => o.id).sort());
    const malformed = seen.filter((item) => item.kind === "malformed");
    expect(malformed).toEqual([
      { kind: "malformed", reason: expect.any(String), image: expect.stringContaining('"order_id":"broken"') },
    ]);
  });

  it("turns a throttled Scan into DependencyUnavailableError", async () => {
    const faulty = testClient({});
    injectFault(faulty, { commands: ["ScanCommand"], fault: "throttling" });
    const pages = new DynamoDbOrdersScan({ client: faulty, ordersTable: tables.orders }).pages({
      segment: 0,
      totalSegments: 1,
      pageSize: 10,
    });
    await expect(pages.next()).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe("deleteGeneration", () => {
  it("deletes one generation's read-model items and watermarks, and nothing of another generation", async () => {
    const own = await createTestTables("delete-generation");
    const stores = new GenerationStores({ client, tables: own });
    const order = orderFrom(OrderMother.random());
    for (const generation of [1, 12]) {
      const store = stores.storeFor(generation);
      await store.commit({
        partition: "shard-1",
        from: encodePosition("1"),
        to: encodePosition("1"),
        orders: [addOrderToDelta(emptyDelta(), order, "America/Bogota")],
      });
      expect(await store.watermark("shard-1")).toBeDefined();
    }
    const { deleted } = await deleteGeneration(client, own, 1);
    expect(deleted).toBeGreaterThanOrEqual(3); // the watermark, an all-time item and a day item
    expect(await stores.storeFor(1).watermark("shard-1")).toBeUndefined();
    expect(await stores.storeFor(12).watermark("shard-1")).toBeDefined();
    expect(generationPartition(12, "shard-1")).toBe("G12#shard-1");
    expect((await deleteGeneration(client, own, 1)).deleted).toBe(0);
  });
});
