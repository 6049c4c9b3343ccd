import type { Logger } from "@aws-lambda-powertools/logger";
import type {
  CatalogueStore,
  Clock,
  DailyFigures,
  ExportDispatcher,
  ExportJobStore,
  ExportLinks,
  MonitorQueries,
  OrderLedger,
  OrderRepository,
} from "@cargo-express/domain";
import { ConfigurationError, commonModule, SERVICES, useCasesModule } from "@cargo-express/platform";
import type { Fetcher } from "aws-jwt-verify/https";
import { Container, ContainerModule, type ContainerModuleLoadOptions } from "inversify";

type ContainerModuleBind = ContainerModuleLoadOptions["bind"];
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
  readonly exportJobs?: ExportJobStore;
  readonly exportDispatcher?: ExportDispatcher;
  readonly exportLinks?: ExportLinks;
}

/** What tells one HTTP function's container from another's. */
export interface HttpFunctionSpec {
  /** The `service` field of its log entries. */
  readonly serviceName: string;
  /** The ports its use cases read ("exports": the job store, the dispatcher and the links together). */
  readonly needs: readonly (keyof GivenPorts | "exports")[];
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

function portsModule(config: LambdaConfig, needs: HttpFunctionSpec["needs"], given: GivenPorts): ContainerModule {
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
    if (needs.includes("exports")) bindExports(bind, config, given);
    if (needs.includes("catalogue")) {
      if (given.catalogue) bind(SERVICES.CatalogueStore).toConstantValue(given.catalogue);
      else
        bind(SERVICES.CatalogueStore)
          .toResolvedValue(async () => (await dynamoDb()).catalogue)
          .inSingletonScope();
    }
  });
}

/**
 * The exports' ports: each one given (tests), else on AWS: the jobs in DynamoDB, the export function started by an
 * asynchronous Invoke, links presigned by S3 (ledger-exports/aws, imported on first use). A function that serves
 * exports without their configuration does not start: the error names the variables.
 */
function bindExports(bind: ContainerModuleBind, config: LambdaConfig, given: GivenPorts): void {
  const settings = config.exports;
  const missing = () =>
    new ConfigurationError(
      "Lambda configuration: EXPORTS_TABLE, EXPORT_FUNCTION_NAME and EXPORTS_BUCKET are required by this function",
    );
  if (settings === undefined && !(given.exportJobs && given.exportDispatcher && given.exportLinks)) throw missing();
  let aws: Promise<{ dispatcher: ExportDispatcher; links: ExportLinks; jobs: ExportJobStore }> | undefined;
  const onAws = () =>
    (aws ??= Promise.all([
      import("@cargo-express/ledger-exports/aws"),
      import("@cargo-express/adapters-dynamodb"),
    ]).then(
      ([
        { LambdaExportDispatcher, S3ExportLinks, LambdaClient, S3Client },
        { createDocumentClient, DynamoDbExportJobStore },
      ]) => {
        if (settings === undefined) throw missing();
        return {
          dispatcher: new LambdaExportDispatcher({
            client: new LambdaClient({ region: config.region }),
            functionName: settings.functionName,
          }),
          links: new S3ExportLinks({
            client: new S3Client({ region: config.region }),
            bucket: settings.bucket,
            clock: { now: () => Date.now() },
          }),
          jobs: new DynamoDbExportJobStore({
            client: createDocumentClient({ region: config.region }),
            tableName: settings.table,
          }),
        };
      },
    ));
  if (given.exportJobs) bind(SERVICES.ExportJobStore).toConstantValue(given.exportJobs);
  else
    bind(SERVICES.ExportJobStore)
      .toResolvedValue(async () => (await onAws()).jobs)
      .inSingletonScope();
  if (given.exportDispatcher) bind(SERVICES.ExportDispatcher).toConstantValue(given.exportDispatcher);
  else
    bind(SERVICES.ExportDispatcher)
      .toResolvedValue(async () => (await onAws()).dispatcher)
      .inSingletonScope();
  if (given.exportLinks) bind(SERVICES.ExportLinks).toConstantValue(given.exportLinks);
  else
    bind(SERVICES.ExportLinks)
      .toResolvedValue(async () => (await onAws()).links)
      .inSingletonScope();
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
