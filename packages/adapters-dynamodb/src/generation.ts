import { GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Clock } from "@cargo-express/domain";
import { dynamo } from "./errors.js";
import { ACTIVE_GENERATION_KEY, INITIAL_GENERATION } from "./keys.js";

/** Reads the active generation from the ProjectorState table (no item = generation 1). */
export async function readActiveGeneration(client: DynamoDBDocumentClient, projectorStateTable: string): Promise<number> {
  const result = await dynamo("read active generation", () =>
    client.send(new GetCommand({ TableName: projectorStateTable, Key: ACTIVE_GENERATION_KEY, ConsistentRead: true })),
  );
  const value = result.Item?.generation;
  if (value === undefined) return INITIAL_GENERATION;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`ProjectorState ${ACTIVE_GENERATION_KEY.pk}/${ACTIVE_GENERATION_KEY.sk} holds an invalid generation: ${String(value)}`);
  }
  return value;
}

/** Default time the active generation is reused before it is read again. */
export const GENERATION_CACHE_MS = 5_000;

/**
 * The generation to read or write: a fixed one (a rebuild writing a new generation), or the active
 * one, re-read at most every `cacheMs` so a busy projector or monitor does not pay a read per call.
 * Consequence: after a swap, a process keeps using the old generation for up to `cacheMs`.
 */
export class GenerationSource {
  private cached: { generation: number; readAt: number } | undefined;

  constructor(
    private readonly options: {
      readonly client: DynamoDBDocumentClient;
      readonly projectorStateTable: string;
      readonly clock: Clock;
      readonly fixed?: number;
      readonly cacheMs?: number;
    },
  ) {
    if (options.fixed !== undefined && (!Number.isSafeInteger(options.fixed) || options.fixed < 1)) {
      throw new RangeError(`generation must be a whole number from 1: ${options.fixed}`);
    }
  }

  async current(): Promise<number> {
    if (this.options.fixed !== undefined) return this.options.fixed;
    const now = this.options.clock.now();
    if (this.cached && now - this.cached.readAt < (this.options.cacheMs ?? GENERATION_CACHE_MS)) return this.cached.generation;
    const generation = await readActiveGeneration(this.options.client, this.options.projectorStateTable);
    this.cached = { generation, readAt: now };
    return generation;
  }
}
