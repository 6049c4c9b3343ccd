import type { Logger } from "@aws-lambda-powertools/logger";
import {
  DynamoDbDeadLetters,
  DynamoDbGenerations,
  GenerationStores,
  type DocumentClient,
  type ProjectionTableNames,
} from "@cargo-express/adapters-dynamodb";
import type { Clock } from "@cargo-express/domain";
import {
  type BuiltPorts,
  commonModule,
  describeError,
  type LogLevelName,
  portsModule,
  SERVICES,
  serviceId,
  useCasesModule,
} from "@cargo-express/platform";
import { Container, ContainerModule } from "inversify";
import type { FiguresChangedNotice } from "../live/figures-changed.js";

export type LiveNoticeFactory = (logger: Logger) => Pick<FiguresChangedNotice, "afterCommit">;
import { CorrectionsMetric } from "../projector/corrections-metric.js";
import { DeadLetterMetric, type DeadLetterMetricOptions } from "../projector/dead-letter-metric.js";
import { ProjectStreamBatch } from "../projector/project-stream-batch.js";
import { StreamPartitions } from "../stream/stream-partitions.js";
import { batchShardOf, type ProjectorEvent, type TimeWindowEventResponse } from "../stream/time-window-event.js";

/** What the projector needs besides its ports, whatever backs them. */
interface ProjectorSettings {
  /** Business time zone of the hourly buckets, e.g. America/Bogota. */
  readonly timeZone: string;
  readonly logger?: Logger;
  /** Of the logger built when none is given. Default INFO. */
  readonly logLevel?: LogLevelName;
  readonly clock?: Clock;
  /** The metric stored dead letters add to (function name as its dimension; tests capture the lines). */
  readonly deadLetterMetric?: DeadLetterMetricOptions;
  /** The metric of voids and corrections applied, same options (function name, where lines go). */
  readonly correctionsMetric?: DeadLetterMetricOptions;
  /**
   * Tells the open web apps after a commit that changed the figures (built with the projector's logger); absent:
   * nobody is told, and the web apps poll.
   */
  readonly liveNotice?: LiveNoticeFactory | undefined;
}

export interface ProjectorDeps extends ProjectorSettings {
  /** From createDocumentClient: the projection tables. */
  readonly client: DocumentClient;
  readonly tables: ProjectionTableNames;
  /** How long what is known about generations is reused. Default GENERATION_CACHE_MS (5 s); tests use 0. */
  readonly planCacheMs?: number;
}

/**
 * The ports the projector's use case (the domain's ProjectOrderBatch) writes through: the generations' plan, a
 * store per generation and the dead letters. Over DynamoDB in Lambda; the local stack without Java passes the
 * in-memory ones (@cargo-express/adapters-memory), so both run the same handler.
 */
type ProjectorPorts = Required<Pick<BuiltPorts, "plan" | "stores" | "deadLetters">>;

/**
 * Lambda's answer to a tumbling-window event: the records to deliver again (empty: all applied) and the
 * window's `state`, which Lambda requires (a response without it is a failed invocation). The projector keeps
 * nothing in it: every batch is committed to DynamoDB when it is handled, so the state is always `{}`.
 */
type ProjectorResponse = TimeWindowEventResponse;

export type ProjectorHandler = (event: ProjectorEvent) => Promise<ProjectorResponse>;

/**
 * The projector as a function of a DynamoDB stream event with a tumbling window: what Lambda invokes (through
 * the composition root in ./projector.ts) and what tests and the local stack call directly with DynamoDB Local.
 *
 * The batch's shard, which keys the watermark, is the event's `shardId` (with `eventSourceARN`): the handler
 * makes no DynamoDB Streams call. An event without `shardId` (a mapping without a tumbling window) is refused
 * with TumblingWindowMissingError before anything is read or written. A window's final invocation without
 * records answers `{ state: {}, batchItemFailures: [] }`.
 */
export function createProjectorHandler(deps: ProjectorDeps): ProjectorHandler {
  return projectorContainer(deps).get(PROJECTOR_HANDLER);
}

/** The handler Lambda invokes: the one identifier the projector adds to the platform's SERVICES. */
export const PROJECTOR_HANDLER = serviceId<ProjectorHandler>("ProjectorHandler");

/**
 * The projector over ports already built (the local stack without Java: the in-memory ones): the same handler,
 * ProjectStreamBatch and use case as over DynamoDB.
 */
export function createProjectorHandlerOver(ports: ProjectorPorts, settings: ProjectorSettings): ProjectorHandler {
  return containerOver(ports, settings).get(PROJECTOR_HANDLER);
}

/** The projector's container over DynamoDB: its ports (generations, a store per generation, dead letters). */
export function projectorContainer(deps: ProjectorDeps): Container {
  const clock = deps.clock === undefined ? {} : { clock: deps.clock };
  return containerOver(
    {
      plan: new DynamoDbGenerations({
        client: deps.client,
        projectorStateTable: deps.tables.projectorState,
        ...(deps.planCacheMs === undefined ? {} : { planCacheMs: deps.planCacheMs }),
        ...clock,
      }),
      stores: new GenerationStores({ client: deps.client, tables: deps.tables, ...clock }),
      deadLetters: new DynamoDbDeadLetters({
        client: deps.client,
        projectorStateTable: deps.tables.projectorState,
        ...clock,
      }),
    },
    deps,
  );
}

/**
 * The projector's container: the platform's common module (logger, clock, time zone) and use cases (the domain's
 * ProjectOrderBatch is built there, from the ports' identifiers), the ports, and the handler.
 */
function containerOver(ports: ProjectorPorts, settings: ProjectorSettings): Container {
  const container = new Container({ defaultScope: "Singleton" });
  container.load(
    commonModule({
      serviceName: "cargo-express-stream-projector",
      logLevel: settings.logLevel ?? "INFO",
      timeZone: settings.timeZone,
      ...(settings.logger ? { logger: settings.logger } : {}),
      ...(settings.clock === undefined ? {} : { clock: settings.clock }),
    }),
    portsModule(ports),
    useCasesModule,
    new ContainerModule(({ bind }) => {
      bind(PROJECTOR_HANDLER).toResolvedValue(
        (project, logger) =>
          handlerOver(
            new ProjectStreamBatch({
              partitions: new StreamPartitions(),
              project,
              deadLetterMetric: new DeadLetterMetric(settings.deadLetterMetric),
              correctionsMetric: new CorrectionsMetric(settings.correctionsMetric),
              logger,
            }),
            logger,
            settings.liveNotice?.(logger),
          ),
        [SERVICES.ProjectOrderBatch, SERVICES.Logger],
      );
    }),
  );
  return container;
}

/** Lambda's side of a batch: the shard checked first, then the batch applied and answered, then the web apps told. */
function handlerOver(
  batch: ProjectStreamBatch,
  logger: Logger,
  liveNotice: Pick<FiguresChangedNotice, "afterCommit"> | undefined,
): ProjectorHandler {
  return async (event) => {
    // Thrown, not reported per record: without the shard no record can be applied, and retrying cannot help.
    try {
      batchShardOf(event);
    } catch (error) {
      logger.error("stream event refused: the batch's shard cannot be read from it", { error: describeError(error) });
      throw error;
    }
    if ((event.Records ?? []).length === 0) return { batchItemFailures: [], state: {} };
    const outcome = await batch.execute(event);
    // After the commit, never instead of it: the notice is bounded in time and never throws.
    if (liveNotice && outcome.counts.targets.some((t) => t.role === "active" && t.applied > 0))
      await liveNotice.afterCommit();
    return { batchItemFailures: outcome.batchItemFailures, state: {} };
  };
}
