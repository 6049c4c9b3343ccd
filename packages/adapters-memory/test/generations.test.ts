import {
  orderCreated,
  ProjectOrderBatch,
  projectOrders,
  RebuildProjections,
  type FeedRecord,
  type Order,
} from "@cargo-express/domain";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import {
  InMemoryDeadLetters,
  InMemoryGenerations,
  InMemoryMonitorQueries,
  InMemoryOrderRepository,
  InMemoryOrdersScan,
  InMemoryProjectionStores,
} from "../src/index.js";

/**
 * The in-memory twins of the generations' ports (InMemoryGenerations, InMemoryProjectionStores, InMemoryDeadLetters,
 * InMemoryOrdersScan) under the domain's two use cases: the live projector's batch and the rebuild, together.
 */
const TZ = "America/Bogota";
const NOW = Date.parse("2024-09-11T15:00:00.000Z");
const ALL = { topProducts: 1_000, maxCouriers: 1_000, hours: [] };

const anOrder = (receivedAtMs: number): Order => orderFrom(OrderMother.random({ at: NOW - 3_600_000 }), receivedAtMs);
const records = (orders: readonly Order[], from: number): FeedRecord[] =>
  orders.map((order, i) => {
    const sequence = String(from + i);
    return { kind: "order", sequence, change: orderCreated("shard-1", sequence, order) };
  });

function twins() {
  const repository = new InMemoryOrderRepository();
  const generations = new InMemoryGenerations();
  const stores = new InMemoryProjectionStores(3);
  const deadLetters = new InMemoryDeadLetters();
  const live = new ProjectOrderBatch({ plan: generations, stores, deadLetters, timeZone: TZ });
  return { repository, generations, stores, deadLetters, live };
}

describe("the in-memory generations under ProjectOrderBatch and RebuildProjections", () => {
  it("the live projector writes the building generation only from its cutoff, and a redelivery counts nothing twice", async () => {
    const { generations, stores, live } = twins();
    expect(await generations.beginBuild({ generation: 2, cutoffMs: NOW, startedAtMs: NOW })).toBe(true);
    expect(await generations.beginBuild({ generation: 3, cutoffMs: NOW, startedAtMs: NOW })).toBe(false);
    const before = anOrder(NOW - 1);
    const after = anOrder(NOW);
    const batch = { partition: "shard-1", records: records([before, after], 1) };

    const outcome = await live.execute(batch);
    await live.execute(batch);

    expect(outcome.firstUnapplied).toBeUndefined();
    expect(outcome.targets.map((t) => [t.generation, t.role, t.applied])).toEqual([
      [1, "active", 2],
      [2, "building", 1],
    ]);
    expect((await stores.storeFor(1).read(ALL)).totals).toEqual(projectOrders([before, after], TZ).totals);
    expect((await stores.storeFor(2).read(ALL)).totals).toEqual(projectOrders([after], TZ).totals);
  });

  it("a rebuild beside the live projector ends with a generation equal to the projections of every order", async () => {
    const { repository, generations, stores, deadLetters, live } = twins();
    const early = Array.from({ length: 7 }, (_, i) => anOrder(NOW - 60_000 + i));
    for (const order of early) await repository.saveIfAbsent(order);
    await live.execute({ partition: "shard-1", records: records(early, 1) });
    // Corruption the rebuild repairs: generation 1 misses an order.
    const missed = anOrder(NOW - 30_000);
    await repository.saveIfAbsent(missed);
    // The monitor reads the active generation: the first, which misses it.
    const monitor = new InMemoryMonitorQueries(generations, stores);
    expect((await monitor.read(ALL)).totals).toEqual(projectOrders(early, TZ).totals);

    const late = anOrder(NOW + 1);
    let duringBuild: Promise<unknown> | undefined;
    const summary = await new RebuildProjections({
      ports: { generations, orders: new InMemoryOrdersScan(repository), stores, deadLetters },
      timeZone: TZ,
      clock: { now: () => NOW },
      cutoffMarginMs: 0,
      settleMs: 0,
      segments: 2,
      pageSize: 3,
      onProgress: (progress) => {
        // An order received after the cutoff, projected live while generation 2 is building.
        if (progress.phase === "waiting-for-cutoff")
          duringBuild = (async () => {
            await repository.saveIfAbsent(late);
            await live.execute({ partition: "shard-1", records: records([late], 100) });
          })();
      },
    }).run();
    await duringBuild;
    // Delivered again after the swap: counted nowhere twice.
    await live.execute({ partition: "shard-1", records: records([late], 100) });

    expect(summary).toMatchObject({ generation: 2, previousGeneration: 1, rebuilt: 8, malformed: 0 });
    expect((await generations.state()).active).toEqual({ generation: 2, cutoffMs: NOW });
    expect(await generations.targets()).toEqual([{ generation: 2, cutoffMs: NOW, role: "active" }]);
    const all = [...early, missed, late];
    expect((await stores.storeFor(2).read(ALL)).totals).toEqual(projectOrders(all, TZ).totals);
    // After the swap the monitor reads the rebuilt generation.
    expect(await monitor.read(ALL)).toEqual(await stores.storeFor(2).read(ALL));
    expect((await monitor.read(ALL)).totals).toEqual(projectOrders(all, TZ).totals);
    expect(deadLetters.letters).toEqual([]);
  });
});
