import {
  FixedClock,
  InMemoryCatalogueStore,
  InMemoryExportJobStore,
  InMemoryOrderChangeFeed,
  InMemoryOrderRepository,
  InMemoryProjectionStore,
} from "@cargo-express/adapters-memory";
import {
  ApplyOrderChanges,
  BuildExport,
  DEFAULT_BUSINESS_TIME_ZONE,
  GetDailySeries,
  EditCatalogue,
  GetCatalogue,
  GetCatalogueHistory,
  GetExport,
  GetMonitorReport,
  GetOrder,
  VoidOrder,
  CorrectOrder,
  ListOrders,
  PlaceOrder,
  RequestExport,
  systemClock,
  type Clock,
  type ExportJob,
  type MonitorQueries,
  type OrderRepository,
} from "@cargo-express/domain";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@aws-lambda-powertools/logger";
import { LocalFileExports, LocalSignedExportLinks } from "@cargo-express/ledger-exports";
import { createApp, createLogger, type AccessTokenVerifier, type AppDependencies } from "../../src/index.js";

export const GROUPS = { couriers: "couriers", supervisors: "supervisors", dispatchers: "dispatchers" } as const;

/** 2024-09-11 18:30 in Bogota. */
export const NOW = Date.parse("2024-09-11T23:30:00Z");

export const silentLogger = (): Logger => createLogger({ serviceName: "cargo-express-api", level: "SILENT" });

/**
 * The app over the real in-memory adapters. `orders`/`monitor` wrap the stores when a test needs a
 * failing dependency; `project()` runs the real projector over the in-memory change feed.
 */
export function buildApp(options: {
  verifier: AccessTokenVerifier;
  logger?: Logger;
  bodyLimitBytes?: number;
  orders?: (repository: InMemoryOrderRepository) => OrderRepository;
  monitor?: (store: InMemoryProjectionStore) => MonitorQueries;
  /**
   * The clock stamping receipt (PlaceOrder). Default: the real clock, because OrderMother.random() dates
   * deliveries at the real now and a delivery may not be later than its receipt (a phone's clock running fast is refused); the monitor keeps
   * the fixed NOW. Tests of the skew rule pass a fixed clock.
   */
  receiptClock?: Clock;
  /** How far back a courier may date a delivery, ms; default the app's (7 days). */
  courierMaxDeliveryAgeMs?: number;
  /** Default 0: these tests read the monitor right after `project()`; test/monitor-cache.test.ts covers the cache. */
  monitorCacheMs?: number;
}) {
  const repository = new InMemoryOrderRepository();
  const store = new InMemoryProjectionStore();
  const feed = new InMemoryOrderChangeFeed(repository);
  const clock = new FixedClock(NOW);
  const timeZone = DEFAULT_BUSINESS_TIME_ZONE;
  const catalogue = new InMemoryCatalogueStore();
  const orders = options.orders ? options.orders(repository) : repository;
  const queries = options.monitor ? options.monitor(store) : store;
  // Exports: the jobs in memory, files in a temporary folder, links signed as the local stack signs them; the
  // worker runs when a test calls runExports() (the local stack's worker and the export function do it unasked).
  const jobs = new InMemoryExportJobStore();
  const dispatched: ExportJob[] = [];
  const files = new LocalFileExports(mkdtempSync(join(tmpdir(), "http-exports-")));
  const links = new LocalSignedExportLinks({ origin: "http://localhost", secret: randomBytes(32), clock });
  const buildExport = new BuildExport({ jobs, ledger: repository, files, clock, timeZone });
  const exports = {
    requestExport: new RequestExport({
      jobs,
      clock,
      dispatcher: { dispatch: async (job) => void dispatched.push(job) },
    }),
    getExport: new GetExport({ jobs, links, clock }),
  };
  const deps: Omit<AppDependencies, "requestExport" | "getExport"> = {
    placeOrder: new PlaceOrder({ orders, clock: options.receiptClock ?? systemClock, timeZone }),
    getOrder: new GetOrder({ orders }),
    // Voids and corrections are stamped by the real clock, as receipt is.
    voidOrder: new VoidOrder({ orders, clock: options.receiptClock ?? systemClock }),
    correctOrder: new CorrectOrder({ orders, clock: options.receiptClock ?? systemClock }),
    listOrders: new ListOrders({ ledger: repository, timeZone }),
    getMonitorReport: new GetMonitorReport({ queries, catalogue, clock, timeZone }),
    getDailySeries: new GetDailySeries({ daily: store, timeZone }),
    getCatalogue: new GetCatalogue({ catalogue }),
    editCatalogue: new EditCatalogue({ catalogue, clock }),
    getCatalogueHistory: new GetCatalogueHistory({ catalogue }),
    verifier: options.verifier,
    groups: GROUPS,
    logger: options.logger ?? silentLogger(),
    monitorCacheMs: options.monitorCacheMs ?? 0,
    ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
    ...(options.courierMaxDeliveryAgeMs === undefined
      ? {}
      : { courierMaxDeliveryAgeMs: options.courierMaxDeliveryAgeMs }),
  };
  const projector = new ApplyOrderChanges({ store, timeZone });
  return {
    app: createApp({ ...deps, ...exports }),
    repository,
    store,
    catalogue,
    clock,
    jobs,
    files,
    links,
    dispatched,
    /** Builds every export asked for so far, as the worker would. */
    runExports: async () => {
      for (const job of dispatched.splice(0)) await buildExport.execute(job.id);
    },
    /** Applies every pending order to the projections, as the stream handler would. */
    project: () => feed.drain((batch) => projector.execute(batch).then(() => undefined)),
  };
}

/** The catalogue's use cases over one in-memory catalogue (for apps built by hand). */
export const catalogueUseCases = (catalogue = new InMemoryCatalogueStore(), clock: Clock = systemClock) => ({
  getCatalogue: new GetCatalogue({ catalogue }),
  editCatalogue: new EditCatalogue({ catalogue, clock }),
  getCatalogueHistory: new GetCatalogueHistory({ catalogue }),
});

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const jsonHeaders = (token: string) => ({ ...bearer(token), "content-type": "application/json" });

/** The exports' use cases over an in-memory job store, links signed as locally (for apps built by hand). */
export const exportUseCases = (clock: Clock = systemClock) => {
  const jobs = new InMemoryExportJobStore();
  return {
    requestExport: new RequestExport({ jobs, clock, dispatcher: { dispatch: async () => undefined } }),
    getExport: new GetExport({
      jobs,
      clock,
      links: new LocalSignedExportLinks({ origin: "http://localhost", secret: randomBytes(32), clock }),
    }),
  };
};
