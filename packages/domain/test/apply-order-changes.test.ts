import { describe, expect, it } from "vitest";
import {
  ApplyOrderChanges,
  PermanentFailureError,
  addOrderToDelta,
  emptyDelta,
  encodePosition,
  orderCreated,
  orderPosition,
  type OrderChange,
} from "../src/index.js";
import { FakeProjectionStore } from "./support/fake-projection-store.js";
import { anOrder } from "./support/orders.js";

const BOGOTA = "America/Bogota";

const change = (sequence: string, orderId = `o-${sequence}`, partition = "shard-1"): OrderChange =>
  orderCreated(
    partition,
    sequence,
    anOrder(orderId, { lines: [["pk1", "Uno", 100, (Number(sequence.slice(-2)) % 7) + 1]] }),
  );
const deltaOfChange = (c: OrderChange, timeZone = BOGOTA) => addOrderToDelta(emptyDelta(), c.after.order, timeZone);

describe("ApplyOrderChanges", () => {
  it("commits a partition's orders in one write with the watermark moving over them, one delta per order", async () => {
    const store = new FakeProjectionStore();
    const changes = [change("11"), change("12"), change("13")];
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute(changes);
    expect(summary).toEqual({
      received: 3,
      applied: 3,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 0,
      commits: 1,
    });
    expect(store.commits).toEqual([
      {
        partition: "shard-1",
        from: orderPosition("11"),
        to: orderPosition("13"),
        orders: changes.map((c) => deltaOfChange(c)),
      },
    ]);
    expect(store.watermarks.get("shard-1")).toBe(encodePosition("13", 0));
    expect(orderPosition("13")).toBe(`${"0".repeat(38)}13.0000`);
  });

  it("projects in its configured time zone", async () => {
    const store = new FakeProjectionStore();
    const c = change("5");
    await new ApplyOrderChanges({ store, timeZone: "Europe/Madrid" }).execute([c]);
    expect([...store.commits[0]!.orders[0]!.hourly.keys()]).toEqual(["106|2024-09-12T01:00:00+02:00"]);
  });

  it("orders a partition by sequence number, not text, and keeps one of a record delivered twice", async () => {
    const store = new FakeProjectionStore();
    const [nine, ten, hundred] = [change("9"), change("10"), change("100")];
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute([hundred, ten, nine, ten]);
    expect(summary).toEqual({
      received: 4,
      applied: 3,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 1,
      commits: 1,
    });
    expect(store.commits[0]).toMatchObject({ from: orderPosition("9"), to: orderPosition("100") });
    expect(store.commits[0]!.orders).toEqual([nine, ten, hundred].map((c) => deltaOfChange(c)));
  });

  it("applies an order once when it arrives under two sequence numbers (the first one counts)", async () => {
    const store = new FakeProjectionStore();
    const first = change("20", "o-same");
    const again = { ...change("21", "o-same"), order: anOrder("o-same", { lines: [["pk9", "Otro", 999, 9]] }) };
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute([again, first, change("22")]);
    expect(summary).toEqual({
      received: 3,
      applied: 2,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 1,
      commits: 1,
    });
    expect(store.commits[0]!.orders).toEqual([deltaOfChange(first), deltaOfChange(change("22"))]);
    expect(store.commits[0]).toMatchObject({ from: orderPosition("20"), to: orderPosition("22") });
  });

  it("skips what the watermark already covers and writes nothing when all of it is covered", async () => {
    const store = new FakeProjectionStore();
    store.watermarks.set("shard-1", orderPosition("12"));
    const useCase = new ApplyOrderChanges({ store, timeZone: BOGOTA });
    const changes = [change("11"), change("12"), change("13")];
    expect(await useCase.execute(changes)).toEqual({
      received: 3,
      applied: 1,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 2,
      commits: 1,
    });
    expect(store.commits).toEqual([
      {
        partition: "shard-1",
        from: orderPosition("13"),
        to: orderPosition("13"),
        orders: [deltaOfChange(changes[2]!)],
      },
    ]);
    expect(await useCase.execute(changes)).toEqual({
      received: 3,
      applied: 0,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 3,
      commits: 0,
    });
    expect(store.commitCalls).toBe(1);
    expect(await useCase.execute([])).toEqual({
      received: 0,
      applied: 0,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 0,
      commits: 0,
    });
  });

  it("keeps partitions apart: each has its own watermark and its own writes", async () => {
    const store = new FakeProjectionStore();
    store.watermarks.set("shard-2", orderPosition("50"));
    const changes = [
      change("1", "a1", "shard-1"),
      change("40", "b40", "shard-2"),
      change("2", "a2", "shard-1"),
      change("60", "b60", "shard-2"),
    ];
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute(changes);
    expect(summary).toEqual({
      received: 4,
      applied: 3,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 1,
      commits: 2,
    });
    expect(store.commits.map((c) => [c.partition, c.from, c.to, c.orders.length])).toEqual([
      ["shard-1", orderPosition("1"), orderPosition("2"), 2],
      ["shard-2", orderPosition("60"), orderPosition("60"), 1],
    ]);
    expect(store.watermarks).toEqual(
      new Map([
        ["shard-2", orderPosition("60")],
        ["shard-1", orderPosition("2")],
      ]),
    );
  });

  it("writes the longest runs that fit, in feed order, each moving the watermark past its own last order", async () => {
    for (const [count, limit, sizes] of [
      [5, 2, [2, 2, 1]],
      [7, 3, [3, 3, 1]],
      [6, 5, [5, 1]],
      [4, 1, [1, 1, 1, 1]],
      [100, 37, [37, 37, 26]],
    ] as const) {
      const store = new FakeProjectionStore(limit);
      const changes = Array.from({ length: count }, (_, i) => change(String(1000 + i)));
      const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute(changes);
      expect(summary).toEqual({
        received: count,
        applied: count,
        voided: 0,
        corrected: 0,
        unchanged: 0,
        duplicates: 0,
        commits: sizes.length,
      });
      expect(store.commits.map((c) => c.orders.length)).toEqual(sizes);
      let next = 0;
      for (const commit of store.commits) {
        const run = changes.slice(next, next + commit.orders.length);
        expect(commit).toEqual({
          partition: "shard-1",
          from: orderPosition(run[0]!.sequence),
          to: orderPosition(run.at(-1)!.sequence),
          orders: run.map((c) => deltaOfChange(c)),
        });
        next += commit.orders.length;
      }
    }
  });

  it("asks the store O(log n) questions per write: all first, then a binary search", async () => {
    const store = new FakeProjectionStore(37);
    await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute(
      Array.from({ length: 100 }, (_, i) => change(String(1000 + i))),
    );
    const firstWrite = store.fitsAsked.slice(0, store.fitsAsked.indexOf(37) + 1);
    expect(firstWrite[0]).toBe(100);
    expect(firstWrite.length).toBeLessThanOrEqual(1 + Math.ceil(Math.log2(100)));
    expect(store.fitsAsked.length).toBeLessThanOrEqual(3 * (1 + Math.ceil(Math.log2(100))));
    // A run that fits whole is one question.
    const easy = new FakeProjectionStore();
    await new ApplyOrderChanges({ store: easy, timeZone: BOGOTA }).execute([change("1"), change("2"), change("3")]);
    expect(easy.fitsAsked).toEqual([3]);
  });

  it("lets the store judge a run from the runs' own deltas", async () => {
    const store = new FakeProjectionStore(2);
    const changes = [change("1"), change("2"), change("3")];
    await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute(changes);
    expect(store.fitsAskedWith[0]).toEqual(changes.map((c) => deltaOfChange(c)));
    expect(store.fitsAskedWith.at(-1)).toEqual([deltaOfChange(changes[2]!)]);
  });

  it("hands an order that fits no write to the store alone, whose refusal stands", async () => {
    const store = new FakeProjectionStore(0);
    const attempt = new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute([change("1"), change("2"), change("3")]);
    await expect(attempt).rejects.toBeInstanceOf(PermanentFailureError);
    expect(store.commitCalls).toBe(1);
    expect(store.commits).toEqual([]);
  });

  it("rereads the watermark after a stale write and writes only what is still missing", async () => {
    const store = new FakeProjectionStore();
    const changes = [change("1"), change("2"), change("3")];
    store.beforeCommit = (commit) => {
      // Another writer applies the first order just before our first write.
      if (store.commitCalls === 1) store.watermarks.set(commit.partition, orderPosition("1"));
    };
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA }).execute(changes);
    expect(summary).toEqual({
      received: 3,
      applied: 2,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 1,
      commits: 1,
    });
    expect(store.commitCalls).toBe(2);
    expect(store.commits).toEqual([
      {
        partition: "shard-1",
        from: orderPosition("2"),
        to: orderPosition("3"),
        orders: changes.slice(1).map((c) => deltaOfChange(c)),
      },
    ]);
  });

  it("gives up after maxAttempts stale writes in a row (10 by default)", async () => {
    const alwaysStale = () => {
      const store = new FakeProjectionStore();
      store.answerStale = () => true;
      return store;
    };
    const byDefault = alwaysStale();
    await expect(new ApplyOrderChanges({ store: byDefault, timeZone: BOGOTA }).execute([change("1")])).rejects.toThrow(
      "projection watermark for partition shard-1 kept moving; giving up after 10 attempts",
    );
    expect(byDefault.commitCalls).toBe(10);
    const three = alwaysStale();
    await expect(
      new ApplyOrderChanges({ store: three, timeZone: BOGOTA, maxAttempts: 3 }).execute([change("1")]),
    ).rejects.toThrow(/after 3 attempts/);
    expect(three.commitCalls).toBe(3);
  });

  it("counts only stale writes in a row: a successful write starts the count again", async () => {
    const store = new FakeProjectionStore(1);
    // The first attempt of every write is stale.
    const tried = new Set<string>();
    store.answerStale = (commit) => {
      const firstTry = !tried.has(commit.from);
      tried.add(commit.from);
      return firstTry;
    };
    const summary = await new ApplyOrderChanges({ store, timeZone: BOGOTA, maxAttempts: 2 }).execute([
      change("1"),
      change("2"),
      change("3"),
    ]);
    expect(summary).toEqual({
      received: 3,
      applied: 3,
      voided: 0,
      corrected: 0,
      unchanged: 0,
      duplicates: 0,
      commits: 3,
    });
    expect(store.commitCalls).toBe(6);
  });
});
