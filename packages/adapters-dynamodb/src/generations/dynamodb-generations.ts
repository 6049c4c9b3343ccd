import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type {
  BuildingGeneration,
  Clock,
  GenerationState,
  ProjectionGenerations,
  ProjectionPlan,
  ProjectionTarget,
} from "@cargo-express/domain";
import { GenerationCache } from "./generation-cache.js";
import { type KnownGenerations, readGenerationState } from "./generation-state.js";
import { abandonBuild, activateBuild, beginBuild } from "./rebuild-steps.js";

export interface DynamoDbGenerationsOptions {
  readonly client: DynamoDBDocumentClient;
  readonly projectorStateTable: string;
  /** How long targets() reuses what it read. Default GENERATION_CACHE_MS; tests use 0. */
  readonly planCacheMs?: number;
  readonly clock?: Clock;
}

/**
 * The generations of the projections in ProjectorState (see ./generation-state.ts): the projector's plan
 * (`targets()`, cached) and the rebuild's state machine (read state, begin, activate, abandon).
 */
export class DynamoDbGenerations implements ProjectionPlan, ProjectionGenerations {
  private readonly cache: GenerationCache;

  constructor(private readonly options: DynamoDbGenerationsOptions) {
    this.cache = new GenerationCache({
      client: options.client,
      projectorStateTable: options.projectorStateTable,
      reads: "all",
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.planCacheMs === undefined ? {} : { cacheMs: options.planCacheMs }),
    });
  }

  /**
   * The generations a batch is written to: the active one and, while a rebuild runs, the one being
   * built. Read at most once per `planCacheMs`, after the batch arrived, which is what makes the
   * rebuild's cutoff safe (see the domain's use-cases/rebuild-projections.ts).
   */
  async targets(): Promise<ProjectionTarget[]> {
    return targetsOf(await this.cache.known());
  }

  /** ACTIVE, BUILDING and COUNTER, with one strongly consistent Query (never cached). */
  state(): Promise<GenerationState> {
    return readGenerationState(this.options.client, this.options.projectorStateTable);
  }

  /** False if another rebuild got there first (nothing changed). */
  beginBuild(build: {
    generation: number;
    cutoffMs: number;
    startedAtMs: number;
    replacing?: number;
  }): Promise<boolean> {
    return beginBuild(this.options.client, this.options.projectorStateTable, build);
  }

  activateBuild(swap: {
    built: BuildingGeneration;
    expectedActive: number;
    activeStored: boolean;
    activatedAtMs: number;
  }): Promise<void> {
    return activateBuild(this.options.client, this.options.projectorStateTable, swap);
  }

  abandonBuild(generation: number): Promise<void> {
    return abandonBuild(this.options.client, this.options.projectorStateTable, generation);
  }
}

function targetsOf(state: KnownGenerations): ProjectionTarget[] {
  const targets: ProjectionTarget[] = [{ ...state.active, role: "active" }];
  // A BUILDING item at or below the active generation is a leftover: nothing reads or completes it.
  if (state.building && state.building.generation > state.active.generation) {
    targets.push({ generation: state.building.generation, cutoffMs: state.building.cutoffMs, role: "building" });
  }
  return targets;
}
