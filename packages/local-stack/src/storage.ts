import {
  InMemoryCatalogueStore,
  type InMemoryChangeFeedOptions,
  InMemoryDeadLetters,
  InMemoryExportJobStore,
  InMemoryGenerations,
  InMemoryMonitorQueries,
  InMemoryOrderChangeFeed,
  InMemoryOrderRepository,
  InMemoryProjectionStores,
} from "@cargo-express/adapters-memory";
import {
  catalogTableNameFor,
  createDocumentClient,
  createDynamoDbAdapters,
  DynamoDbCatalogueStore,
  DynamoDbExportJobStore,
  ensureCatalogTable,
  ensureExportsTable,
  ensureTables,
  exportsTableNameFor,
  tableNamesFor,
  type TableNames,
} from "@cargo-express/adapters-dynamodb";
import {
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  startDynamoDbLocal,
} from "@cargo-express/adapters-dynamodb/dynamodb-local";
import type {
  CatalogueStore,
  DailyFigures,
  ExportJobStore,
  MonitorQueries,
  OrderLedger,
  OrderRepository,
} from "@cargo-express/domain";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import {
  AppSyncEventsPublisher,
  composeProjector,
  createProjectorHandlerOver,
  FiguresChangedNotice,
  LIVE_PUBLISH_TIMEOUT_MS,
  PROJECTOR_HANDLER,
} from "@cargo-express/stream-handler";
import type { Logger } from "@aws-lambda-powertools/logger";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStreamPoller } from "./local-event-source-mapping.js";
import { LocalMemoryEventSource } from "./local-memory-event-source.js";

/** The local stack's tables, created idempotently at start. */
export const LOCAL_TABLES: TableNames = tableNamesFor("cargo-express-local");
/** The local catalogue table, beside them. */
const LOCAL_CATALOG_TABLE = catalogTableNameFor("cargo-express-local");
/** The local export jobs' table. */
const LOCAL_EXPORTS_TABLE = exportsTableNameFor("cargo-express-local");

export interface LocalStorage {
  readonly orders: OrderRepository;
  /** The orders by delivery time (GET /orders, the exports). */
  readonly ledger: OrderLedger;
  /** The monitor's reads: its report and the daily series. */
  readonly monitor: MonitorQueries & DailyFigures;
  /** The catalogue and fleet (seeded at start when empty). */
  readonly catalogue: CatalogueStore;
  /** The export jobs. */
  readonly exportJobs: ExportJobStore;
  /** Where the local export worker writes the files (the data folder's `exports`, or a temporary one in memory). */
  readonly exportsFolder: string;
  /** One line for the start banner. */
  readonly description: string;
  /** Settings other tools need (rebuild, dead letters): written to .env. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Which part of the system a DynamoDB client serves; each part gets its own client so a benchmark can meter each. */
export type DynamoDbClientRole = "orders-api" | "monitor-api" | "projector";

/** Called once per DynamoDB client the stack creates, before it is used (bench/growth-bench.ts attaches capacity meters). */
export type InstrumentDynamoDb = (
  client: ReturnType<typeof createDocumentClient>,
  context: { readonly role: DynamoDbClientRole; readonly endpoint: string },
) => void;

export const javaAvailable = (): boolean => spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;

/** Where the local projector publishes "the figures changed": the local stand-in for AppSync Events. */
export interface LocalLivePublishing {
  readonly url: string;
  readonly channel: string;
  readonly key: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly region: string };
}

/** The same notice the Lambda projector gives after each commit, to the stand-in, signed with the local key. */
function liveNoticeOf(live: LocalLivePublishing | undefined) {
  if (live === undefined) return undefined;
  const { accessKeyId, secretAccessKey, region } = live.key;
  return (logger: Logger) =>
    new FiguresChangedNotice({
      publisher: new AppSyncEventsPublisher({
        url: live.url,
        channel: live.channel,
        region,
        credentials: () => ({ accessKeyId, secretAccessKey }),
      }),
      timeoutMs: LIVE_PUBLISH_TIMEOUT_MS,
      logger,
      // Locally the failure metric's line would only clutter the terminal; the warning says it.
      write: () => undefined,
    });
}

/** The in-memory storage: what the projector dead-lettered stays in memory too, for tests and a reader. */
export interface MemoryStorage extends LocalStorage {
  readonly deadLetters: InMemoryDeadLetters;
}

/**
 * In memory, for machines without Java; data is lost when the stack stops. The same projector path as on
 * DynamoDB Local: the in-memory change feed (at least once, like the table's stream) is turned into the events
 * Lambda delivers by a LOCAL stand-in for the event source mapping, which invokes the very projector handler
 * deployed to Lambda, here over the in-memory generations, stores and dead letters. `feed` sets the change
 * feed's batching and, for tests, its faults (duplicates, redeliveries, reordering).
 */
export function startMemoryStorage(options: {
  timeZone: string;
  logger: Logger;
  feed?: InMemoryChangeFeedOptions;
  live?: LocalLivePublishing;
}): MemoryStorage {
  const orders = new InMemoryOrderRepository();
  const generations = new InMemoryGenerations();
  const stores = new InMemoryProjectionStores();
  const deadLetters = new InMemoryDeadLetters();
  const source = new LocalMemoryEventSource({
    feed: new InMemoryOrderChangeFeed(orders, options.feed),
    handler: createProjectorHandlerOver(
      { plan: generations, stores, deadLetters },
      {
        timeZone: options.timeZone,
        logger: options.logger,
        liveNotice: liveNoticeOf(options.live),
        deadLetterMetric: { write: metricLinesTo(options.logger) },
        correctionsMetric: { write: metricLinesTo(options.logger) },
      },
    ),
    tableName: LOCAL_TABLES.orders,
    logger: options.logger,
  });
  source.start();
  // Lost with the rest of the data when the stack stops.
  const exportsFolder = mkdtempSync(join(tmpdir(), "cargo-express-exports-"));
  return {
    orders,
    ledger: orders,
    monitor: new InMemoryMonitorQueries(generations, stores),
    catalogue: new InMemoryCatalogueStore(),
    exportJobs: new InMemoryExportJobStore(),
    exportsFolder,
    deadLetters,
    description: "in memory (data is lost when the stack stops)",
    env: {},
    stop: async () => {
      await source.stop();
      rmSync(exportsFolder, { recursive: true, force: true });
    },
  };
}

/**
 * The same pipeline as in AWS: Amazon's DynamoDB Local (data kept in `dataDir`), the Orders table's
 * stream read by the LOCAL stand-in for Lambda's event source mapping, which invokes the very
 * projector handler deployed to Lambda.
 */
export async function startDynamoDbStorage(options: {
  port: number;
  dataDir: string;
  timeZone: string;
  logger: Logger;
  logLevel: string;
  instrument?: InstrumentDynamoDb;
  /** Browser origins DynamoDB Local answers CORS for: the stack's own, not DynamoDB Local's default `*`. */
  corsOrigins: readonly string[];
  live?: LocalLivePublishing;
}): Promise<LocalStorage> {
  const database = await startDynamoDbLocal({
    port: options.port,
    dbPath: join(options.dataDir, "dynamodb"),
    corsOrigins: options.corsOrigins,
  });
  const stops: (() => Promise<void>)[] = [() => database.stop()];
  try {
    const connection = {
      region: DYNAMODB_LOCAL_REGION,
      endpoint: database.endpoint,
      credentials: DYNAMODB_LOCAL_CREDENTIALS,
    };
    const clientFor = (role: DynamoDbClientRole) => {
      const created = createDocumentClient(connection);
      options.instrument?.(created, { role, endpoint: database.endpoint });
      return created;
    };
    const client = clientFor("projector");
    const ordersClient = clientFor("orders-api");
    const monitorClient = clientFor("monitor-api");
    await ensureTables(client, LOCAL_TABLES);
    await ensureCatalogTable(client, LOCAL_CATALOG_TABLE);
    await ensureExportsTable(client, LOCAL_EXPORTS_TABLE);
    const streams = new DynamoDBStreamsClient({ ...connection, maxAttempts: 3 });
    const adapters = {
      ...(({ orders, ledger }) => ({ orders, ledger }))(
        createDynamoDbAdapters({ client: ordersClient, tables: LOCAL_TABLES, timeZone: options.timeZone }),
      ),
      monitor: createDynamoDbAdapters({ client: monitorClient, tables: LOCAL_TABLES, timeZone: options.timeZone })
        .monitor,
    };
    const projector = composeProjector(
      {
        region: DYNAMODB_LOCAL_REGION,
        tables: LOCAL_TABLES,
        timeZone: options.timeZone,
        logLevel: options.logLevel as never,
        endpoint: database.endpoint,
      },
      {
        client,
        logger: options.logger,
        liveNotice: liveNoticeOf(options.live),
        metricLines: metricLinesTo(options.logger),
      },
    ).get(PROJECTOR_HANDLER);
    const poller = new LocalStreamPoller({
      streams,
      dynamodb: client,
      tableName: LOCAL_TABLES.orders,
      handler: projector,
      batchSize: 100,
      idlePollMs: 50,
      logger: options.logger,
    });
    await poller.start();
    stops.unshift(async () => {
      await poller.stop();
      streams.destroy();
      for (const c of [client, ordersClient, monitorClient]) c.destroy();
    });
    return {
      orders: adapters.orders,
      ledger: adapters.ledger,
      monitor: adapters.monitor,
      // The monitor's client: the catalogue is read with every report; edits are rare.
      catalogue: new DynamoDbCatalogueStore({ client: monitorClient, tableName: LOCAL_CATALOG_TABLE }),
      exportJobs: new DynamoDbExportJobStore({ client: ordersClient, tableName: LOCAL_EXPORTS_TABLE }),
      exportsFolder: join(options.dataDir, "exports"),
      description: `DynamoDB Local at ${database.endpoint}, data in ${join(options.dataDir, "dynamodb")} (kept across restarts; npm run db:reset wipes it)`,
      env: {
        DYNAMODB_ENDPOINT: database.endpoint,
        ORDERS_TABLE: LOCAL_TABLES.orders,
        DELIVERIES_TABLE: LOCAL_TABLES.deliveries,
        PROJECTOR_STATE_TABLE: LOCAL_TABLES.projectorState,
        CATALOG_TABLE: LOCAL_CATALOG_TABLE,
        EXPORTS_TABLE: LOCAL_EXPORTS_TABLE,
      },
      stop: async () => {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * The projector's metric lines (CloudWatch Embedded Metric Format), which on AWS CloudWatch turns into the alarmed
 * metrics: locally there is no CloudWatch, so they go to the logger at DEBUG rather than into the terminal.
 */
const metricLinesTo =
  (logger: Logger) =>
  (line: string): void =>
    logger.debug("projector metric line (CloudWatch reads it on AWS)", { line: line.trim() });
