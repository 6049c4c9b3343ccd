import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { systemClock, type Clock } from "@cargo-express/domain";
import { readGenerationState, type GenerationSpec } from "../generations/generation-state.js";

/** A generation the projector writes, and whether the monitor reads it yet. */
export interface ProjectionTarget extends GenerationSpec {
  readonly role: "active" | "building";
}

/** Default time the projector reuses what it read about generations. A rebuild's cutoff margin must exceed it. */
export const PLAN_CACHE_MS = 5_000;

export interface ProjectionPlanOptions {
  readonly client: DynamoDBDocumentClient;
  readonly projectorStateTable: string;
  /** Default PLAN_CACHE_MS. */
  readonly cacheMs?: number;
  readonly clock?: Clock;
}

/**
 * The generations a batch is written to: the active one and, while a rebuild runs, the one being
 * built. Read once per batch (cached for `cacheMs`), after the batch arrived, which is what makes the
 * rebuild's cutoff safe: see docs in ../rebuild/rebuild-projections.ts.
 */
export class ProjectionPlan {
  private cached: { targets: ProjectionTarget[]; readAt: number } | undefined;

  constructor(private readonly options: ProjectionPlanOptions) {}

  async targets(): Promise<ProjectionTarget[]> {
    const clock = this.options.clock ?? systemClock;
    const now = clock.now();
    if (this.cached && now - this.cached.readAt < (this.options.cacheMs ?? PLAN_CACHE_MS)) return this.cached.targets;
    const state = await readGenerationState(this.options.client, this.options.projectorStateTable);
    const targets: ProjectionTarget[] = [{ ...state.active, role: "active" }];
    // A BUILDING item at or below the active generation is a leftover: nothing reads or completes it.
    if (state.building && state.building.generation > state.active.generation) {
      targets.push({ generation: state.building.generation, cutoffMs: state.building.cutoffMs, role: "building" });
    }
    this.cached = { targets, readAt: now };
    return targets;
  }
}
