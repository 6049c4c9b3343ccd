import { testClient } from "@cargo-express/adapters-dynamodb/testing";
import type { Order } from "@cargo-express/domain";
import { afterEach, describe, expect, it } from "vitest";
import { GENERATION_CACHE_MS } from "@cargo-express/adapters-dynamodb";
import { silentLogger } from "@cargo-express/platform";
import { ProjectorFixture } from "../../stream-handler/test/support/fixture.js";
import { failCalls } from "../../stream-handler/test/support/faults.js";
import { anOrder, asProjections, expectedProjections, someOrders } from "../../stream-handler/test/support/orders.js";
import { LocalStreamPoller } from "../src/local-event-source-mapping.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("local pipeline: Orders table -> stream -> LocalStreamPoller -> projector -> monitor", () => {
  let poller: LocalStreamPoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  /** Milliseconds until the monitor counts `expected` orders (fails after `timeoutMs`). */
  async function timeUntilShown(
    f: ProjectorFixture,
    orders: readonly Order[],
    expected: number,
    timeoutMs = 10_000,
  ): Promise<number> {
    const start = Date.now();
    for (;;) {
      if ((await f.monitor(orders)).totals.orders >= expected) return Date.now() - start;
      if (Date.now() - start > timeoutMs)
        throw new Error(`the monitor did not show ${expected} orders within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  // The local figure (well under a second) is measured by `npm run bench:latency`, not asserted here:
  // speed targets live in benchmarks. This proves the pipeline delivers within the brief's 10 s, once.
  it("shows an order within the brief's 10 s, once, even when the handler fails once", async () => {
    const f = await ProjectorFixture.create("e2e");
    const client = testClient({ maxAttempts: 1 });
    // The first projection commit fails: the handler reports the batch, the poller re-delivers it.
    const fault = failCalls(client, { command: "TransactWriteItemsCommand", calls: [2], when: "before" });
    poller = new LocalStreamPoller({
      streams: f.streams,
      dynamodb: f.client,
      tableName: f.tables.orders,
      handler: f.handler({ client, planCacheMs: GENERATION_CACHE_MS }),
      logger: silentLogger(),
    });
    await poller.start();
    // A running stack: the first order warms up the code paths (the limit is about a running stack).
    const warmUp = anOrder();
    await f.orders.saveIfAbsent(warmUp);
    await timeUntilShown(f, [warmUp], 1);

    const order = anOrder();
    const placedAt = Date.now();
    await f.orders.saveIfAbsent(order);
    await timeUntilShown(f, [warmUp, order], 2);
    const latency = Date.now() - placedAt;

    expect(fault.failed).toBe(1);
    expect(poller.stats.failedInvocations).toBe(1);
    expect(latency).toBeLessThan(10_000);
    await sleep(300);
    expect(asProjections(await f.monitor([warmUp, order]))).toEqual(expectedProjections([warmUp, order]));
  });

  it("projects a burst of orders exactly once and stops cleanly", async () => {
    const f = await ProjectorFixture.create("e2e-burst");
    poller = new LocalStreamPoller({
      streams: f.streams,
      dynamodb: f.client,
      tableName: f.tables.orders,
      handler: f.handler(),
      batchSize: 7,
      logger: silentLogger(),
    });
    await poller.start();
    const orders = someOrders(40);
    await Promise.all([f.place(orders.slice(0, 20)), f.place(orders.slice(20))]);
    await timeUntilShown(f, orders, 40, 15_000);
    await poller.stop();
    expect(poller.stats.invocations).toBeGreaterThanOrEqual(Math.ceil(40 / 7));
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
  });

  it("starts from LATEST when asked, skipping what the stream held before", async () => {
    const f = await ProjectorFixture.create("e2e-latest");
    const old = someOrders(2);
    await f.place(old);
    await f.streamRecords(2);
    poller = new LocalStreamPoller({
      streams: f.streams,
      dynamodb: f.client,
      tableName: f.tables.orders,
      handler: f.handler(),
      startingPosition: "LATEST",
      logger: silentLogger(),
    });
    await poller.start();
    const fresh = someOrders(1);
    await f.place(fresh);
    await timeUntilShown(f, fresh, 1);
    await sleep(200);
    expect(asProjections(await f.monitor([...old, ...fresh]))).toEqual(expectedProjections(fresh));
  });
});
