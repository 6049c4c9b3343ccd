/**
 * The whole Cargo Express system on AWS, as one function of a validated configuration, the bundle paths and
 * the web app's built files. index.ts (the Pulumi entry point) reads those and calls it; the tests call it
 * under Pulumi's mocks.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tableNamesFor, type TableNames } from "@cargo-express/adapters-dynamodb/tables";
import { createAlarms, type Alarms } from "./alarms.js";
import { createApi, type Api } from "./api.js";
import { createAuth, type Auth } from "./auth.js";
import {
  CATALOG_TABLE_VARIABLE,
  catalogueEditStatements,
  catalogueReadStatements,
  createCatalogAlarm,
  createCatalogTable,
} from "./catalogue.js";
import type { BundlePaths, FunctionKey } from "./bundles.js";
import type { StackConfig } from "./config.js";
import {
  createExportInvokeConfig,
  createExportStorage,
  createFailedExportAlarm,
  exportBuilderStatements,
  exportRequestStatements,
} from "./exports.js";
import { createFunction, type DeployedFunction, functionNameFor } from "./functions.js";
import { createLiveEvents, LIVE_CHANNEL, type LiveEvents } from "./live-events.js";
import { monitorApiStatements, ordersApiStatements, streamProjectorStatements, type TableArns } from "./permissions.js";
import { createFailureQueue, createProjectorSource } from "./projector.js";
import { createSignInAcl, type SignInAcl } from "./sign-in-acl.js";
import { USER_GROUPS } from "./sign-in-settings.js";
import { createTables, tableEnvironment, type Tables } from "./tables.js";
import { WebSite } from "./web/site.js";
import type { WebBuild } from "./web-files.js";

export interface CargoExpressOutputs {
  readonly apiUrl: pulumi.Output<string>;
  /** The supervisors' web app, with the API at the same origin: `https://<id>.cloudfront.net`. */
  readonly webUrl: pulumi.Output<string>;
  readonly region: string;
  /** The couriers' pool (couriers' phones, dispatchers) and its app client. */
  readonly userPoolId: pulumi.Output<string>;
  readonly userPoolClientId: pulumi.Output<string>;
  /** The staff pool (supervisors, TOTP required) and the web app's client, also in the web app's config.json. */
  readonly staffUserPoolId: pulumi.Output<string>;
  readonly staffUserPoolClientId: pulumi.Output<string>;
  readonly tableNames: TableNames;
  /** The catalogue table: what `npm run catalog:seed` seeds (docs/deploy.md). */
  readonly catalogTableName: string;
  /** The export jobs' table and the private bucket of export files (kept a day). */
  readonly exportsTableName: string;
  readonly exportsBucketName: pulumi.Output<string>;
  readonly functionNames: Readonly<Record<FunctionKey, pulumi.Output<string>>>;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly projectorFailureQueueUrl: pulumi.Output<string>;
}

export interface CargoExpress {
  readonly provider: aws.Provider;
  readonly system: CargoExpressSystem;
  readonly tables: Tables;
  readonly auth: Auth;
  /** The sign-in rate limit on both user pools (regional WAF). */
  readonly signInAcl: SignInAcl;
  readonly functions: Readonly<Record<FunctionKey, DeployedFunction>>;
  readonly failureQueue: aws.sqs.Queue;
  readonly projectorSource: aws.lambda.EventSourceMapping;
  readonly api: Api;
  readonly alarms: Alarms;
  readonly web: WebSite;
  /** The supervisors' live channel: AppSync Events, published to by the projector. */
  readonly liveEvents: LiveEvents;
  /** The ledger's exports: the jobs' table, the files' bucket, the export function's invocation settings and alarm. */
  readonly exports: ReturnType<typeof createExportStorage> & {
    readonly invokeConfig: aws.lambda.FunctionEventInvokeConfig;
    readonly alarm: aws.cloudwatch.MetricAlarm;
  };
  /** Exported as the stack outputs, key for key. */
  readonly outputs: CargoExpressOutputs;
}

/** Groups every resource under one parent in `pulumi stack` and carries the explicit provider to them. */
class CargoExpressSystem extends pulumi.ComponentResource {
  constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super("cargo-express:index:System", name, {}, opts);
  }

  complete(outputs: CargoExpressOutputs): void {
    this.registerOutputs({ ...outputs });
  }
}

export function deployCargoExpress(config: StackConfig, bundles: BundlePaths, webBuild: WebBuild): CargoExpress {
  const prefix = `cargo-express-${config.stage}`;

  // An explicit provider: the region comes from the validated configuration, and every resource carries
  // the same tags so the bill can be filtered by application and stage.
  const provider = new aws.Provider("aws", {
    region: config.region,
    defaultTags: { tags: { application: "cargo-express-orders", stage: config.stage, "managed-by": "pulumi" } },
  });
  const system = new CargoExpressSystem(prefix, { providers: [provider] });
  const opts: pulumi.CustomResourceOptions = { parent: system };

  const tableNames = tableNamesFor(prefix);
  const tables = createTables({ names: tableNames, deletionProtection: config.deletionProtection }, opts);
  const tableArns: TableArns = {
    orders: tables.orders.arn,
    deliveries: tables.deliveries.arn,
    projectorState: tables.projectorState.arn,
  };

  const catalog = createCatalogTable({ prefix, deletionProtection: config.deletionProtection }, opts);
  const exportStorage = createExportStorage({ prefix, deletionProtection: config.deletionProtection }, opts);

  const auth = createAuth(
    { stage: config.stage, deletionProtection: config.deletionProtection, logRetentionDays: config.logRetentionDays },
    opts,
  );

  const apiEnvironment = (serviceName: string): Record<string, pulumi.Input<string>> => ({
    ...tableEnvironment(tableNames),
    [CATALOG_TABLE_VARIABLE]: catalog.name,
    COGNITO_USER_POOL_ID: auth.userPool.id,
    COGNITO_CLIENT_ID: auth.client.id,
    STAFF_USER_POOL_ID: auth.staff.userPool.id,
    STAFF_CLIENT_ID: auth.staff.client.id,
    COURIERS_GROUP: USER_GROUPS.couriers,
    SUPERVISORS_GROUP: USER_GROUPS.supervisors,
    DISPATCHERS_GROUP: USER_GROUPS.dispatchers,
    BUSINESS_TIME_ZONE: config.businessTimeZone,
    LOG_LEVEL: config.logLevel,
    POWERTOOLS_SERVICE_NAME: serviceName,
  });

  const signInAcl = createSignInAcl(config.stage, { couriers: auth.userPool, staff: auth.staff.userPool }, opts);

  const failureQueue = createFailureQueue(config.stage, opts);

  const liveEvents = createLiveEvents(
    {
      stage: config.stage,
      region: config.region,
      pools: {
        couriers: { userPoolId: auth.userPool.id, clientId: auth.client.id },
        staff: { userPoolId: auth.staff.userPool.id, clientId: auth.staff.client.id },
      },
    },
    opts,
  );

  const common = { stage: config.stage, logRetentionDays: config.logRetentionDays };
  const exportBuilder = createFunction(
    {
      ...common,
      key: "exportBuilder",
      description:
        "Cargo Express: writes a ledger export (CSV or XLSX) to the private exports bucket, off the request path",
      bundleFile: bundles.exportBuilder,
      environment: {
        ORDERS_TABLE: tableNames.orders,
        EXPORTS_TABLE: exportStorage.tableName,
        EXPORTS_BUCKET: exportStorage.bucket.bucket,
        BUSINESS_TIME_ZONE: config.businessTimeZone,
        LOG_LEVEL: config.logLevel,
        POWERTOOLS_SERVICE_NAME: "cargo-express-export-builder",
      },
      statements: exportBuilderStatements({
        table: exportStorage.table.arn,
        orders: tables.orders.arn,
        bucket: exportStorage.bucket.arn,
      }),
    },
    opts,
  );
  const functions = {
    ordersApi: createFunction(
      {
        ...common,
        key: "ordersApi",
        description:
          "Cargo Express: POST /orders, GET /orders/{id}, POST /order/registrar_pedido_entregado, PUT /catalog/..., /exports",
        bundleFile: bundles.ordersApi,
        environment: {
          ...apiEnvironment("cargo-express-orders-api"),
          MAX_DELIVERY_AGE_DAYS: String(config.maxDeliveryAgeDays),
          EXPORTS_TABLE: exportStorage.tableName,
          EXPORTS_BUCKET: exportStorage.bucket.bucket,
          EXPORT_FUNCTION_NAME: functionNameFor(config.stage, "exportBuilder"),
        },
        statements: [
          ...ordersApiStatements(tableArns),
          ...catalogueEditStatements(catalog.table.arn),
          ...exportRequestStatements({
            table: exportStorage.table.arn,
            bucket: exportStorage.bucket.arn,
            exportFunction: exportBuilder.function.arn,
          }),
        ],
      },
      opts,
    ),
    monitorApi: createFunction(
      {
        ...common,
        key: "monitorApi",
        description:
          "Cargo Express: GET /monitor, /monitor/status, /catalog, /catalog/history, /health, /openapi.json, /docs",
        bundleFile: bundles.monitorApi,
        environment: apiEnvironment("cargo-express-monitor-api"),
        statements: [...monitorApiStatements(tableArns), ...catalogueReadStatements(catalog.table.arn)],
      },
      opts,
    ),
    streamProjector: createFunction(
      {
        ...common,
        key: "streamProjector",
        description: "Cargo Express: applies Orders stream batches to the monitor's projections, exactly once",
        bundleFile: bundles.streamProjector,
        environment: {
          ...tableEnvironment(tableNames),
          BUSINESS_TIME_ZONE: config.businessTimeZone,
          LOG_LEVEL: config.logLevel,
          POWERTOOLS_SERVICE_NAME: "cargo-express-stream-projector",
          LIVE_EVENTS_URL: liveEvents.publishUrl,
          LIVE_EVENTS_CHANNEL: LIVE_CHANNEL,
        },
        statements: streamProjectorStatements({
          tables: tableArns,
          ordersStreamArn: tables.orders.streamArn,
          failureQueueArn: failureQueue.arn,
          liveNamespaceArn: liveEvents.namespace.channelNamespaceArn,
        }),
      },
      opts,
    ),
    exportBuilder,
  };
  const exportInvokeConfig = createExportInvokeConfig(exportBuilder.function.name, opts);

  const projectorSource = createProjectorSource(
    {
      ordersStreamArn: tables.orders.streamArn,
      functionName: functions.streamProjector.function.name,
      batchSize: config.projector.batchSize,
      batchingWindowSeconds: config.projector.batchingWindowSeconds,
      failureQueue,
    },
    opts,
  );

  const api = createApi(
    {
      stage: config.stage,
      issuers: {
        couriers: { issuer: auth.issuer, audience: auth.client.id },
        staff: { issuer: auth.staffIssuer, audience: auth.staff.client.id },
      },
      functions: { ordersApi: functions.ordersApi.function, monitorApi: functions.monitorApi.function },
      throttle: config.apiThrottle,
      logRetentionDays: config.logRetentionDays,
      domain: config.apiDomain,
      executeApiEndpoint: config.executeApiEndpoint,
    },
    opts,
  );

  const web = new WebSite(
    `${prefix}-web`,
    {
      stage: config.stage,
      region: config.region,
      files: webBuild.files,
      // The web app's users are supervisors: it signs in to the staff pool.
      userPoolClientId: auth.staff.client.id,
      apiUrl: api.url,
      domain: config.webDomain,
      live: liveEvents.webSettings,
    },
    { parent: system },
  );

  const functionNames = {
    ordersApi: functions.ordersApi.function.name,
    monitorApi: functions.monitorApi.function.name,
    streamProjector: functions.streamProjector.function.name,
    exportBuilder: functions.exportBuilder.function.name,
  };

  const alarms = createAlarms(
    {
      stage: config.stage,
      alarmEmail: config.alarmEmail,
      functionNames,
      failureQueueName: failureQueue.name,
      apiId: api.api.id,
    },
    opts,
  );

  createCatalogAlarm({ stage: config.stage, tableName: catalog.table.name, topicArn: alarms.topic.arn }, opts);
  const exportAlarm = createFailedExportAlarm(
    { stage: config.stage, functionName: functions.exportBuilder.function.name, topicArn: alarms.topic.arn },
    opts,
  );

  const outputs: CargoExpressOutputs = {
    apiUrl: api.url,
    webUrl: web.url,
    region: config.region,
    userPoolId: auth.userPool.id,
    userPoolClientId: auth.client.id,
    staffUserPoolId: auth.staff.userPool.id,
    staffUserPoolClientId: auth.staff.client.id,
    tableNames,
    catalogTableName: catalog.name,
    exportsTableName: exportStorage.tableName,
    exportsBucketName: exportStorage.bucket.bucket,
    functionNames,
    alarmTopicArn: alarms.topic.arn,
    projectorFailureQueueUrl: failureQueue.url,
  };
  system.complete(outputs);

  return {
    provider,
    system,
    tables,
    auth,
    signInAcl,
    functions,
    failureQueue,
    projectorSource,
    api,
    alarms,
    web,
    liveEvents,
    exports: { ...exportStorage, invokeConfig: exportInvokeConfig, alarm: exportAlarm },
    outputs,
  };
}
