import { describe, expect, it } from "vitest";
import {
  ChangedDuringRebuildError,
  firstRevisionOf,
  RebuildInProgressError,
  RebuildProjections,
  type BuildingGeneration,
  type CommitOutcome,
  type DeadLetterEntry,
  type GenerationState,
  type Order,
  type OrdersScanSegment,
  type ProjectionCommit,
  type ProjectionDelta,
  type ProjectionStore,
  type RebuildPorts,
  type RebuildProgress,
  type ScannedOrder,
} from "../src/index.js";
import { anOrder as anOrderWithId } from "./support/orders.js";

/**
 * The rebuild's procedure on in-memory twins of its ports (RebuildPorts): no DynamoDB. The DynamoDB
 * implementations are tested in adapters-dynamodb (test/projector-state.test.ts) and the whole rebuild
 * against DynamoDB Local, beside the live projector, in packages/operations/test/rebuild.test.ts.
 */
class MemoryGenerations {
  state_: GenerationState = { active: { generation: 1 }, activeStored: false, lastAllocated: 1 };
  readonly begun: number[] = [];
  readonly beginCalls: { generation: number; cutoffMs: number; startedAtMs: number; replacing?: number }[] = [];
  /** Runs when the rebuild reads the state after its scan: lets a test play another rebuild taking over. */
  onSecondRead: () => void = () => {};
  private reads = 0;
  refuseBegin = false;

  async state(): Promise<GenerationState> {
    this.reads += 1;
    if (this.reads === 2) this.onSecondRead();
    return this.state_;
  }

  async beginBuild(build: {
    generation: number;
    cutoffMs: number;
    startedAtMs: number;
    replacing?: number;
  }): Promise<boolean> {
    this.beginCalls.push(build);
    if (this.refuseBegin) return false;
    this.begun.push(build.generation);
    this.state_ = {
      ...this.state_,
      building: { generation: build.generation, cutoffMs: build.cutoffMs, startedAt: "t" },
      lastAllocated: build.generation,
    };
    return true;
  }

  async activateBuild(swap: {
    built: BuildingGeneration;
    expectedActive: number;
    activeStored: boolean;
  }): Promise<void> {
    expect(swap.expectedActive).toBe(this.state_.active.generation);
    this.state_ = {
      active: { generation: swap.built.generation, cutoffMs: swap.built.cutoffMs },
      activeStored: true,
      lastAllocated: this.state_.lastAllocated,
    };
  }
}

class MemoryStore implements ProjectionStore {
  readonly orders: ProjectionDelta[] = [];
  private readonly marks = new Map<string, string>();

  fitsOneCommit(): boolean {
    return true;
  }

  async watermark(partition: string): Promise<string | undefined> {
    return this.marks.get(partition);
  }

  async commit(commit: ProjectionCommit): Promise<CommitOutcome> {
    const mark = this.marks.get(commit.partition);
    if (mark !== undefined && mark >= commit.from) return "stale";
    this.marks.set(commit.partition, commit.to);
    this.orders.push(...commit.orders);
    return "committed";
  }
}

function twins(scanned: ScannedOrder[]) {
  const generations = new MemoryGenerations();
  const stores = new Map<number, MemoryStore>();
  const letters: DeadLetterEntry[] = [];
  const ports: RebuildPorts = {
    generations,
    orders: {
      async *pages(scan: OrdersScanSegment) {
        const mine = scanned.filter((_, i) => i % scan.totalSegments === scan.segment);
        for (let i = 0; i < mine.length; i += scan.pageSize) yield mine.slice(i, i + scan.pageSize);
      },
    },
    stores: {
      storeFor: (generation) => stores.get(generation) ?? stores.set(generation, new MemoryStore()).get(generation)!,
    },
    deadLetters: {
      async record(letter) {
        letters.push(letter);
        return true;
      },
    },
  };
  return { ports, generations, stores, letters };
}

const TIME_ZONE = "America/Bogota";
const NOW = Date.now();
let ids = 0;
/** An order delivered at `at` and received at `receivedAtMs` (epoch ms). */
const anOrder = (spec: { at: number; receivedAtMs: number }): Order =>
  anOrderWithId(`rebuild-${(ids += 1)}`, {
    deliveredAt: new Date(spec.at).toISOString(),
    receivedAt: new Date(spec.receivedAtMs).toISOString(),
  });
const clock = { now: () => NOW };
const iso = (ms: number) => new Date(ms).toISOString();
const rebuildWith = (ports: RebuildPorts) =>
  new RebuildProjections({
    ports,
    timeZone: TIME_ZONE,
    clock,
    cutoffMarginMs: 0,
    settleMs: 0,
    segments: 2,
    pageSize: 2,
  });

describe("RebuildProjections on its ports", () => {
  it("applies the orders received before the cutoff to the new generation, leaves the rest to the live projector, dead-letters malformed items, then activates", async () => {
    const before: Order[] = [
      anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 60_000 }),
      anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 1 }),
      anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 5_000 }),
    ];
    const after = anOrder({ at: NOW - 120_000, receivedAtMs: NOW });
    const scanned: ScannedOrder[] = [
      ...before.map((order): ScannedOrder => ({ kind: "order", state: firstRevisionOf(order) })),
      { kind: "order", state: firstRevisionOf(after) },
      { kind: "malformed", reason: "MalformedOrderItemError: no productos", image: '{"order_id":"x"}' },
    ];
    const { ports, generations, stores, letters } = twins(scanned);

    const summary = await rebuildWith(ports).run();

    expect(summary).toMatchObject({
      generation: 2,
      previousGeneration: 1,
      scanned: 5,
      rebuilt: 3,
      leftToLive: 1,
      malformed: 1,
    });
    expect(generations.begun).toEqual([2]);
    expect((await generations.state()).active).toEqual({ generation: 2, cutoffMs: NOW });
    expect(stores.get(2)!.orders).toHaveLength(3);
    expect([...stores.keys()]).toEqual([2]);
    expect(letters).toEqual([
      {
        partition: "rebuild/g2/seg0",
        sequence: expect.any(String),
        reason: "MalformedOrderItemError: no productos",
        image: '{"order_id":"x"}',
      },
    ]);
  });

  it("counts each order's current revision written before the cutoff, a voided one as nothing", async () => {
    const voided = anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 60_000 });
    const corrected = anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 60_000 });
    const { ports, stores } = twins([
      { kind: "order", state: { ...firstRevisionOf(voided), status: "voided", revision: 2, writtenAt: iso(NOW - 50) } },
      { kind: "order", state: { ...firstRevisionOf(corrected), revision: 3, writtenAt: iso(NOW - 40) } },
    ]);
    const summary = await rebuildWith(ports).run();
    expect(summary).toMatchObject({ scanned: 2, rebuilt: 2, voided: 1, leftToLive: 0 });
    expect(stores.get(2)!.orders).toHaveLength(1);
    expect(stores.get(2)!.orders[0]!.totals).toEqual({ orders: 1, units: corrected.units, revenue: corrected.total });
  });

  it("does not activate a generation whose scan saw an order received before the cutoff and changed after it", async () => {
    const order = anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 60_000 });
    const { ports, generations } = twins([
      { kind: "order", state: { ...firstRevisionOf(order), revision: 2, writtenAt: iso(NOW) } },
    ]);
    const run = rebuildWith(ports).run();
    await expect(run).rejects.toBeInstanceOf(ChangedDuringRebuildError);
    await expect(run).rejects.toThrow(`voided or corrected while generation 2 was being built (${order.id})`);
    expect((await generations.state()).active).toEqual({ generation: 1 });
    expect((await generations.state()).building?.generation).toBe(2);
  });

  it("refuses to start when another rebuild got there first, and changes nothing", async () => {
    const { ports, generations, stores } = twins([
      { kind: "order", state: firstRevisionOf(anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 1 })) },
    ]);
    generations.refuseBegin = true;
    await expect(rebuildWith(ports).run()).rejects.toBeInstanceOf(RebuildInProgressError);
    await expect(rebuildWith(ports).run()).rejects.toThrow(
      "another rebuild started at the same time; nothing was changed",
    );
    expect(await generations.state()).toEqual({ active: { generation: 1 }, activeStored: false, lastAllocated: 1 });
    expect(stores.size).toBe(0);
  });

  it("waits for the cutoff plus the settle time on its clock, reports each step, and sums what it did", async () => {
    let now = NOW;
    const sleeps: number[] = [];
    const { ports, stores } = twins([
      { kind: "order", state: firstRevisionOf(anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 10 })) },
      { kind: "order", state: firstRevisionOf(anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 20 })) },
      { kind: "order", state: firstRevisionOf(anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 30 })) },
    ]);
    const progress: RebuildProgress[] = [];
    const summary = await new RebuildProjections({
      ports,
      timeZone: TIME_ZONE,
      clock: { now: () => now },
      cutoffMarginMs: 1_000,
      settleMs: 2_500,
      segments: 1,
      pageSize: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      onProgress: (p) => progress.push(p),
    }).run();

    const cutoff = new Date(NOW + 1_000).toISOString().replace("Z", "000Z");
    const scanFrom = new Date(NOW + 3_500).toISOString().replace("Z", "000Z");
    expect(sleeps).toEqual([1_000, 1_000, 1_000, 500]);
    expect(progress).toStrictEqual([
      { phase: "started", generation: 2, activeGeneration: 1, cutoff, scanFrom },
      { phase: "waiting-for-cutoff", generation: 2, cutoff, scanFrom },
      { phase: "scanning", generation: 2 },
      { phase: "page", generation: 2, segment: 0, orders: 2 },
      { phase: "page", generation: 2, segment: 0, orders: 1 },
      { phase: "activated", generation: 2, previousGeneration: 1 },
    ]);
    expect(summary).toStrictEqual({
      generation: 2,
      previousGeneration: 1,
      cutoff,
      scanned: 3,
      rebuilt: 3,
      voided: 0,
      leftToLive: 0,
      malformed: 0,
      commits: 2,
      durationMs: 3_500,
    });
    expect(stores.get(2)!.orders).toHaveLength(3);
  });

  it("uses the defaults: a 30 s margin, 60 s settle, 4 segments of 500", async () => {
    let now = NOW;
    const { ports, generations } = twins([]);
    const segments: OrdersScanSegment[] = [];
    const pages = ports.orders.pages.bind(ports.orders);
    const summary = await new RebuildProjections({
      ports: {
        ...ports,
        orders: {
          pages: (scan) => {
            segments.push(scan);
            return pages(scan);
          },
        },
      },
      timeZone: TIME_ZONE,
      clock: { now: () => now },
      sleep: async (ms) => {
        now += ms;
      },
    }).run();
    expect(generations.beginCalls).toEqual([{ generation: 2, cutoffMs: NOW + 30_000, startedAtMs: NOW }]);
    expect(summary.durationMs).toBe(90_000);
    expect(segments).toEqual([0, 1, 2, 3].map((segment) => ({ segment, totalSegments: 4, pageSize: 500 })));
  });

  it("takes over from an interrupted rebuild only when told to, naming it", async () => {
    const { ports, generations } = twins([]);
    generations.state_ = {
      active: { generation: 1 },
      activeStored: false,
      building: { generation: 5, cutoffMs: NOW - 1, startedAt: "2024-09-11T10:00:00.000000Z" },
      lastAllocated: 5,
    };
    const error = await rebuildWith(ports)
      .run()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RebuildInProgressError);
    expect(error).toMatchObject({
      name: "RebuildInProgressError",
      message:
        "generation 5 has been building since 2024-09-11T10:00:00.000000Z; if that rebuild is no longer running, run again with --restart",
    });
    expect(generations.beginCalls).toEqual([]);

    const summary = await new RebuildProjections({
      ports,
      timeZone: TIME_ZONE,
      clock,
      cutoffMarginMs: 0,
      settleMs: 0,
      restart: true,
    }).run();
    expect(generations.beginCalls).toEqual([{ generation: 6, cutoffMs: NOW, startedAtMs: NOW, replacing: 5 }]);
    expect(summary).toMatchObject({ generation: 6, abandonedGeneration: 5 });
  });

  it("does not activate a generation another rebuild took over while it scanned", async () => {
    const { ports, generations } = twins([]);
    generations.onSecondRead = () => {
      generations.state_ = {
        ...generations.state_,
        building: { generation: 3, cutoffMs: NOW, startedAt: "t" },
        lastAllocated: 3,
      };
    };
    await expect(rebuildWith(ports).run()).rejects.toThrow(
      new RebuildInProgressError(
        "generation 2 is no longer the one building (another rebuild took over); it was not activated",
      ),
    );
    expect((await generations.state()).active).toEqual({ generation: 1 });
  });

  it("refuses a negative margin or settle time", () => {
    const { ports } = twins([]);
    const options = { ports, timeZone: TIME_ZONE };
    expect(() => new RebuildProjections({ ...options, cutoffMarginMs: -1 })).toThrow(
      new RangeError("cutoffMarginMs and settleMs must not be negative"),
    );
    expect(() => new RebuildProjections({ ...options, settleMs: -1 })).toThrow(RangeError);
    expect(() => new RebuildProjections({ ...options, cutoffMarginMs: 0, settleMs: 0 })).not.toThrow();
  });

  it("waits on a real timer by default", async () => {
    const { ports } = twins([]);
    const started = Date.now();
    await new RebuildProjections({ ports, timeZone: TIME_ZONE, cutoffMarginMs: 30, settleMs: 20 }).run();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
