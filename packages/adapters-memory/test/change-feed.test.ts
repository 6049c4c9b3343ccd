import {
  ApplyOrderChanges,
  PlaceOrder,
  projectOrders,
  systemClock,
  orderCreated,
  type OrderChange,
  type ProjectionCommit,
  type ProjectionDelta,
} from "@cargo-express/domain";
import { OrderMother, commandFrom, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { InMemoryOrderChangeFeed, InMemoryOrderRepository, InMemoryProjectionStore } from "../src/index.js";

const TZ = "America/Bogota";

function setup(options: ConstructorParameters<typeof InMemoryOrderChangeFeed>[1] = {}) {
  const orders = new InMemoryOrderRepository();
  const feed = new InMemoryOrderChangeFeed(orders, options);
  // Receipt on the real clock: OrderMother.random() delivers at the real now, and a delivery later
  // than its receipt (the old FixedClock(0)) is refused.
  const place = new PlaceOrder({ orders, clock: systemClock, timeZone: TZ });
  const delivered: OrderChange[][] = [];
  const record = async (batch: readonly OrderChange[]) => {
    delivered.push([...batch]);
  };
  return { orders, feed, place, delivered, record };
}

describe("InMemoryOrderChangeFeed", () => {
  it("delivers each created order once, with increasing 21-digit sequence numbers per partition", async () => {
    const { feed, place, delivered, record } = setup({ partitions: 1 });
    for (let i = 0; i < 3; i += 1) await place.execute(commandFrom(OrderMother.random()));
    await feed.drain(record);
    const sequences = delivered.flat().map((c) => c.sequence);
    expect(sequences).toHaveLength(3);
    expect(sequences.every((s) => /^\d{21}$/.test(s))).toBe(true);
    expect([...sequences].sort()).toEqual(sequences);
  });

  it("does not publish replays or conflicts", async () => {
    const { feed, place, delivered, record } = setup();
    await place.execute(commandFrom(OrderMother.sample()));
    await place.execute(commandFrom(OrderMother.sample()));
    await place.execute(
      commandFrom({ ...OrderMother.sample(), productos: [{ IdProducto: "x", producto: "y", precio: 1 }] }),
    );
    await feed.drain(record);
    expect(delivered.flat()).toHaveLength(1);
  });

  it("delivers later what is published while a batch is being handled: nothing is acknowledged unseen", async () => {
    const { feed, place, delivered } = setup({ partitions: 1 });
    await place.execute(commandFrom(OrderMother.random()));
    const slow = async (batch: readonly OrderChange[]) => {
      delivered.push([...batch]);
      // Two more orders arrive while the first batch is still in the handler.
      if (delivered.length === 1) for (let i = 0; i < 2; i += 1) await place.execute(commandFrom(OrderMother.random()));
    };
    await feed.drain(slow);
    expect(delivered.map((batch) => batch.length)).toEqual([1, 2]);
    expect(feed.backlog).toBe(0);
  });

  it("re-delivers a batch whose handler failed, then moves on", async () => {
    const { feed, place, delivered } = setup({ partitions: 1 });
    await place.execute(commandFrom(OrderMother.random()));
    let calls = 0;
    const flaky = async (batch: readonly OrderChange[]) => {
      calls += 1;
      delivered.push([...batch]);
      if (calls === 1) throw new Error("boom");
    };
    await expect(feed.drain(flaky)).rejects.toThrow("boom");
    expect(feed.backlog).toBe(1);
    await feed.drain(flaky);
    expect(feed.backlog).toBe(0);
    expect(delivered.map((b) => b[0]!.sequence)).toEqual([delivered[0]![0]!.sequence, delivered[0]![0]!.sequence]);
  });

  it("duplicates records and re-delivers batches when told to", async () => {
    const { feed, place, delivered, record } = setup({
      partitions: 1,
      faults: { duplicate: () => true, redeliver: () => true },
    });
    await place.execute(commandFrom(OrderMother.random()));
    await feed.drain(record);
    expect(delivered).toHaveLength(2);
    expect(delivered[0]).toHaveLength(2);
    expect(delivered[0]![0]).toBe(delivered[0]![1]);
  });

  it("shuffles partitions when told to reorder but keeps order within each partition", async () => {
    let state = 7;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const { feed, place, delivered, record } = setup({
      partitions: 4,
      batchSize: 1,
      faults: { reorder: true, random },
    });
    for (let i = 0; i < 40; i += 1) await place.execute(commandFrom(OrderMother.random()));
    await feed.drain(record);
    const byPartition = new Map<string, bigint[]>();
    for (const change of delivered.flat())
      byPartition.set(change.partition, [...(byPartition.get(change.partition) ?? []), BigInt(change.sequence)]);
    for (const sequences of byPartition.values())
      expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
    const global = delivered.flat().map((c) => BigInt(c.sequence));
    expect(global).not.toEqual([...global].sort((a, b) => (a < b ? -1 : 1)));
  });

  it("wakes a subscriber when an order arrives", async () => {
    const { feed, place, delivered, record } = setup();
    const subscription = feed.subscribe(record);
    await place.execute(commandFrom(OrderMother.random()));
    await expect.poll(() => delivered.flat().length).toBe(1);
    await subscription.stop();
  });
});

describe("ApplyOrderChanges and the store's commit size", () => {
  it("applies an order of 100 distinct products whole, in one write, and once", async () => {
    const productos = Array.from({ length: 100 }, (_, i) => ({
      IdProducto: `p${String(i).padStart(3, "0")}`,
      producto: `P${i}`,
      precio: 1,
    }));
    const order = orderFrom(OrderMother.withProducts(productos));
    const store = new InMemoryProjectionStore();
    const projector = new ApplyOrderChanges({ store, timeZone: TZ });
    const change = orderCreated("s", "123456789012345678901", order);
    expect(await projector.execute([change])).toMatchObject({ applied: 1, commits: 1 });
    expect(await projector.execute([change])).toMatchObject({
      applied: 0,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 1,
      commits: 0,
    });
    const read = await store.read({ topProducts: 100, maxCouriers: 10, hours: [] });
    expect(read.totals).toEqual(projectOrders([order], TZ).totals);
    expect(read.products).toHaveLength(100);
  });

  it("writes as many orders at a time as the store says fit, and resumes after a crash between two writes", async () => {
    const orders = Array.from({ length: 7 }, (_, i) => orderFrom({ ...OrderMother.random(), pedido_id: `fit-${i}` }));
    const changes = orders.map((order, i) => orderCreated("s", String(100 + i), order));
    const store = new InMemoryProjectionStore(3);
    const asked: number[] = [];
    const watched = {
      fitsOneCommit: (deltas: readonly ProjectionDelta[]) => {
        asked.push(deltas.length);
        return store.fitsOneCommit(deltas);
      },
      watermark: (partition: string) => store.watermark(partition),
      commit: (commit: ProjectionCommit) => store.commit(commit),
    };
    // A crash after the first write: the first three orders are in, the rest is not.
    const crashing = {
      ...watched,
      commit: async (commit: ProjectionCommit) =>
        store.commits === 1 ? Promise.reject(new Error("crash")) : store.commit(commit),
    };
    await expect(new ApplyOrderChanges({ store: crashing, timeZone: TZ }).execute(changes)).rejects.toThrow("crash");
    expect((await store.read({ topProducts: 10, maxCouriers: 10, hours: [] })).totals.orders).toBe(3);
    // Delivered again: the rest goes in, each order once, at most three per write.
    const summary = await new ApplyOrderChanges({ store: watched, timeZone: TZ }).execute(changes);
    expect(summary).toEqual({
      received: 7,
      applied: 4,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 3,
      commits: 2,
    });
    expect(asked.every((n) => n >= 1)).toBe(true);
    expect((await store.read({ topProducts: 10, maxCouriers: 10, hours: [] })).totals).toEqual(
      projectOrders(orders, TZ).totals,
    );
  });

  it("packs many small orders into one write when the store takes them", async () => {
    const store = new InMemoryProjectionStore();
    const orders = Array.from({ length: 50 }, (_, i) =>
      orderFrom({
        ...OrderMother.withProducts([{ IdProducto: "pk0001", producto: "Moneda", precio: 1 }]),
        timestamp: "2024-09-11 18:00:00",
        pedido_id: `o${i}`,
      }),
    );
    const summary = await new ApplyOrderChanges({ store, timeZone: TZ }).execute(
      orders.map((order, i) => orderCreated("s", String(100 + i), order)),
    );
    expect(summary).toEqual({
      received: 50,
      applied: 50,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 0,
      commits: 1,
    });
  });
});
