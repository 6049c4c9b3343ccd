import {
  revisionStateOf,
  type BuildingGeneration,
  type DailyFigures,
  type DeadLetterEntry,
  type DeadLetterSink,
  type GenerationState,
  type MonitorData,
  type MonitorQueries,
  type MonitorQuery,
  type OrdersScan,
  type OrdersScanSegment,
  type ProjectionGenerations,
  type ProjectionPlan,
  type ProjectionStores,
  type ProjectionTarget,
  type ScannedOrder,
  type Totals,
} from "@cargo-express/domain";
import type { InMemoryOrderRepository } from "./order-repository.js";
import { InMemoryProjectionStore } from "./projection-store.js";

/**
 * The generations of the projections in memory: the projector's plan (`targets()`, never stale) and the
 * rebuild's state machine, with the same rules as the DynamoDB adapter's (a build begins only if none is
 * building, or in place of the one named; activation only if the active generation is still the one expected).
 */
export class InMemoryGenerations implements ProjectionPlan, ProjectionGenerations {
  private current: GenerationState = { active: { generation: 1 }, activeStored: false, lastAllocated: 1 };

  async state(): Promise<GenerationState> {
    return this.current;
  }

  async targets(): Promise<ProjectionTarget[]> {
    const { active, building } = this.current;
    const targets: ProjectionTarget[] = [{ ...active, role: "active" }];
    if (building && building.generation > active.generation)
      targets.push({ generation: building.generation, cutoffMs: building.cutoffMs, role: "building" });
    return targets;
  }

  async beginBuild(build: {
    generation: number;
    cutoffMs: number;
    startedAtMs: number;
    replacing?: number;
  }): Promise<boolean> {
    const { building, lastAllocated } = this.current;
    if (build.replacing === undefined ? building !== undefined : building?.generation !== build.replacing) return false;
    if (build.generation <= lastAllocated) return false;
    this.current = {
      ...this.current,
      building: {
        generation: build.generation,
        cutoffMs: build.cutoffMs,
        startedAt: new Date(build.startedAtMs).toISOString(),
      },
      lastAllocated: build.generation,
    };
    return true;
  }

  async activateBuild(swap: {
    built: BuildingGeneration;
    expectedActive: number;
    activeStored: boolean;
    activatedAtMs: number;
  }): Promise<void> {
    if (
      this.current.active.generation !== swap.expectedActive ||
      this.current.building?.generation !== swap.built.generation
    )
      throw new Error(`generation ${swap.built.generation} cannot be activated: the generations changed`);
    this.current = {
      active: { generation: swap.built.generation, cutoffMs: swap.built.cutoffMs },
      activeStored: true,
      lastAllocated: this.current.lastAllocated,
    };
  }
}

/** One InMemoryProjectionStore per generation (each has its own watermarks). */
export class InMemoryProjectionStores implements ProjectionStores {
  private readonly stores = new Map<number, InMemoryProjectionStore>();

  constructor(private readonly maxOrdersPerCommit = Number.POSITIVE_INFINITY) {}

  storeFor(generation: number): InMemoryProjectionStore {
    let store = this.stores.get(generation);
    if (!store) {
      store = new InMemoryProjectionStore(this.maxOrdersPerCommit);
      this.stores.set(generation, store);
    }
    return store;
  }
}

/**
 * The monitor's reads (its report and the daily series) over the in-memory generations: the active generation's store, as the DynamoDB adapter reads
 * its active generation. So a monitor reads what the projector (ProjectOrderBatch) wrote, and switches with a
 * rebuild's swap.
 */
export class InMemoryMonitorQueries implements MonitorQueries, DailyFigures {
  constructor(
    private readonly generations: Pick<InMemoryGenerations, "state">,
    private readonly stores: InMemoryProjectionStores,
  ) {}

  async read(query: MonitorQuery): Promise<MonitorData> {
    const { active } = await this.generations.state();
    return this.stores.storeFor(active.generation).read(query);
  }

  async totalsByDay(days: readonly string[]): Promise<ReadonlyMap<string, Totals>> {
    const { active } = await this.generations.state();
    return this.stores.storeFor(active.generation).totalsByDay(days);
  }
}

/** Dead letters in memory, stored once per partition and sequence (a redelivery keeps the first). */
export class InMemoryDeadLetters implements DeadLetterSink {
  readonly letters: DeadLetterEntry[] = [];

  async record(letter: DeadLetterEntry): Promise<boolean> {
    if (this.letters.some((l) => l.partition === letter.partition && l.sequence === letter.sequence)) return false;
    this.letters.push(letter);
    return true;
  }
}

/** Every order of an InMemoryOrderRepository, read in segments and pages like a parallel scan. */
export class InMemoryOrdersScan implements OrdersScan {
  constructor(private readonly repository: Pick<InMemoryOrderRepository, "allStored">) {}

  async *pages(scan: OrdersScanSegment): AsyncGenerator<ScannedOrder[]> {
    const mine = this.repository.allStored().filter((_, i) => i % scan.totalSegments === scan.segment);
    for (let i = 0; i < mine.length; i += scan.pageSize)
      yield mine
        .slice(i, i + scan.pageSize)
        .map((stored): ScannedOrder => ({ kind: "order", state: revisionStateOf(stored) }));
  }
}
