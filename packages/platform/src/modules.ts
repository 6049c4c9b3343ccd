import type { Logger } from "@aws-lambda-powertools/logger";
import {
  BuildExport,
  type CatalogueStore,
  type Clock,
  type DailyFigures,
  EditCatalogue,
  GetCatalogue,
  GetCatalogueHistory,
  type DeadLetterSink,
  type ExportDispatcher,
  type ExportFileWriter,
  type ExportJobStore,
  type ExportLinks,
  GetExport,
  GetDailySeries,
  GetMonitorReport,
  GetOrder,
  VoidOrder,
  CorrectOrder,
  ListOrders,
  type MonitorQueries,
  type OrderLedger,
  type OrderRepository,
  PlaceOrder,
  type ProjectionPlan,
  type ProjectionStores,
  ProjectOrderBatch,
  RequestExport,
  SeedCatalogue,
  systemClock,
} from "@cargo-express/domain";
import { ContainerModule } from "inversify";
import { createLogger, type LogLevelName } from "./logger.js";
import { SERVICES } from "./services.js";

/** What every process binds the same way: its logger, the clock and the business time zone. */
export interface CommonSettings {
  /** The logger's `service` field (each process names itself). */
  readonly serviceName: string;
  readonly logLevel: LogLevelName;
  /** IANA zone of the business day, from BUSINESS_TIME_ZONE. */
  readonly timeZone: string;
  /** Instead of the system clock (tests). */
  readonly clock?: Clock;
  /** Instead of a logger built from `serviceName` and `logLevel` (tests). */
  readonly logger?: Logger;
}

/** The logger (built once, on first use, from the settings), the clock and the time zone. */
export function commonModule(settings: CommonSettings): ContainerModule {
  return new ContainerModule(({ bind }) => {
    if (settings.logger) bind(SERVICES.Logger).toConstantValue(settings.logger);
    else
      bind(SERVICES.Logger)
        .toDynamicValue(() => createLogger({ serviceName: settings.serviceName, level: settings.logLevel }))
        .inSingletonScope();
    bind(SERVICES.Clock).toConstantValue(settings.clock ?? systemClock);
    bind(SERVICES.TimeZone).toConstantValue(settings.timeZone);
  });
}

/**
 * The use cases (the projector's ProjectOrderBatch too), each constructed here and nowhere else, from the
 * ports' identifiers: an entry point binds the ports it has (the monitor binds no order repository) and asks
 * only for the use cases those ports serve. Each is a singleton of its container. A factory whose parameters
 * do not match its identifiers does not compile.
 */
export const useCasesModule: ContainerModule = new ContainerModule(({ bind }) => {
  bind(SERVICES.PlaceOrder)
    .toResolvedValue(
      (orders, clock, timeZone) => new PlaceOrder({ orders, clock, timeZone }),
      [SERVICES.OrderRepository, SERVICES.Clock, SERVICES.TimeZone],
    )
    .inSingletonScope();
  bind(SERVICES.GetOrder)
    .toResolvedValue((orders) => new GetOrder({ orders }), [SERVICES.OrderRepository])
    .inSingletonScope();
  bind(SERVICES.VoidOrder)
    .toResolvedValue((orders, clock) => new VoidOrder({ orders, clock }), [SERVICES.OrderRepository, SERVICES.Clock])
    .inSingletonScope();
  bind(SERVICES.CorrectOrder)
    .toResolvedValue((orders, clock) => new CorrectOrder({ orders, clock }), [SERVICES.OrderRepository, SERVICES.Clock])
    .inSingletonScope();
  bind(SERVICES.ListOrders)
    .toResolvedValue(
      (ledger, timeZone) => new ListOrders({ ledger, timeZone }),
      [SERVICES.OrderLedger, SERVICES.TimeZone],
    )
    .inSingletonScope();
  bind(SERVICES.GetMonitorReport)
    .toResolvedValue(
      (queries, catalogue, clock, timeZone) => new GetMonitorReport({ queries, catalogue, clock, timeZone }),
      [SERVICES.MonitorQueries, SERVICES.CatalogueStore, SERVICES.Clock, SERVICES.TimeZone],
    )
    .inSingletonScope();
  bind(SERVICES.GetDailySeries)
    .toResolvedValue(
      (daily, timeZone) => new GetDailySeries({ daily, timeZone }),
      [SERVICES.DailyFigures, SERVICES.TimeZone],
    )
    .inSingletonScope();
  bind(SERVICES.ProjectOrderBatch)
    .toResolvedValue(
      (plan, stores, deadLetters, timeZone) => new ProjectOrderBatch({ plan, stores, deadLetters, timeZone }),
      [SERVICES.ProjectionPlan, SERVICES.ProjectionStores, SERVICES.DeadLetterSink, SERVICES.TimeZone],
    )
    .inSingletonScope();
  bind(SERVICES.GetCatalogue)
    .toResolvedValue((catalogue) => new GetCatalogue({ catalogue }), [SERVICES.CatalogueStore])
    .inSingletonScope();
  bind(SERVICES.EditCatalogue)
    .toResolvedValue(
      (catalogue, clock) => new EditCatalogue({ catalogue, clock }),
      [SERVICES.CatalogueStore, SERVICES.Clock],
    )
    .inSingletonScope();
  bind(SERVICES.GetCatalogueHistory)
    .toResolvedValue((catalogue) => new GetCatalogueHistory({ catalogue }), [SERVICES.CatalogueStore])
    .inSingletonScope();
  bind(SERVICES.SeedCatalogue)
    .toResolvedValue(
      (catalogue, clock) => new SeedCatalogue({ catalogue, clock }),
      [SERVICES.CatalogueStore, SERVICES.Clock],
    )
    .inSingletonScope();
  bind(SERVICES.RequestExport)
    .toResolvedValue(
      (jobs, dispatcher, clock) => new RequestExport({ jobs, dispatcher, clock }),
      [SERVICES.ExportJobStore, SERVICES.ExportDispatcher, SERVICES.Clock],
    )
    .inSingletonScope();
  bind(SERVICES.GetExport)
    .toResolvedValue(
      (jobs, links, clock) => new GetExport({ jobs, links, clock }),
      [SERVICES.ExportJobStore, SERVICES.ExportLinks, SERVICES.Clock],
    )
    .inSingletonScope();
  bind(SERVICES.BuildExport)
    .toResolvedValue(
      (jobs, ledger, files, clock, timeZone) => new BuildExport({ jobs, ledger, files, clock, timeZone }),
      [SERVICES.ExportJobStore, SERVICES.OrderLedger, SERVICES.ExportFileWriter, SERVICES.Clock, SERVICES.TimeZone],
    )
    .inSingletonScope();
});

/** Ports already built (the in-memory adapters, DynamoDB adapters built by the caller, test doubles). */
export interface BuiltPorts {
  readonly orders?: OrderRepository;
  readonly ledger?: OrderLedger;
  readonly monitor?: MonitorQueries;
  readonly daily?: DailyFigures;
  readonly plan?: ProjectionPlan;
  readonly stores?: ProjectionStores;
  readonly deadLetters?: DeadLetterSink;
  readonly catalogue?: CatalogueStore;
  readonly exportJobs?: ExportJobStore;
  readonly exportDispatcher?: ExportDispatcher;
  readonly exportLinks?: ExportLinks;
  readonly exportFiles?: ExportFileWriter;
}

/** Binds the ports given as they are; the ones left out stay unbound (another module may bind them). */
export function portsModule(ports: BuiltPorts): ContainerModule {
  return new ContainerModule(({ bind }) => {
    if (ports.orders) bind(SERVICES.OrderRepository).toConstantValue(ports.orders);
    if (ports.ledger) bind(SERVICES.OrderLedger).toConstantValue(ports.ledger);
    if (ports.monitor) bind(SERVICES.MonitorQueries).toConstantValue(ports.monitor);
    if (ports.daily) bind(SERVICES.DailyFigures).toConstantValue(ports.daily);
    if (ports.plan) bind(SERVICES.ProjectionPlan).toConstantValue(ports.plan);
    if (ports.stores) bind(SERVICES.ProjectionStores).toConstantValue(ports.stores);
    if (ports.deadLetters) bind(SERVICES.DeadLetterSink).toConstantValue(ports.deadLetters);
    if (ports.catalogue) bind(SERVICES.CatalogueStore).toConstantValue(ports.catalogue);
    if (ports.exportJobs) bind(SERVICES.ExportJobStore).toConstantValue(ports.exportJobs);
    if (ports.exportDispatcher) bind(SERVICES.ExportDispatcher).toConstantValue(ports.exportDispatcher);
    if (ports.exportLinks) bind(SERVICES.ExportLinks).toConstantValue(ports.exportLinks);
    if (ports.exportFiles) bind(SERVICES.ExportFileWriter).toConstantValue(ports.exportFiles);
  });
}
