import { PutCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { deleteGeneration, readGenerationState } from "@cargo-express/adapters-dynamodb";
import {
  allTimeKey,
  BUILDING_GENERATION_KEY,
  COURIER,
  courierShardOf,
  PRODUCT,
} from "@cargo-express/adapters-dynamodb/testing";
import { RebuildInProgressError, type Order, type RebuildProgress } from "@cargo-express/domain";
import { silentLogger } from "@cargo-express/stream-handler";
import { afterEach, describe, expect, it } from "vitest";
// The rebuild runs beside the live projector: the projector's test fixture and the local event source mapping.
import { LocalStreamPoller } from "../../local-stack/src/local-event-source-mapping.js";
import { eventOf, ProjectorFixture } from "../../stream-handler/test/support/fixture.js";
import {
  anOrder,
  asProjections,
  expectedProjections,
  someOrders,
  TIME_ZONE,
} from "../../stream-handler/test/support/orders.js";
import { ProjectionsRebuild } from "../src/rebuild.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe("projections:rebuild (generation swap)", () => {
  let poller: LocalStreamPoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  const startPipeline = async (f: ProjectorFixture) => {
    poller = new LocalStreamPoller({
      streams: f.streams,
      dynamodb: f.client,
      tableName: f.tables.orders,
      handler: f.handler(),
      logger: silentLogger(),
      idlePollMs: 50,
    });
    await poller.start();
  };

  it("restores corrupted aggregates, counts orders placed during the rebuild once, and never shows a partial generation", async () => {
    const f = await ProjectorFixture.create("rebuild");
    await startPipeline(f);
    const placed: Order[] = someOrders(30);
    await f.place(placed);
    await waitFor(async () => (await f.monitor(placed)).totals.orders === 30, "the first orders to be projected");

    // Corruption: a lost update on a product and a wildly wrong total in the active generation (1).
    const first = placed[0]!;
    const shard = allTimeKey(1, courierShardOf(first.courier.id));
    const corrupt = (attribute: string, n: number) =>
      f.client.send(
        new UpdateCommand({
          TableName: f.tables.deliveries,
          Key: shard,
          UpdateExpression: "ADD #a :n",
          ExpressionAttributeNames: { "#a": attribute },
          ExpressionAttributeValues: { ":n": n },
        }),
      );
    await corrupt(`${PRODUCT.units}${first.lines[0]!.productId}`, -1);
    await corrupt(`${COURIER.orders}${first.courier.id}`, 1_000_000);
    expect(asProjections(await f.monitor(placed))).not.toEqual(expectedProjections(placed));
    // And a day's figures (what "today" and "last 7 days" read): a lost update on one day item.
    const period = async () => {
      const { products, couriers, totals } = await f.monitorPeriod(placed);
      return { products, couriers, totals };
    };
    const expectedPeriod = () => {
      const { products, couriers, totals } = expectedProjections(placed);
      return { products, couriers, totals };
    };
    expect(await period()).toEqual(expectedPeriod());
    const dayItem = (await f.client.send(new ScanCommand({ TableName: f.tables.deliveries }))).Items!.find((item) =>
      String(item.delivery_id).startsWith("1#D#"),
    )!;
    const courierUnits = Object.keys(dayItem).find((attribute) => attribute.startsWith(COURIER.units))!;
    await f.client.send(
      new UpdateCommand({
        TableName: f.tables.deliveries,
        Key: { delivery_id: dayItem.delivery_id },
        UpdateExpression: "ADD #a :n",
        ExpressionAttributeNames: { "#a": courierUnits },
        ExpressionAttributeValues: { ":n": -1 },
      }),
    );
    expect(await period()).not.toEqual(expectedPeriod());

    // Readers: the monitor as users see it (active generation), and a peek into the generation being built.
    const seenActive: number[] = [];
    const seenBuilding: number[] = [];
    let building: number | undefined;
    let readersOn = true;
    const readers = (async () => {
      while (readersOn) {
        seenActive.push((await f.monitor(placed)).totals.orders);
        if (building !== undefined) seenBuilding.push((await f.monitor(placed, building)).totals.orders);
      }
    })();

    // Orders keep arriving during the whole rebuild: before the cutoff, between it and the scan, after.
    const progress: RebuildProgress[] = [];
    let arriving = true;
    const arrivals = (async () => {
      while (arriving) {
        const order = anOrder();
        await f.place([order]);
        placed.push(order);
        await sleep(40);
      }
    })();
    const summary = await new ProjectionsRebuild({
      client: f.client,
      tables: f.tables,
      timeZone: TIME_ZONE,
      logger: silentLogger(),
      cutoffMarginMs: 400, // > the test projector's plan cache (0 ms)
      settleMs: 300,
      segments: 3,
      pageSize: 4, // many small pages: the new generation is visibly partial while it is built
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === "waiting-for-cutoff") building = p.generation;
      },
    }).run();
    await sleep(300);
    arriving = false;
    await arrivals;
    await waitFor(
      async () => (await f.monitor(placed)).totals.orders === placed.length,
      "every order to be projected into the new generation",
    );
    readersOn = false;
    await readers;

    expect(summary.generation).toBe(2);
    expect(summary.previousGeneration).toBe(1);
    expect(progress.map((p) => p.phase)).toEqual(
      expect.arrayContaining(["waiting-for-cutoff", "scanning", "page", "activated"]),
    );
    const cutoffMs = Date.parse(summary.cutoff);
    const beforeCutoff = placed.filter((o) => Date.parse(o.receivedAt) < cutoffMs);
    const afterCutoff = placed.filter((o) => Date.parse(o.receivedAt) >= cutoffMs);
    expect(beforeCutoff.length).toBeGreaterThan(30); // some arrived during the rebuild, before the cutoff
    expect(afterCutoff.length).toBeGreaterThan(3); // and some after it, while generation 2 was building
    expect(summary.rebuilt).toBe(beforeCutoff.length);
    expect(summary.leftToLive + summary.rebuilt).toBe(summary.scanned);

    // Restored, and every order, including those placed during the rebuild, counted exactly once.
    expect(asProjections(await f.monitor(placed))).toEqual(expectedProjections(placed));
    expect(await period()).toEqual(expectedPeriod());
    expect((await readGenerationState(f.client, f.tables.projectorState)).active).toEqual({ generation: 2, cutoffMs });

    // The generation being built was partial for a while, but the monitor never showed it partial:
    // it showed the old (corrupted, > 1,000,000) generation, then the new one complete (>= orders before the cutoff).
    expect(seenBuilding.some((orders) => orders > 0 && orders < beforeCutoff.length)).toBe(true);
    for (const orders of seenActive) expect(orders >= 1_000_000 || orders >= beforeCutoff.length).toBe(true);
    expect(seenActive.some((orders) => orders < 1_000_000)).toBe(true);

    // Old generation items can then be deleted; the monitor is unaffected.
    const deliveryIds = async () =>
      ((await f.client.send(new ScanCommand({ TableName: f.tables.deliveries }))).Items ?? []).map((item) =>
        String(item.delivery_id),
      );
    const oldItems = (await deliveryIds()).filter((id) => id.startsWith("1#"));
    expect(oldItems.length).toBeGreaterThan(2);
    const { deleted } = await deleteGeneration(f.client, f.tables, 1);
    // Its all-time and day items, and its watermarks.
    expect(deleted).toBeGreaterThan(oldItems.length);
    // Generation 1's items are gone; generation 2's are intact.
    const deliveries = await deliveryIds();
    expect(deliveries.filter((id) => id.startsWith("1#"))).toEqual([]);
    expect(deliveries.filter((id) => id.startsWith("2#A#")).length).toBeGreaterThan(0);
    expect(deliveries.filter((id) => id.startsWith("2#D#")).length).toBeGreaterThan(0);
    expect(await period()).toEqual(expectedPeriod());
    expect(asProjections(await f.monitor(placed))).toEqual(expectedProjections(placed));
    expect(asProjections(await f.monitor(placed, 1)).totals.orders).toBe(0);
  });

  it("keeps counting orders once after the swap when stream records of older orders arrive late", async () => {
    const f = await ProjectorFixture.create("rebuild-late");
    const early = someOrders(3);
    await f.place(early);
    const records = await f.streamRecords(3);
    // Nothing projected yet (e.g. the projector was failing): the rebuild scans them into generation 2.
    await new ProjectionsRebuild({
      client: f.client,
      tables: f.tables,
      timeZone: TIME_ZONE,
      logger: silentLogger(),
      cutoffMarginMs: 50,
      settleMs: 50,
    }).run();
    expect(asProjections(await f.monitor(early))).toEqual(expectedProjections(early));
    // Their stream records now arrive: received before generation 2's cutoff, so already counted.
    expect(await f.handler()(eventOf(records))).toEqual({ batchItemFailures: [], state: {} });
    const late = someOrders(2);
    await f.place(late);
    await f.handler()(eventOf((await f.streamRecords(5)).slice(3)));
    expect(asProjections(await f.monitor([...early, ...late]))).toEqual(expectedProjections([...early, ...late]));
  });

  it("refuses to start while another rebuild is building, and takes over with restart", async () => {
    const f = await ProjectorFixture.create("rebuild-busy");
    const orders = someOrders(2);
    await f.place(orders);
    await f.client.send(
      new PutCommand({
        TableName: f.tables.projectorState,
        Item: {
          ...BUILDING_GENERATION_KEY,
          generation: 5,
          cutoff_ms: Date.now(),
          started_at: "2024-01-01T00:00:00.000000Z",
        },
      }),
    );
    const options = {
      client: f.client,
      tables: f.tables,
      timeZone: TIME_ZONE,
      logger: silentLogger(),
      cutoffMarginMs: 50,
      settleMs: 50,
    };

    await expect(new ProjectionsRebuild(options).run()).rejects.toBeInstanceOf(RebuildInProgressError);
    const summary = await new ProjectionsRebuild({ ...options, restart: true }).run();

    expect(summary).toMatchObject({ generation: 6, previousGeneration: 1, abandonedGeneration: 5, rebuilt: 2 });
    expect(asProjections(await f.monitor(orders))).toEqual(expectedProjections(orders));
    expect((await readGenerationState(f.client, f.tables.projectorState)).building).toBeUndefined();
  });
});
