import { projectOrders, type Order } from "@cargo-express/domain";
import { silentLogger } from "@cargo-express/platform";
import { OrderMother, orderFrom, sampleOrder } from "@cargo-express/testkit";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadLocalStackConfig } from "../src/config.js";
import { signIn, type DemoSettings } from "../src/demo.js";
import { clientSettingsOf, startLocalStack, type LocalStack } from "../src/stack.js";
import { LOCAL_TABLES, startMemoryStorage, type MemoryStorage } from "../src/storage.js";

/**
 * The local stack without Java runs the projector path of the one with Java: the in-memory change feed ->
 * the stream events Lambda delivers -> the projector handler -> ProjectStreamBatch -> the domain's
 * ProjectOrderBatch over the in-memory generations, stores and dead letters.
 */
const TZ = "America/Bogota";
const ALL = { topProducts: 1_000, maxCouriers: 1_000, hours: [] };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let storage: MemoryStorage | undefined;
let stack: LocalStack | undefined;
let webDir: string | undefined;
afterEach(async () => {
  await storage?.stop();
  await stack?.stop();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
  storage = undefined;
  stack = undefined;
  webDir = undefined;
});

const orders = (count: number, tag: string): Order[] =>
  Array.from({ length: count }, (_, i) =>
    orderFrom({ ...OrderMother.random({ at: Date.now() - 3_600_000 }), pedido_id: `${tag}-${i}` }),
  );

/** Reads the monitor until it counts `expected` orders (fails after 10 s), then once more a little later. */
async function settledTotals(read: () => Promise<{ totals: { orders: number } }>, expected: number) {
  const deadline = Date.now() + 10_000;
  while ((await read()).totals.orders < expected) {
    if (Date.now() > deadline) throw new Error(`the monitor did not count ${expected} orders within 10 s`);
    await sleep(20);
  }
  // A double count would arrive after the first time the count is reached.
  await sleep(300);
  return (await read()).totals;
}

describe("the in-memory local stack's projector path", () => {
  it("counts every order exactly once through the projector handler, despite duplicated, redelivered and reordered batches", async () => {
    const logger = silentLogger();
    const projected = vi.spyOn(logger, "info");
    let redeliveries = 0;
    storage = startMemoryStorage({
      timeZone: TZ,
      logger,
      feed: {
        partitions: 3,
        batchSize: 4,
        faults: {
          duplicate: (change) => change.after.order.id.endsWith("3"),
          redeliver: () => redeliveries++ % 2 === 0,
          reorder: true,
        },
      },
    });
    const placed = orders(23, "memory-exact");
    for (const order of placed) await storage.orders.saveIfAbsent(order);
    // Sent again: the repository answers "exists", and nothing new reaches the feed.
    for (const order of placed.slice(0, 5)) expect((await storage.orders.saveIfAbsent(order)).status).toBe("exists");

    const totals = await settledTotals(() => storage!.monitor.read(ALL), placed.length);

    expect(totals).toEqual(projectOrders(placed, TZ).totals);
    expect(await storage.monitor.read(ALL)).toMatchObject({
      products: projectOrders(placed, TZ).products,
      couriers: projectOrders(placed, TZ).couriers,
    });
    expect(redeliveries).toBeGreaterThan(1);
    expect(storage.deadLetters.letters).toEqual([]);
    // ProjectStreamBatch's line for each batch it applied, keyed by the shard of the event Lambda would send.
    const batches = projected.mock.calls.filter(([message]) => message === "stream batch projected");
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(placed.length / 4));
    for (const [, fields] of batches)
      expect((fields as { partition: string }).partition).toMatch(
        new RegExp(`^${LOCAL_TABLES.orders}/[^/]+/shardId-\\d{20}-[0-9a-f]{8}$`),
      );
    const applied = batches.reduce(
      (sum, [, fields]) => sum + (fields as { targets: { applied: number }[] }).targets[0]!.applied,
      0,
    );
    expect(applied).toBe(placed.length);
  });

  it("dead-letters an order it cannot read, keeps counting the others, and delivers nothing twice", async () => {
    const logger = silentLogger();
    const warned = vi.spyOn(logger, "warn");
    storage = startMemoryStorage({ timeZone: TZ, logger, feed: { partitions: 1 } });
    const [first, second] = orders(2, "memory-poison");
    // Stored data this code did not write: a total that disagrees with its lines (as the DynamoDB suite's poison).
    const corrupt: Order = { ...orders(1, "memory-corrupt")[0]!, total: 999_999 };
    await storage.orders.saveIfAbsent(first!);
    await storage.orders.saveIfAbsent(corrupt);
    await storage.orders.saveIfAbsent(second!);

    const totals = await settledTotals(() => storage!.monitor.read(ALL), 2);

    expect(totals).toEqual(projectOrders([first!, second!], TZ).totals);
    expect(storage.deadLetters.letters).toHaveLength(1);
    expect(storage.deadLetters.letters[0]).toMatchObject({
      partition: expect.stringMatching(new RegExp(`^${LOCAL_TABLES.orders}/`)),
      eventName: "INSERT",
      reason: expect.stringContaining("total_cents is 999999"),
    });
    expect(storage.deadLetters.letters[0]!.image).toContain(corrupt.id);
    expect(warned.mock.calls.map(([message]) => message)).toContain("poison stream record dead-lettered and skipped");
  });

  it("the stack started without DynamoDB counts an order sent twice once in GET /monitor", async () => {
    webDir = mkdtempSync(join(tmpdir(), "cx-web-"));
    stack = await startLocalStack(
      loadLocalStackConfig({
        PORT: "0",
        COGNITO_PORT: "0",
        STORAGE: "memory",
        WEB_DIR: webDir,
        LOG_LEVEL: "SILENT",
      }),
    );
    const token = await signIn(clientSettingsOf(stack) as DemoSettings);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const order = { ...sampleOrder, pedido_id: "memory-stack-1" };
    const statuses: number[] = [];
    for (let i = 0; i < 2; i += 1)
      statuses.push(
        (await fetch(`${stack.apiUrl}/orders`, { method: "POST", headers, body: JSON.stringify(order) })).status,
      );
    expect(statuses).toEqual([201, 200]);

    const totals = await settledTotals(
      async () =>
        (await (await fetch(`${stack!.apiUrl}/monitor`, { headers })).json()) as { totals: { orders: number } },
      1,
    );

    expect(totals.orders).toBe(1);
    expect(stack.storage).toBe("in memory (data is lost when the stack stops)");
  });
});
