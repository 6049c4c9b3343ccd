import type { Logger } from "@aws-lambda-powertools/logger";
import type {
  CatalogueStore,
  Clock,
  DailyFigures,
  MonitorQueries,
  OrderLedger,
  OrderRepository,
} from "@cargo-express/domain";
import { commonModule, SERVICES, useCasesModule } from "@cargo-express/platform";
import type { Fetcher } from "aws-jwt-verify/https";
import { Container, ContainerModule } from "inversify";
import type { AccessTokenVerifier } from "../auth/access-token-verifier.js";
import { createCognitoAccessTokenVerifier } from "../auth/cognito-verifier.js";
import type { LambdaConfig } from "./config.js";

/**
 * What the HTTP functions' compositions share: the inversify container that builds their use cases, and the
 * token verifier. Each function's own file (./compose-orders.ts, ./compose-monitor.ts) says which use cases answer
 * its routes.
 */

/** Replacements for what a composition would otherwise build from configuration (tests use them). */
export interface CommonOverrides {
  readonly verifier?: AccessTokenVerifier;
  /** Keep the configured Cognito verifier but fetch its JWKS through this (tests serve their own keys). */
  readonly jwksFetcher?: Fetcher;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** The ports an HTTP function's use cases read, when given (in memory, in tests) instead of DynamoDB's. */
interface GivenPorts {
  readonly orders?: OrderRepository;
  readonly ledger?: OrderLedger;
  readonly monitor?: MonitorQueries;
  readonly daily?: DailyFigures;
  readonly catalogue?: CatalogueStore;
}

/** What tells one HTTP function's container from another's. */
export interface HttpFunctionSpec {
  /** The `service` field of its log entries. */
  readonly serviceName: string;
  /** The ports its use cases read. */
  readonly needs: readonly (keyof GivenPorts)[];
}

/**
 * The container of one HTTP function: the platform's common bindings (logger, clock, time zone) and use cases
 * (built there and nowhere else), over the ports it `needs`: each one given as it is, the others bound to
 * DynamoDB, whose adapters are imported on first use (the bundle contains them, but a composition with every
 * port given never loads the AWS SDK, and one that needs DynamoDB builds its client once).
 */
export function httpFunctionContainer(
  config: LambdaConfig,
  spec: HttpFunctionSpec,
  overrides: CommonOverrides & GivenPorts,
): Container {
  const container = new Container({ defaultScope: "Singleton" });
  container.load(
    commonModule({
      serviceName: spec.serviceName,
      logLevel: config.logLevel,
      timeZone: config.timeZone,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
      ...(overrides.logger ? { logger: overrides.logger } : {}),
    }),
    portsModule(config, spec.needs, overrides),
    useCasesModule,
  );
  return container;
}

function portsModule(config: LambdaConfig, needs: readonly (keyof GivenPorts)[], given: GivenPorts): ContainerModule {
  let adapters:
    | Promise<{
        orders: OrderRepository;
        ledger: OrderLedger;
        monitor: MonitorQueries & DailyFigures;
        catalogue: CatalogueStore;
      }>
    | undefined;
  const dynamoDb = () =>
    (adapters ??= import("@cargo-express/adapters-dynamodb").then(
      ({ createDocumentClient, createDynamoDbAdapters, DynamoDbCatalogueStore }) => {
        const client = createDocumentClient({ region: config.region });
        return {
          ...createDynamoDbAdapters({ client, tables: config.tables, timeZone: config.timeZone }),
          catalogue: new DynamoDbCatalogueStore({ client, tableName: config.catalogTable }),
        };
      },
    ));
  return new ContainerModule(({ bind }) => {
    if (needs.includes("orders")) {
      if (given.orders) bind(SERVICES.OrderRepository).toConstantValue(given.orders);
      else
        bind(SERVICES.OrderRepository)
          .toResolvedValue(async () => (await dynamoDb()).orders)
          .inSingletonScope();
    }
    if (needs.includes("ledger")) {
      if (given.ledger) bind(SERVICES.OrderLedger).toConstantValue(given.ledger);
      else
        bind(SERVICES.OrderLedger)
          .toResolvedValue(async () => (await dynamoDb()).ledger)
          .inSingletonScope();
    }
    if (needs.includes("monitor")) {
      if (given.monitor) bind(SERVICES.MonitorQueries).toConstantValue(given.monitor);
      else
        bind(SERVICES.MonitorQueries)
          .toResolvedValue(async () => (await dynamoDb()).monitor)
          .inSingletonScope();
    }
    if (needs.includes("daily")) {
      if (given.daily) bind(SERVICES.DailyFigures).toConstantValue(given.daily);
      else
        bind(SERVICES.DailyFigures)
          .toResolvedValue(async () => (await dynamoDb()).monitor)
          .inSingletonScope();
    }
    if (needs.includes("catalogue")) {
      if (given.catalogue) bind(SERVICES.CatalogueStore).toConstantValue(given.catalogue);
      else
        bind(SERVICES.CatalogueStore)
          .toResolvedValue(async () => (await dynamoDb()).catalogue)
          .inSingletonScope();
    }
  });
}

/** The configured Cognito user pools' verifier (the couriers' and the staff pool), or the override. */
export function verifierFor(config: LambdaConfig, overrides: CommonOverrides): AccessTokenVerifier {
  return (
    overrides.verifier ??
    createCognitoAccessTokenVerifier({
      ...config.cognito,
      // The staff pool's tokens (supervisors, TOTP) too, under the same group rules.
      ...(config.staff ? { otherPools: [config.staff] } : {}),
      ...(overrides.jwksFetcher ? { fetcher: overrides.jwksFetcher } : {}),
    })
  );
}
