/**
 * The composition of the stream projector Lambda (loaded by ./projector.ts on the first invocation): DynamoDB
 * stream events of the Orders table -> projections. Its composition root: the only place that decides which
 * clients and adapters back the handler. The logger, the time zone and the use case (the domain's
 * ProjectOrderBatch) come from the platform's shared modules, the same for every entry point.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { createDocumentClient, type DocumentClient } from "@cargo-express/adapters-dynamodb";
import type { Container } from "inversify";
import type { ProjectorConfig } from "../config.js";
import { AppSyncEventsPublisher } from "../live/appsync-events-publisher.js";
import { FiguresChangedNotice, LIVE_PUBLISH_TIMEOUT_MS } from "../live/figures-changed.js";
import { type LiveNoticeFactory, projectorContainer } from "./create-projector-handler.js";

export {
  createProjectorHandler,
  createProjectorHandlerOver,
  PROJECTOR_HANDLER,
  type ProjectorDeps,
  type ProjectorHandler,
} from "./create-projector-handler.js";

export interface ProjectorOverrides {
  readonly logger?: Logger;
  readonly client?: DocumentClient;
  /** The notice after each commit (the local stack's, to its stand-in); default: from `config.live`, if set. */
  readonly liveNotice?: LiveNoticeFactory | undefined;
  /**
   * Where the metric lines (dead letters, corrections volume) go; default stdout, which Lambda sends to CloudWatch.
   * The local stack, which has no CloudWatch, sends them to its logger instead of its terminal.
   */
  readonly metricLines?: (line: string) => void;
}

/** On Lambda: publish with the function's role, whose credentials Lambda puts in the environment. */
function lambdaLiveNotice(config: ProjectorConfig): LiveNoticeFactory | undefined {
  const { live } = config;
  if (live === undefined) return undefined;
  return (logger) =>
    new FiguresChangedNotice({
      publisher: new AppSyncEventsPublisher({
        url: live.url,
        channel: live.channel,
        region: config.region,
        credentials: () => ({
          accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",
          ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
        }),
      }),
      timeoutMs: LIVE_PUBLISH_TIMEOUT_MS,
      logger,
      ...(config.functionName === undefined ? {} : { functionName: config.functionName }),
    });
}

/** The projector's container over `config`; `get(PROJECTOR_HANDLER)` is what Lambda invokes. */
export function composeProjector(config: ProjectorConfig, overrides: ProjectorOverrides = {}): Container {
  const endpoint = config.endpoint === undefined ? {} : { endpoint: config.endpoint };
  return projectorContainer({
    client: overrides.client ?? createDocumentClient({ region: config.region, ...endpoint }),
    tables: config.tables,
    timeZone: config.timeZone,
    logLevel: config.logLevel,
    ...(overrides.logger ? { logger: overrides.logger } : {}),
    ...metricSettings(config.functionName, overrides.metricLines),
    liveNotice: overrides.liveNotice ?? lambdaLiveNotice(config),
  });
}

/** Both metrics' options: the function's name as their dimension (on Lambda), and where their lines go. */
function metricSettings(functionName: string | undefined, write: ((line: string) => void) | undefined) {
  const options = {
    ...(functionName === undefined ? {} : { functionName }),
    ...(write === undefined ? {} : { write }),
  };
  return { deadLetterMetric: options, correctionsMetric: options };
}
