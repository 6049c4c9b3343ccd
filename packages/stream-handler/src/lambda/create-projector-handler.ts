import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ProjectionTableNames } from "@cargo-express/adapters-dynamodb";
import type { Clock } from "@cargo-express/domain";
import type { DynamoDBBatchResponse } from "aws-lambda";
import { createLogger } from "../logging/logger.js";
import { DeadLetterMetric, type DeadLetterMetricOptions } from "../projector/dead-letter-metric.js";
import { DeadLetters } from "../projector/dead-letters.js";
import { GenerationStores } from "../projector/generation-stores.js";
import { ProjectStreamBatch } from "../projector/project-stream-batch.js";
import { ProjectionPlan } from "../projector/projection-plan.js";
import { StreamsApiShardLocator, type ShardLocator } from "../stream/shard-locator.js";
import { StreamPartitions, type ProjectorEvent } from "../stream/stream-partitions.js";

export interface ProjectorDeps {
  /** From createDocumentClient: the projection tables. */
  readonly client: DynamoDBDocumentClient;
  readonly tables: ProjectionTableNames;
  /** Business time zone of the hourly buckets, e.g. America/Bogota. */
  readonly timeZone: string;
  /** Reads the Orders stream to find a batch's shard (Lambda's event does not name it). Needed unless `shardLocator` is given. */
  readonly streams?: DynamoDBStreamsClient;
  readonly shardLocator?: ShardLocator;
  readonly logger?: Logger;
  /** How long what is known about generations is reused. Default PLAN_CACHE_MS (5 s); tests use 0. */
  readonly planCacheMs?: number;
  readonly clock?: Clock;
  /** The metric stored dead letters add to (function name as its dimension; tests capture the lines). */
  readonly deadLetterMetric?: DeadLetterMetricOptions;
}

/** Lambda's answer: the records to deliver again; `state` only for tumbling-window events, which require it. */
export interface ProjectorResponse extends DynamoDBBatchResponse {
  readonly state?: Record<string, string>;
}

export type ProjectorHandler = (event: ProjectorEvent) => Promise<ProjectorResponse>;

/**
 * The projector as a function of a DynamoDB stream event: what Lambda invokes (through the composition
 * root in ./projector.ts) and what tests and the local stack call directly with DynamoDB Local.
 */
export function createProjectorHandler(deps: ProjectorDeps): ProjectorHandler {
  const locator = deps.shardLocator ?? (deps.streams ? new StreamsApiShardLocator({ client: deps.streams }) : undefined);
  if (!locator) throw new Error("createProjectorHandler needs `streams` (a DynamoDBStreamsClient) or a `shardLocator`");
  const clock = deps.clock === undefined ? {} : { clock: deps.clock };
  const batch = new ProjectStreamBatch({
    partitions: new StreamPartitions(locator),
    plan: new ProjectionPlan({
      client: deps.client,
      projectorStateTable: deps.tables.projectorState,
      ...(deps.planCacheMs === undefined ? {} : { cacheMs: deps.planCacheMs }),
      ...clock,
    }),
    stores: new GenerationStores({ client: deps.client, tables: deps.tables, ...clock }),
    deadLetters: new DeadLetters({ client: deps.client, projectorStateTable: deps.tables.projectorState, ...clock }),
    deadLetterMetric: new DeadLetterMetric(deps.deadLetterMetric),
    timeZone: deps.timeZone,
    logger: deps.logger ?? createLogger(),
  });
  return async (event) => {
    const outcome = await batch.execute(event);
    return event.window === undefined ? { batchItemFailures: outcome.batchItemFailures } : { batchItemFailures: outcome.batchItemFailures, state: {} };
  };
}
