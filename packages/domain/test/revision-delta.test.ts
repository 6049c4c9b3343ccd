import { describe, expect, it } from "vitest";
import {
  ApplyOrderChanges,
  changeDelta,
  changeDeltas,
  changeKindOf,
  emptyDelta,
  firstRevisionOf,
  mergeDelta,
  movesNothing,
  type Order,
  type OrderChange,
  orderPosition,
  ProjectOrderBatch,
  projectionsFromDelta,
  type RevisionState,
} from "../src/index.js";
import { FakeProjectionStore } from "./support/fake-projection-store.js";
import { anOrder } from "./support/orders.js";

const BOGOTA = "America/Bogota";
const original = anOrder("o-1", {
  courier: ["106", "Pedro Gómez"],
  lines: [["pk1", "Estuche", 800, 50]],
  deliveredAt: "2024-09-11T23:27:09.039464Z",
  receivedAt: "2024-09-11T23:27:10.000Z",
});
/** The courier typed 50 for 5, the wrong courier, and the delivery the next business day at another hour. */
const fixed = anOrder("o-1", {
  courier: ["107", "Ana Ruiz"],
  lines: [
    ["pk1", "Estuche", 800, 5],
    ["pk2", "Funda", 1_250, 2],
  ],
  deliveredAt: "2024-09-12T14:05:00.000Z",
  receivedAt: original.receivedAt,
});
const revision = (order: Order, n: number, status: RevisionState["status"] = "active"): RevisionState => ({
  order,
  status,
  revision: n,
  writtenAt: n === 1 ? order.receivedAt : `2024-09-13T10:00:0${n}.000Z`,
});
const change = (sequence: string, after: RevisionState, before?: RevisionState): OrderChange => ({
  partition: "shard-1",
  sequence,
  after,
  ...(before === undefined ? {} : { before }),
});

describe("the signed delta of a change", () => {
  it("a void takes back everything the order added: negative units, money, orders, hours and day figures", () => {
    const delta = changeDelta(change("2", revision(original, 2, "voided"), revision(original, 1)), BOGOTA);
    expect(delta.totals).toEqual({ orders: -1, units: -50, revenue: -40_000 });
    expect(delta.couriers.get("106")).toMatchObject({ ordersDelivered: -1, productsDelivered: -50, revenue: -40_000 });
    expect(delta.products.get("pk1")).toMatchObject({ units: -50, revenue: -40_000 });
    expect([...delta.hourly.values()]).toEqual([
      { courierId: "106", hour: "2024-09-11T18:00:00-05:00", deliveries: -1 },
    ]);
    expect(delta.days.get("2024-09-11")?.totals).toEqual({ orders: -1, units: -50, revenue: -40_000 });
    expect(changeKindOf(change("2", revision(original, 2, "voided"), revision(original, 1)))).toBe("voided");
  });

  it("a correction moves the figures across couriers, products, days and hours, to the cent", () => {
    const moved = change("2", revision(fixed, 2), revision(original, 1));
    const delta = changeDelta(moved, BOGOTA);
    expect(changeKindOf(moved)).toBe("corrected");
    expect(delta.totals).toEqual({ orders: 0, units: -43, revenue: 4_000 + 2_500 - 40_000 });
    expect(delta.couriers.get("106")).toMatchObject({ ordersDelivered: -1, productsDelivered: -50, revenue: -40_000 });
    expect(delta.couriers.get("107")).toMatchObject({ ordersDelivered: 1, productsDelivered: 7, revenue: 6_500 });
    expect(delta.products.get("pk1")).toMatchObject({ units: -45, revenue: -36_000 });
    expect(delta.products.get("pk2")).toMatchObject({ units: 2, revenue: 2_500, name: "Funda" });
    expect([...delta.hourly.values()]).toEqual([
      { courierId: "107", hour: "2024-09-12T09:00:00-05:00", deliveries: 1 },
      { courierId: "106", hour: "2024-09-11T18:00:00-05:00", deliveries: -1 },
    ]);
    expect(delta.days.get("2024-09-11")?.totals).toEqual({ orders: -1, units: -50, revenue: -40_000 });
    expect(delta.days.get("2024-09-12")?.totals).toEqual({ orders: 1, units: 7, revenue: 6_500 });
    // The sum of an order's deltas is what its latest revision contributes.
    const sum = mergeDelta(changeDelta(change("1", revision(original, 1)), BOGOTA), delta);
    const final = changeDelta(change("1", revision(fixed, 1)), BOGOTA);
    const figures = (d: typeof sum) => {
      const p = projectionsFromDelta(d);
      const moving = <T extends object>(rows: T[]) =>
        rows.filter((row) => Object.values(row).some((v) => typeof v === "number" && v !== 0));
      return { ...p, products: moving(p.products), couriers: moving(p.couriers), hourly: moving(p.hourly) };
    };
    expect(figures(sum).totals).toEqual(figures(final).totals);
    expect(figures(sum).couriers.map(({ courierName, ...c }) => c)).toEqual(
      figures(final).couriers.map(({ courierName, ...c }) => c),
    );
    expect(figures(sum).products.map(({ productName, ...p }) => p)).toEqual(
      figures(final).products.map(({ productName, ...p }) => p),
    );
    expect(figures(sum).hourly).toEqual(figures(final).hourly);
  });

  it("gives one delta per courier: two when a correction moves the order to another courier, one when it keeps it", () => {
    const moved = changeDeltas(change("2", revision(fixed, 2), revision(original, 1)), BOGOTA);
    expect(moved.map((d) => [...d.couriers.keys()])).toEqual([["106"], ["107"]]);
    expect(moved[0]!.totals).toEqual({ orders: -1, units: -50, revenue: -40_000 });
    expect(moved[1]!.totals).toEqual({ orders: 1, units: 7, revenue: 6_500 });
    // Another product at the same price: the courier's numbers do not move, but it still says whose products move.
    const swapped = anOrder("o-1", { lines: [["pk9", "Otro", 800, 50]], receivedAt: original.receivedAt });
    const [kept, ...rest] = changeDeltas(change("3", revision(swapped, 2), revision(original, 1)), BOGOTA);
    expect(rest).toEqual([]);
    expect([...kept!.couriers.keys()]).toEqual(["106"]);
    expect([...kept!.products].map(([id, p]) => [id, p.units])).toEqual([
      ["pk9", 50],
      ["pk1", -50],
    ]);
    expect(kept!.hourly.size).toBe(0);
    expect(changeDeltas(change("4", revision(original, 2, "voided"), revision(original, 2, "voided")), BOGOTA)).toEqual(
      [],
    );
  });

  it("a change that moves no figure (the same revision rewritten, or a void of a voided order) is nothing", () => {
    const same = change("3", revision(original, 1), revision(original, 1));
    expect(movesNothing(changeDelta(same, BOGOTA))).toBe(true);
    expect(changeKindOf(same)).toBe("rewritten");
    expect(
      movesNothing(changeDelta(change("4", revision(original, 3, "voided"), revision(original, 2, "voided")), BOGOTA)),
    ).toBe(true);
    expect(movesNothing(emptyDelta())).toBe(true);
    expect(movesNothing(changeDelta(change("5", revision(original, 1)), BOGOTA))).toBe(false);
  });
});

describe("ApplyOrderChanges over revisions", () => {
  it("applies a creation, a correction and a void of one order in one write, and counts the voids and corrections", async () => {
    const store = new FakeProjectionStore();
    const changes = [
      change("11", revision(original, 1)),
      change("12", revision(fixed, 2), revision(original, 1)),
      change("13", revision(fixed, 3, "voided"), revision(fixed, 2)),
      change("14", revision(fixed, 3, "voided"), revision(fixed, 3, "voided")),
    ];
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute([...changes, changes[1]!]);
    expect(summary).toEqual({
      received: 5,
      applied: 3,
      voided: 1,
      corrected: 1,
      unchanged: 1,
      duplicates: 1,
      commits: 1,
    });
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]).toMatchObject({ from: orderPosition("11"), to: orderPosition("13") });
    const sum = store.commits[0]!.orders.reduce((total, d) => mergeDelta(total, d), emptyDelta());
    expect(sum.totals).toEqual({ orders: 0, units: 0, revenue: 0 });
    for (const c of sum.couriers.values())
      expect([c.ordersDelivered, c.productsDelivered, c.revenue]).toEqual([0, 0, 0]);
  });

  it("writes nothing, not even the watermark, for a batch of changes that move no figure", async () => {
    const store = new FakeProjectionStore();
    const rewrite = change("20", revision(original, 1), revision(original, 1));
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute([rewrite]);
    expect(summary).toMatchObject({ applied: 0, unchanged: 1, duplicates: 0, commits: 0 });
    expect(store.commitCalls).toBe(0);
  });
});

describe("ProjectOrderBatch splits revisions at a rebuild's cutoff by when they were written", () => {
  it("applies a correction written after the cutoff to the building generation, and one written before it not", async () => {
    const stores = new Map<number, FakeProjectionStore>([
      [1, new FakeProjectionStore()],
      [2, new FakeProjectionStore()],
    ]);
    const cutoffMs = Date.parse("2024-09-13T10:00:02.500Z");
    const batch = new ProjectOrderBatch({
      plan: {
        targets: async () => [
          { generation: 1, role: "active" },
          { generation: 2, role: "building", cutoffMs },
        ],
      },
      stores: { storeFor: (generation) => stores.get(generation)! },
      deadLetters: { record: async () => true },
      timeZone: BOGOTA,
    });
    const records = [
      change("31", revision(fixed, 2), revision(original, 1)),
      change("32", revision(fixed, 3, "voided"), revision(fixed, 2)),
    ].map((c) => ({ kind: "order" as const, sequence: c.sequence, change: c }));
    const outcome = await batch.execute({ partition: "shard-1", records });
    expect(outcome.firstUnapplied).toBeUndefined();
    expect(outcome.targets).toMatchObject([
      { generation: 1, applied: 2, voided: 1, corrected: 1 },
      { generation: 2, applied: 1, voided: 1, corrected: 0 },
    ]);
    expect(stores.get(2)!.commits.flatMap((c) => c.orders.map((d) => d.totals))).toEqual([
      { orders: -1, units: -7, revenue: -6_500 },
    ]);
    expect(firstRevisionOf(fixed).writtenAt).toBe(fixed.receivedAt);
  });
});
