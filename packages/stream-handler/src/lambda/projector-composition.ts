/**
 * The composition of the stream projector Lambda (loaded by ./projector.ts on the first invocation): DynamoDB
 * stream events of the Orders table -> projections. Its composition root: the only place that decides which
 * clients and adapters back the handler. The logger and the time zone are the platform's common bindings, the
 * same for every entry point.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { createDocumentClient, type DocumentClient } from "@cargo-express/adapters-dynamodb";
import { commonModule, SERVICES, serviceId } from "@cargo-express/platform";
import { Container, ContainerModule } from "inversify";
import type { ProjectorConfig } from "../config.js";
import { createProjectorHandler, type ProjectorHandler } from "./create-projector-handler.js";

export {
  createProjectorHandler,
  type ProjectorDeps,
  type ProjectorHandler,
  type ProjectorResponse,
} from "./create-projector-handler.js";

/** The handler Lambda invokes: the one identifier the projector adds to the platform's SERVICES. */
export const PROJECTOR_HANDLER = serviceId<ProjectorHandler>("ProjectorHandler");

export interface ProjectorOverrides {
  readonly logger?: Logger;
  readonly client?: DocumentClient;
  /**
   * @deprecated Ignored: the projector reads no stream (the event names the batch's shard). Still accepted so
   * callers written for the earlier root (packages/local-stack/src/storage.ts) compile; drop it there.
   */
  readonly streams?: DynamoDBStreamsClient;
}

export function composeProjector(config: ProjectorConfig, overrides: ProjectorOverrides = {}): Container {
  const container = new Container({ defaultScope: "Singleton" });
  const endpoint = config.endpoint === undefined ? {} : { endpoint: config.endpoint };
  container.load(
    commonModule({
      serviceName: "cargo-express-stream-projector",
      logLevel: config.logLevel,
      timeZone: config.timeZone,
      ...(overrides.logger ? { logger: overrides.logger } : {}),
    }),
    new ContainerModule(({ bind }) => {
      bind(PROJECTOR_HANDLER).toResolvedValue(
        (logger, timeZone) =>
          createProjectorHandler({
            client: overrides.client ?? createDocumentClient({ region: config.region, ...endpoint }),
            tables: config.tables,
            timeZone,
            logger,
            ...(config.functionName === undefined ? {} : { deadLetterMetric: { functionName: config.functionName } }),
          }),
        [SERVICES.Logger, SERVICES.TimeZone],
      );
    }),
  );
  return container;
}
