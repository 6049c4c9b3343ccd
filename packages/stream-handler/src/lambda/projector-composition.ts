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
import { projectorContainer } from "./create-projector-handler.js";

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
    ...(config.functionName === undefined ? {} : { deadLetterMetric: { functionName: config.functionName } }),
  });
}
