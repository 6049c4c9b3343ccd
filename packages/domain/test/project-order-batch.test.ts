import { describe, expect, it } from "vitest";
import {
  encodePosition,
  PermanentFailureError,
  orderCreated,
  ProjectOrderBatch,
  projectOrders,
  type CommitOutcome,
  type DeadLetterEntry,
  type FeedRecord,
  type Order,
  type ProjectionCommit,
  type ProjectionDelta,
  type ProjectionTarget,
} from "../src/index.js";
import { FakeProjectionStore } from "./support/fake-projection-store.js";
import { anOrder } from "./support/orders.js";

/**
 * ProjectOrderBatch on in-memory twins of its ports: the exactly-once batch logic of the stream projector
 * (runs of orders per generation, poison and refused orders dead-lettered, the first unapplied record after a
 * failure) without DynamoDB. The same logic against DynamoDB Local, with injected faults, is tested in
 * packages/stream-handler (failure-classes, projector-handler, projector-property).
 */
const TIME_ZONE = "America/Bogota";
const PARTITION = "orders/shard-1";
const CUTOFF = Date.parse("2024-09-11T12:00:00.000Z");

/** A store that refuses, for good, any write holding the product "huge" (an item past DynamoDB's 400 KB). */
class Store extends FakeProjectionStore {
  /** A transient failure (throttling) for the commits it picks. */
  failWhen: (commit: ProjectionCommit) => boolean = () => false;
  failWatermarkReads = false;

  override fitsOneCommit(orders: readonly ProjectionDelta[]): boolean {
    return super.fitsOneCommit(orders) && !orders.some((delta) => delta.products.has("huge"));
  }

  override async watermark(partition: string): Promise<string | undefined> {
    if (this.failWatermarkReads) throw new Error("watermark read timed out");
    return super.watermark(partition);
  }

  override async commit(commit: ProjectionCommit): Promise<CommitOutcome> {
    if (this.failWhen(commit)) throw new Error("throttled");
    if (commit.orders.some((delta) => delta.products.has("huge")))
      throw new PermanentFailureError("item would exceed 400 KB");
    return super.commit(commit);
  }

  /** Orders counted: the sum of what every commit added. */
  get ordersCounted(): number {
    return this.commits.reduce((sum, commit) => sum + commit.orders.reduce((n, d) => n + d.totals.orders, 0), 0);
  }
}

function twins(targets: ProjectionTarget[] = [{ generation: 1, role: "active" }]) {
  const stores = new Map<number, Store>();
  const letters: DeadLetterEntry[] = [];
  const deadLetters = {
    failNext: false,
    async record(letter: DeadLetterEntry): Promise<boolean> {
      if (deadLetters.failNext) throw new Error("dead letter table unavailable");
      if (letters.some((l) => l.partition === letter.partition && l.sequence === letter.sequence)) return false;
      letters.push(letter);
      return true;
    },
  };
  const plan = {
    fail: false,
    async targets(): Promise<ProjectionTarget[]> {
      if (plan.fail) throw new Error("plan unreadable");
      return targets;
    },
  };
  const storeFor = (generation: number) =>
    stores.get(generation) ?? stores.set(generation, new Store()).get(generation)!;
  const batch = new ProjectOrderBatch({ plan, stores: { storeFor }, deadLetters, timeZone: TIME_ZONE });
  return { batch, storeFor, letters, deadLetters, plan };
}

let ids = 0;
const order = (spec: { receivedAt?: string; product?: string } = {}): Order =>
  anOrder(`o-${(ids += 1)}`, {
    receivedAt: spec.receivedAt ?? "2024-09-11T11:00:00.000Z",
    lines: [[spec.product ?? "pk1", "Estuche", 800, 1]],
  });
const orderRecord = (sequence: number, o: Order = order()): FeedRecord => ({
  kind: "order",
  sequence: String(sequence),
  eventId: `e${sequence}`,
  eventName: "INSERT",
  image: `{"image":${sequence}}`,
  change: orderCreated(PARTITION, String(sequence), o),
});
const poison = (sequence: number): FeedRecord => ({
  kind: "poison",
  sequence: String(sequence),
  reason: "no pedido_id",
  eventId: `e${sequence}`,
  eventName: "INSERT",
  image: "{}",
});
const ignored = (sequence: number): FeedRecord => ({
  kind: "ignored",
  sequence: String(sequence),
  eventName: "MODIFY",
});
const ordersOf = (records: readonly FeedRecord[]): Order[] =>
  records.flatMap((r) => (r.kind === "order" ? [r.change.after.order] : []));
const markOf = (sequence: number) => encodePosition(String(sequence), 0);

describe("ProjectOrderBatch", () => {
  it("applies every order once to the active generation, and to the building one only from its cutoff", async () => {
    const { batch, storeFor } = twins([
      { generation: 1, role: "active" },
      { generation: 2, role: "building", cutoffMs: CUTOFF },
    ]);
    const early = order({ receivedAt: "2024-09-11T11:59:59.999Z" });
    const late = order({ receivedAt: "2024-09-11T12:00:00.000Z" });
    const records = [orderRecord(1, early), ignored(2), orderRecord(3, late)];

    const outcome = await batch.execute({ partition: PARTITION, records });

    expect(outcome).toEqual({
      targets: [
        { generation: 1, role: "active", applied: 2, voided: 0, corrected: 0, unchanged: 0, duplicates: 0, commits: 1 },
        {
          generation: 2,
          role: "building",
          applied: 1,
          voided: 0,
          corrected: 0,
          unchanged: 0,
          duplicates: 0,
          commits: 1,
        },
      ],
      refused: 0,
      deadLettered: 0,
      incidents: [],
    });
    expect(storeFor(1).ordersCounted).toBe(2);
    expect(storeFor(2).ordersCounted).toBe(1);
    expect(await storeFor(1).watermark(PARTITION)).toBe(markOf(3));
    expect(projectOrders([early, late], TIME_ZONE).totals.orders).toBe(2);

    const again = await batch.execute({ partition: PARTITION, records });
    expect(again.targets.map((t) => [t.applied, t.duplicates])).toEqual([
      [0, 2],
      [0, 1],
    ]);
    expect(storeFor(1).ordersCounted).toBe(2);
  });

  it("applies the run before a poison record, dead-letters it with its source, then goes on; a redelivery stores it once", async () => {
    const { batch, storeFor, letters } = twins();
    const records = [orderRecord(1), orderRecord(2), poison(3), orderRecord(4)];

    const outcome = await batch.execute({ partition: PARTITION, records });

    expect(outcome.firstUnapplied).toBeUndefined();
    expect(outcome.deadLettered).toBe(1);
    expect(outcome.targets[0]).toMatchObject({ applied: 3, commits: 2 });
    expect(outcome.incidents).toEqual([
      { kind: "poison-dead-lettered", sequence: "3", eventId: "e3", reason: "no pedido_id" },
    ]);
    expect(letters).toEqual([
      { partition: PARTITION, sequence: "3", reason: "no pedido_id", eventId: "e3", eventName: "INSERT", image: "{}" },
    ]);
    // The run before the poison record was committed before it was dead-lettered.
    expect(storeFor(1).commits[0]!.to).toBe(markOf(2));

    const again = await batch.execute({ partition: PARTITION, records });
    expect(again.deadLettered).toBe(0);
    expect(letters).toHaveLength(1);
  });

  it("after a transient failure names the first unapplied record and writes nothing after it", async () => {
    const { batch, storeFor, letters } = twins();
    const records = [orderRecord(1), poison(2), orderRecord(3), orderRecord(4), poison(5)];
    const store = storeFor(1);
    store.failWhen = (commit) => commit.to === markOf(4);

    const outcome = await batch.execute({ partition: PARTITION, records });

    expect(outcome.firstUnapplied).toBe(2);
    expect(outcome.incidents.map((i) => i.kind)).toEqual(["poison-dead-lettered", "apply-failed"]);
    expect(outcome.incidents[1]).toMatchObject({ generation: 1, error: new Error("throttled") });
    expect(letters.map((l) => l.sequence)).toEqual(["2"]);
    expect(await store.watermark(PARTITION)).toBe(markOf(1));
  });

  it("reports nothing unapplied when a failed write had in fact been applied (a lost response)", async () => {
    const { batch, storeFor } = twins();
    const store = storeFor(1);
    const records = [orderRecord(1), orderRecord(2)];
    const commit = store.commit.bind(store);
    let lost = false;
    store.commit = async (c) => {
      const result = await commit(c);
      if (!lost) {
        lost = true;
        throw new Error("socket hang up");
      }
      return result;
    };

    const outcome = await batch.execute({ partition: PARTITION, records });

    expect(outcome.firstUnapplied).toBeUndefined();
    expect(outcome.incidents.map((i) => i.kind)).toEqual(["apply-failed"]);
  });

  it("reports the whole run when the watermarks cannot be read after a failure", async () => {
    const { batch, storeFor } = twins();
    const store = storeFor(1);
    store.failWhen = () => {
      store.failWatermarkReads = true;
      return true;
    };
    const records = [poison(1), orderRecord(2), orderRecord(3)];

    const outcome = await batch.execute({ partition: PARTITION, records });

    expect(outcome.firstUnapplied).toBe(1);
    expect(outcome.incidents.map((i) => i.kind)).toEqual([
      "poison-dead-lettered",
      "apply-failed",
      "watermarks-unreadable",
    ]);
  });

  it("dead-letters an order the store refuses for good, moves the watermark past it, and counts the others", async () => {
    const { batch, storeFor, letters } = twins();
    const huge = order({ product: "huge" });
    const records = [orderRecord(1), orderRecord(2, huge), orderRecord(3)];

    const outcome = await batch.execute({ partition: PARTITION, records });

    expect(outcome.firstUnapplied).toBeUndefined();
    expect(outcome.refused).toBe(1);
    expect(outcome.deadLettered).toBe(1);
    // The first order was committed before the refusal; the one-at-a-time pass finds it applied (a duplicate).
    expect(outcome.targets[0]).toMatchObject({ applied: 1, duplicates: 1 });
    expect(outcome.incidents).toEqual([
      { kind: "commit-refused", generation: 1, error: expect.any(PermanentFailureError) },
      {
        kind: "order-refused",
        generation: 1,
        sequence: "2",
        orderId: huge.id,
        eventId: "e2",
        reason: "item would exceed 400 KB",
      },
    ]);
    expect(letters).toEqual([
      {
        partition: PARTITION,
        sequence: "2",
        reason: "item would exceed 400 KB",
        orderId: huge.id,
        generation: 1,
        eventId: "e2",
        eventName: "INSERT",
        image: '{"image":2}',
      },
    ]);
    expect(storeFor(1).ordersCounted).toBe(2);
    expect(await storeFor(1).watermark(PARTITION)).toBe(markOf(3));

    // Redelivered: nothing counted twice, the refused order not dead-lettered again.
    const again = await batch.execute({ partition: PARTITION, records });
    expect(again).toMatchObject({ refused: 0, deadLettered: 0, targets: [{ applied: 0, duplicates: 3 }] });
    expect(storeFor(1).ordersCounted).toBe(2);
  });

  it("stops at a record whose dead letter cannot be stored, after applying the run before it", async () => {
    const { batch, storeFor, deadLetters } = twins();
    deadLetters.failNext = true;

    const outcome = await batch.execute({ partition: PARTITION, records: [orderRecord(1), poison(2), orderRecord(3)] });

    expect(outcome.firstUnapplied).toBe(1);
    expect(outcome.incidents).toEqual([
      { kind: "dead-letter-failed", sequence: "2", error: new Error("dead letter table unavailable") },
    ]);
    expect(await storeFor(1).watermark(PARTITION)).toBe(markOf(1));
  });

  it("applies nothing when the generations cannot be read", async () => {
    const { batch, plan, storeFor } = twins();
    plan.fail = true;

    const outcome = await batch.execute({ partition: PARTITION, records: [orderRecord(1)] });

    expect(outcome).toEqual({
      targets: [],
      refused: 0,
      deadLettered: 0,
      firstUnapplied: 0,
      incidents: [{ kind: "plan-unavailable", error: new Error("plan unreadable") }],
    });
    expect(storeFor(1).commitCalls).toBe(0);
  });

  it("does nothing for an empty batch", async () => {
    const { batch } = twins();
    expect(await batch.execute({ partition: PARTITION, records: [] })).toEqual({
      targets: [],
      refused: 0,
      deadLettered: 0,
      incidents: [],
    });
  });

  it("orders counted equal the projection of the orders applied", async () => {
    const { batch, storeFor } = twins();
    const records = [orderRecord(1), orderRecord(2), orderRecord(3)];
    await batch.execute({ partition: PARTITION, records });
    expect(storeFor(1).ordersCounted).toBe(projectOrders(ordersOf(records), TIME_ZONE).totals.orders);
  });

  it("answers no firstUnapplied at all when done, and keeps no source field a record lacks", async () => {
    const { batch, letters } = twins();
    const bare: FeedRecord = { kind: "poison", sequence: "2", reason: "unreadable" };
    const o = order();
    const plain: FeedRecord = {
      kind: "order",
      sequence: "1",
      change: orderCreated(PARTITION, "1", o),
    };
    const outcome = await batch.execute({ partition: PARTITION, records: [plain, bare] });
    expect(outcome).toStrictEqual({
      targets: [
        { generation: 1, role: "active", applied: 1, voided: 0, corrected: 0, unchanged: 0, duplicates: 0, commits: 1 },
      ],
      refused: 0,
      deadLettered: 1,
      incidents: [{ kind: "poison-dead-lettered", sequence: "2", reason: "unreadable" }],
    });
    expect(letters).toStrictEqual([{ partition: PARTITION, sequence: "2", reason: "unreadable" }]);

    const huge = order({ product: "huge" });
    const refused = await batch.execute({
      partition: PARTITION,
      records: [{ kind: "order", sequence: "3", change: orderCreated(PARTITION, "3", huge) }],
    });
    expect(refused.incidents[1]).toStrictEqual({
      kind: "order-refused",
      generation: 1,
      sequence: "3",
      orderId: huge.id,
      reason: "item would exceed 400 KB",
    });
    expect(letters[1]).toStrictEqual({
      partition: PARTITION,
      sequence: "3",
      reason: "item would exceed 400 KB",
      orderId: huge.id,
      generation: 1,
    });
  });

  it("after a refusal, a transient failure of the one-at-a-time pass stops the batch at that order", async () => {
    const { batch, storeFor, letters } = twins();
    const huge = order({ product: "huge" });
    const records = [orderRecord(1, huge), orderRecord(2), orderRecord(3), poison(4)];
    const store = storeFor(1);
    store.failWhen = (commit) => commit.to === markOf(3);

    const outcome = await batch.execute({ partition: PARTITION, records });

    expect(outcome.firstUnapplied).toBe(2);
    expect(outcome.refused).toBe(1);
    expect(outcome.incidents.map((i) => i.kind)).toEqual(["commit-refused", "order-refused", "apply-failed"]);
    expect(letters.map((l) => l.sequence)).toEqual(["1"]);
    expect(await store.watermark(PARTITION)).toBe(markOf(2));
  });

  it("ends the one-at-a-time pass normally when its last write failed but had in fact been applied", async () => {
    const { batch, storeFor } = twins();
    const huge = order({ product: "huge" });
    const store = storeFor(1);
    const commit = store.commit.bind(store);
    store.commit = async (c) => {
      const result = await commit(c);
      if (c.to === markOf(3) && c.orders.length === 1) throw new Error("socket hang up");
      return result;
    };

    const outcome = await batch.execute({
      partition: PARTITION,
      records: [orderRecord(1, huge), orderRecord(2), orderRecord(3)],
    });

    expect(outcome.firstUnapplied).toBeUndefined();
    expect(outcome.incidents.map((i) => i.kind)).toEqual(["commit-refused", "order-refused", "apply-failed"]);
    expect(store.ordersCounted).toBe(2);
    expect(await store.watermark(PARTITION)).toBe(markOf(3));
  });

  it("does not dead-letter an order another writer of the shard already moved the watermark past", async () => {
    const { batch, storeFor, letters } = twins();
    const store = storeFor(1);
    const huge = order({ product: "huge" });
    const commit = store.commit.bind(store);
    let attempts = 0;
    store.commit = async (c) => {
      // The other writer dead-lettered it first: the watermark passes the order as its second attempt is refused.
      if (c.orders.length > 0 && (attempts += 1) === 2) store.watermarks.set(PARTITION, markOf(1));
      return commit(c);
    };

    const outcome = await batch.execute({ partition: PARTITION, records: [orderRecord(1, huge)] });

    expect(outcome).toMatchObject({ refused: 1, deadLettered: 0 });
    expect(outcome.firstUnapplied).toBeUndefined();
    expect(letters).toEqual([]);
  });

  it("accepts a stale watermark move when another writer moved it past the refused order, and stops when none did", async () => {
    const huge = order({ product: "huge" });
    const passed = twins();
    const store = passed.storeFor(1);
    store.answerStale = (c) => {
      if (c.orders.length === 0) store.watermarks.set(PARTITION, markOf(5));
      return c.orders.length === 0;
    };
    const ok = await passed.batch.execute({ partition: PARTITION, records: [orderRecord(1, huge), orderRecord(2)] });
    expect(ok.firstUnapplied).toBeUndefined();
    expect(ok).toMatchObject({ refused: 1, deadLettered: 1 });

    const lagging = twins();
    lagging.storeFor(1).answerStale = (c) => c.orders.length === 0;
    const stopped = await lagging.batch.execute({
      partition: PARTITION,
      records: [orderRecord(1, huge), orderRecord(2)],
    });
    expect(stopped.firstUnapplied).toBe(0);
    expect(stopped.incidents.at(-1)).toMatchObject({
      kind: "apply-failed",
      error: new Error(`watermark of ${PARTITION} moved while dead-lettering order ${huge.id}`),
    });
  });

  it("after a failure in the building generation, reports from the first order it was missing", async () => {
    const { batch, storeFor } = twins([
      { generation: 1, role: "active" },
      { generation: 2, role: "building", cutoffMs: CUTOFF },
    ]);
    storeFor(2).failWhen = () => true;
    const early = order({ receivedAt: "2024-09-11T11:00:00.000Z" });
    const late = order({ receivedAt: "2024-09-11T12:30:00.000Z" });

    const outcome = await batch.execute({
      partition: PARTITION,
      records: [orderRecord(1, early), orderRecord(2, late)],
    });

    expect(outcome.firstUnapplied).toBe(1);
    expect(outcome.targets.map((t) => t.applied)).toEqual([2, 0]);
  });

  it("finishes the batch when the last generation's write failed but had in fact been applied", async () => {
    const { batch, storeFor } = twins([
      { generation: 1, role: "active" },
      { generation: 2, role: "building" },
    ]);
    const last = storeFor(2);
    const commit = last.commit.bind(last);
    last.commit = async (c) => {
      await commit(c);
      throw new Error("socket hang up");
    };

    const outcome = await batch.execute({ partition: PARTITION, records: [orderRecord(1), orderRecord(2), poison(3)] });

    expect(outcome.firstUnapplied).toBeUndefined();
    expect(outcome.deadLettered).toBe(1);
    expect(storeFor(1).ordersCounted).toBe(2);
    expect(last.ordersCounted).toBe(2);
  });
});
