/**
 * The stream projector Lambda: DynamoDB stream events of the Orders table -> projections.
 * Its composition root: the only place that decides which clients and adapters back the handler.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { createDocumentClient, type DocumentClient } from "@cargo-express/adapters-dynamodb";
import { Container } from "inversify";
import { readProjectorConfig, type ProjectorConfig } from "../config.js";
import { createLogger } from "../logging/logger.js";
import { createProjectorHandler, type ProjectorHandler } from "./create-projector-handler.js";

export {
  createProjectorHandler,
  type ProjectorDeps,
  type ProjectorHandler,
  type ProjectorResponse,
} from "./create-projector-handler.js";

/** Service identifiers of the projector's composition root (nothing else sees them). */
export const PROJECTOR_TOKENS = {
  Config: Symbol.for("cargo-express.projector.Config"),
  Logger: Symbol.for("cargo-express.projector.Logger"),
  DocumentClient: Symbol.for("cargo-express.projector.DocumentClient"),
  Handler: Symbol.for("cargo-express.projector.Handler"),
} as const;

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
  container.bind<ProjectorConfig>(PROJECTOR_TOKENS.Config).toConstantValue(config);
  container
    .bind<Logger>(PROJECTOR_TOKENS.Logger)
    .toDynamicValue(() => overrides.logger ?? createLogger({ level: config.logLevel }));
  container
    .bind<DocumentClient>(PROJECTOR_TOKENS.DocumentClient)
    .toDynamicValue(() => overrides.client ?? createDocumentClient({ region: config.region, ...endpoint }));
  container.bind<ProjectorHandler>(PROJECTOR_TOKENS.Handler).toDynamicValue((context) =>
    createProjectorHandler({
      client: context.get<DocumentClient>(PROJECTOR_TOKENS.DocumentClient),
      tables: config.tables,
      timeZone: config.timeZone,
      logger: context.get<Logger>(PROJECTOR_TOKENS.Logger),
      ...(config.functionName === undefined ? {} : { deadLetterMetric: { functionName: config.functionName } }),
    }),
  );
  return container;
}

let composed: ProjectorHandler | undefined;

/**
 * Lambda's entry point. Configuration is read and the clients are built on the first invocation and
 * reused by later ones (they keep their connections); a configuration error fails every invocation
 * with a message naming the bad variables.
 */
export const handler: ProjectorHandler = async (event) => {
  composed ??= composeProjector(readProjectorConfig(process.env)).get<ProjectorHandler>(PROJECTOR_TOKENS.Handler);
  return composed(event);
};
