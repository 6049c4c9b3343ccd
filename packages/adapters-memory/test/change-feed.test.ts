import { ApplyOrderChanges, deltaKeyCount, PlaceOrder, projectOrders, sliceOrder, systemClock, type OrderCreatedChange } from "@cargo-express/domain";
import { OrderMother, orderFrom } from "@cargo-express/testkit";
import { describe, expect, it } from "vitest";
import { FixedClock, InMemoryOrderChangeFeed, InMemoryOrderRepository, InMemoryProjectionStore } from "../src/index.js";

const TZ = "America/Bogota";

function setup(options: ConstructorParameters<typeof InMemoryOrderChangeFeed>[1] = {}) {
  const orders = new InMemoryOrderRepository();
  const feed = new InMemoryOrderChangeFeed(orders, options);
  // Receipt on the real clock: OrderMother.random() delivers at the real now, and since issue 11 a delivery later
  // than its receipt (the old FixedClock(0)) is refused.
  const place = new PlaceOrder({ orders, clock: systemClock, timeZone: TZ });
  const delivered: OrderCreatedChange[][] = [];
  const record = async (batch: readonly OrderCreatedChange[]) => {
    delivered.push([...batch]);
  };
  return { orders, feed, place, delivered, record };
}

describe("InMemoryOrderChangeFeed", () => {
  it("delivers each created order once, with increasing 21-digit sequence numbers per partition", async () => {
    const { feed, place, delivered, record } = setup({ partitions: 1 });
    for (let i = 0; i < 3; i += 1) await place.execute(OrderMother.random());
    await feed.drain(record);
    const sequences = delivered.flat().map((c) => c.sequence);
    expect(sequences).toHaveLength(3);
    expect(sequences.every((s) => /^\d{21}$/.test(s))).toBe(true);
    expect([...sequences].sort()).toEqual(sequences);
  });

  it("does not publish replays or conflicts", async () => {
    const { feed, place, delivered, record } = setup();
    await place.execute(OrderMother.sample());
    await place.execute(OrderMother.sample());
    await place.execute({ ...OrderMother.sample(), productos: [{ IdProducto: "x", producto: "y", precio: 1 }] });
    await feed.drain(record);
    expect(delivered.flat()).toHaveLength(1);
  });

  it("re-delivers a batch whose handler failed, then moves on", async () => {
    const { feed, place, delivered } = setup({ partitions: 1 });
    await place.execute(OrderMother.random());
    let calls = 0;
    const flaky = async (batch: readonly OrderCreatedChange[]) => {
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
    const { feed, place, delivered, record } = setup({ partitions: 1, faults: { duplicate: () => true, redeliver: () => true } });
    await place.execute(OrderMother.random());
    await feed.drain(record);
    expect(delivered).toHaveLength(2);
    expect(delivered[0]).toHaveLength(2);
    expect(delivered[0]![0]).toBe(delivered[0]![1]);
  });

  it("shuffles partitions when told to reorder but keeps order within each partition", async () => {
    let state = 7;
    const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
    const { feed, place, delivered, record } = setup({ partitions: 4, batchSize: 1, faults: { reorder: true, random } });
    for (let i = 0; i < 40; i += 1) await place.execute(OrderMother.random());
    await feed.drain(record);
    const byPartition = new Map<string, bigint[]>();
    for (const change of delivered.flat()) byPartition.set(change.partition, [...(byPartition.get(change.partition) ?? []), BigInt(change.sequence)]);
    for (const sequences of byPartition.values()) expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
    const global = delivered.flat().map((c) => BigInt(c.sequence));
    expect(global).not.toEqual([...global].sort((a, b) => (a < b ? -1 : 1)));
  });

  it("wakes a subscriber when an order arrives", async () => {
    const { feed, place, delivered, record } = setup();
    const subscription = feed.subscribe(record);
    await place.execute(OrderMother.random());
    await expect.poll(() => delivered.flat().length).toBe(1);
    await subscription.stop();
  });
});

describe("ApplyOrderChanges with large orders", () => {
  it("splits an order of 100 distinct products into atomic writes of at most 99 keys and applies it once", async () => {
    const productos = Array.from({ length: 100 }, (_, i) => ({ IdProducto: `p${String(i).padStart(3, "0")}`, producto: `P${i}`, precio: 1 }));
    const order = orderFrom(OrderMother.withProducts(productos));
    const slices = sliceOrder(order, "123456789012345678901", 99, TZ);
    // The head holds the courier, hour, totals and the day's courier and totals (5 entries); each product
    // is two entries (all time and its day): 47 + 49 + 4.
    expect(slices.map((s) => s.delta.products.size)).toEqual([47, 49, 4]);
    expect(slices.map((s) => deltaKeyCount(s.delta))).toEqual([99, 98, 8]);
    const store = new InMemoryProjectionStore(99);
    const projector = new ApplyOrderChanges({ store, timeZone: TZ });
    const change = { partition: "s", sequence: "123456789012345678901", order };
    expect(await projector.execute([change])).toMatchObject({ applied: 1, commits: 3 });
    expect(await projector.execute([change])).toMatchObject({ applied: 0, duplicates: 1, commits: 0 });
    const read = await store.read({ topProducts: 100, maxCouriers: 10, hours: [] });
    expect(read.totals).toEqual(projectOrders([order], TZ).totals);
    expect(read.products).toHaveLength(100);
  });

  it("resumes at the second slice when a crash happened between the two writes", async () => {
    const productos = Array.from({ length: 100 }, (_, i) => ({ IdProducto: `p${i}`, producto: `P${i}`, precio: 2 }));
    const order = orderFrom(OrderMother.withProducts(productos));
    const store = new InMemoryProjectionStore(99);
    const [first] = sliceOrder(order, "7", 99, TZ);
    await store.commit({ partition: "s", from: first!.position, to: first!.position, delta: first!.delta });
    await new ApplyOrderChanges({ store, timeZone: TZ }).execute([{ partition: "s", sequence: "7", order }]);
    const read = await store.read({ topProducts: 100, maxCouriers: 10, hours: [] });
    expect(read.products.reduce((sum, p) => sum + p.units, 0)).toBe(100);
    expect(read.totals).toEqual({ orders: 1, units: 100, revenue: 20_000 });
  });

  it("packs many small orders into one write when their keys fit", async () => {
    const store = new InMemoryProjectionStore(99);
    const orders = Array.from({ length: 50 }, (_, i) =>
      orderFrom({ ...OrderMother.withProducts([{ IdProducto: "pk0001", producto: "Moneda", precio: 1 }]), timestamp: "2024-09-11 18:00:00", pedido_id: `o${i}` }),
    );
    const summary = await new ApplyOrderChanges({ store, timeZone: TZ }).execute(orders.map((order, i) => ({ partition: "s", sequence: String(100 + i), order })));
    expect(summary).toEqual({ received: 50, applied: 50, duplicates: 0, commits: 1 });
  });
});
