import type { Logger } from "@aws-lambda-powertools/logger";
import { systemClock, type Clock, type MonitorQueries, type OrderRepository } from "@cargo-express/domain";
import type { Fetcher } from "aws-jwt-verify/https";
import type { Container } from "inversify";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { createCognitoAccessTokenVerifier } from "../auth/cognito-verifier.js";
import { createLogger } from "../logging/logger.js";
import type { LambdaConfig } from "./config.js";
import { TOKENS } from "./tokens.js";

/** Replacements for what a composition root would otherwise build from configuration (tests use them). */
export interface CommonOverrides {
  readonly verifier?: AccessTokenVerifier;
  /** Keep the configured Cognito verifier but fetch its JWKS through this (tests serve their own keys). */
  readonly jwksFetcher?: Fetcher;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** The part of the DynamoDB adapters the HTTP functions use. */
export interface DynamoDbAdapters {
  readonly orders: OrderRepository;
  readonly monitor: MonitorQueries;
}

/** Configuration, logger, clock and the Cognito verifier: the same in both functions. */
export function bindCommon(
  container: Container,
  config: LambdaConfig,
  overrides: CommonOverrides,
  serviceName: string,
): void {
  container.bind<LambdaConfig>(TOKENS.Config).toConstantValue(config);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(overrides.clock ?? systemClock);
  if (overrides.logger) container.bind<Logger>(TOKENS.Logger).toConstantValue(overrides.logger);
  else
    container
      .bind<Logger>(TOKENS.Logger)
      .toResolvedValue((c: LambdaConfig) => createLogger({ serviceName, level: c.logLevel }), [TOKENS.Config])
      .inSingletonScope();
  if (overrides.verifier) container.bind<AccessTokenVerifier>(TOKENS.Verifier).toConstantValue(overrides.verifier);
  else {
    container
      .bind<AccessTokenVerifier>(TOKENS.Verifier)
      .toResolvedValue(
        (c: LambdaConfig) =>
          createCognitoAccessTokenVerifier({
            ...c.cognito,
            ...(overrides.jwksFetcher ? { fetcher: overrides.jwksFetcher } : {}),
          }),
        [TOKENS.Config],
      )
      .inSingletonScope();
  }
}

/**
 * The DynamoDB adapters, loaded on first use: the bundle contains them, but a composition with
 * in-memory overrides never loads the AWS SDK.
 */
export function bindDynamoDbAdapters(container: Container): void {
  container
    .bind<DynamoDbAdapters>(TOKENS.DynamoDbAdapters)
    .toResolvedValue(
      async (config: LambdaConfig) => {
        const { createDocumentClient, createDynamoDbAdapters } = await import("@cargo-express/adapters-dynamodb");
        return createDynamoDbAdapters({
          client: createDocumentClient({ region: config.region }),
          tables: config.tables,
          timeZone: config.timeZone,
        });
      },
      [TOKENS.Config],
    )
    .inSingletonScope();
}
