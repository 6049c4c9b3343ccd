import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type {
  Clock,
  ProjectionGenerations,
  ProjectionPlan,
  ProjectionTarget,
  RebuildPorts,
} from "@cargo-express/domain";
import { DynamoDbDeadLetters } from "./dead-letters.js";
import { GenerationStores } from "./generation-stores.js";
import { DynamoDbOrdersScan } from "./orders-scan.js";
import type { TableNames } from "./tables.js";
import {
  abandonBuild,
  activateBuild,
  beginBuild,
  GenerationReader,
  readGenerationState,
  type KnownGenerations,
  type BuildingGeneration,
  type GenerationState,
} from "./generation.js";

export type { ProjectionTarget } from "@cargo-express/domain";

/** Default time the projector reuses what it read about generations. A rebuild's cutoff margin must exceed it. */
export const PLAN_CACHE_MS = 5_000;

export interface DynamoDbGenerationsOptions {
  readonly client: DynamoDBDocumentClient;
  readonly projectorStateTable: string;
  /** How long targets() reuses what it read. Default PLAN_CACHE_MS; tests use 0. */
  readonly planCacheMs?: number;
  readonly clock?: Clock;
}

/**
 * The generations of the projections in ProjectorState (see ./generation.ts): the projector's plan
 * (`targets()`, cached) and the rebuild's state machine (read state, begin, activate, abandon).
 */
export class DynamoDbGenerations implements ProjectionPlan, ProjectionGenerations {
  private readonly reader: GenerationReader;

  constructor(private readonly options: DynamoDbGenerationsOptions) {
    this.reader = new GenerationReader({
      client: options.client,
      projectorStateTable: options.projectorStateTable,
      reads: "all",
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      cacheMs: options.planCacheMs ?? PLAN_CACHE_MS,
    });
  }

  /**
   * The generations a batch is written to: the active one and, while a rebuild runs, the one being
   * built. Read at most once per `planCacheMs`, after the batch arrived, which is what makes the
   * rebuild's cutoff safe (see the domain's use-cases/rebuild-projections.ts).
   */
  async targets(): Promise<ProjectionTarget[]> {
    return targetsOf(await this.reader.known());
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

/** The rebuild's ports (the domain's RebuildPorts) over DynamoDB. */
export const dynamoDbRebuildPorts = (
  client: DynamoDBDocumentClient,
  tables: TableNames,
  clock?: Clock,
): RebuildPorts => {
  const withClock = clock === undefined ? {} : { clock };
  return {
    generations: new DynamoDbGenerations({ client, projectorStateTable: tables.projectorState, ...withClock }),
    orders: new DynamoDbOrdersScan({ client, ordersTable: tables.orders }),
    stores: new GenerationStores({ client, tables, ...withClock }),
    deadLetters: new DynamoDbDeadLetters({ client, projectorStateTable: tables.projectorState, ...withClock }),
  };
};
