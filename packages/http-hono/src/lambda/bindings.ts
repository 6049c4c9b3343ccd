import type { Logger } from "@aws-lambda-powertools/logger";
import type { Clock, MonitorQueries, OrderRepository } from "@cargo-express/domain";
import { type BuiltPorts, commonModule, SERVICES, type ServiceId, serviceId } from "@cargo-express/platform";
import type { Fetcher } from "aws-jwt-verify/https";
import type { Hono } from "hono";
import { ContainerModule } from "inversify";
import type { AppEnv } from "../app-env.js";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { createCognitoAccessTokenVerifier } from "../auth/cognito-verifier.js";
import type { LambdaConfig } from "./config.js";

/** Replacements for what a composition root would otherwise build from configuration (tests use them). */
export interface CommonOverrides {
  readonly verifier?: AccessTokenVerifier;
  /** Keep the configured Cognito verifier but fetch its JWKS through this (tests serve their own keys). */
  readonly jwksFetcher?: Fetcher;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/**
 * The app an HTTP function serves: the one identifier the HTTP functions add to the platform's SERVICES (its
 * type, Hono over this package's AppEnv, is this package's own; the platform cannot name it).
 */
export const HTTP_APP: ServiceId<Hono<AppEnv>> = serviceId<Hono<AppEnv>>("HttpApp");

/** The platform's common bindings (logger, clock, time zone) for an HTTP function. */
export function lambdaCommonModule(
  config: LambdaConfig,
  overrides: CommonOverrides,
  serviceName: string,
): ContainerModule {
  return commonModule({
    serviceName,
    logLevel: config.logLevel,
    timeZone: config.timeZone,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.logger ? { logger: overrides.logger } : {}),
  });
}

/** The configured Cognito user pool's verifier, or the override (built when the app is, once). */
export function verifierFor(config: LambdaConfig, overrides: CommonOverrides): AccessTokenVerifier {
  return (
    overrides.verifier ??
    createCognitoAccessTokenVerifier({
      ...config.cognito,
      ...(overrides.jwksFetcher ? { fetcher: overrides.jwksFetcher } : {}),
    })
  );
}

/**
 * Binds the ports a function needs: each one given (in memory, in tests) as it is, the others to DynamoDB,
 * loaded on first use: the bundle contains the adapters, but a composition with every port given never loads
 * the AWS SDK, and one that needs DynamoDB builds its client once.
 */
export function lambdaPortsModule(
  config: LambdaConfig,
  given: BuiltPorts,
  needed: readonly (keyof BuiltPorts)[],
): ContainerModule {
  let adapters: Promise<{ orders: OrderRepository; monitor: MonitorQueries }> | undefined;
  const dynamoDb = () =>
    (adapters ??= import("@cargo-express/adapters-dynamodb").then(({ createDocumentClient, createDynamoDbAdapters }) =>
      createDynamoDbAdapters({
        client: createDocumentClient({ region: config.region }),
        tables: config.tables,
        timeZone: config.timeZone,
      }),
    ));
  return new ContainerModule(({ bind }) => {
    if (needed.includes("orders")) {
      if (given.orders) bind(SERVICES.OrderRepository).toConstantValue(given.orders);
      else
        bind(SERVICES.OrderRepository)
          .toResolvedValue(async () => (await dynamoDb()).orders)
          .inSingletonScope();
    }
    if (needed.includes("monitor")) {
      if (given.monitor) bind(SERVICES.MonitorQueries).toConstantValue(given.monitor);
      else
        bind(SERVICES.MonitorQueries)
          .toResolvedValue(async () => (await dynamoDb()).monitor)
          .inSingletonScope();
    }
  });
}
