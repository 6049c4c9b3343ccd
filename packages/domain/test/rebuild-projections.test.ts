import { describe, expect, it } from "vitest";
import {
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
  refuseBegin = false;

  async state(): Promise<GenerationState> {
    return this.state_;
  }

  async beginBuild(build: {
    generation: number;
    cutoffMs: number;
    startedAtMs: number;
    replacing?: number;
  }): Promise<boolean> {
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
      ...before.map((order): ScannedOrder => ({ kind: "order", order })),
      { kind: "order", order: after },
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

  it("refuses to start when another rebuild got there first, and changes nothing", async () => {
    const { ports, generations, stores } = twins([
      { kind: "order", order: anOrder({ at: NOW - 120_000, receivedAtMs: NOW - 1 }) },
    ]);
    generations.refuseBegin = true;
    await expect(rebuildWith(ports).run()).rejects.toBeInstanceOf(RebuildInProgressError);
    expect(await generations.state()).toEqual({ active: { generation: 1 }, activeStored: false, lastAllocated: 1 });
    expect(stores.size).toBe(0);
  });
});
