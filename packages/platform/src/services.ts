import type { Logger } from "@aws-lambda-powertools/logger";
import type {
  BuildExport,
  CatalogueStore,
  Clock,
  DailyFigures,
  EditCatalogue,
  GetCatalogue,
  GetCatalogueHistory,
  DeadLetterSink,
  ExportDispatcher,
  ExportFileWriter,
  ExportJobStore,
  ExportLinks,
  GetExport,
  GetDailySeries,
  GetMonitorReport,
  GetOrder,
  VoidOrder,
  CorrectOrder,
  ListOrders,
  MonitorQueries,
  OrderLedger,
  OrderRepository,
  PlaceOrder,
  ProjectionPlan,
  ProjectionStores,
  ProjectOrderBatch,
  RequestExport,
  SeedCatalogue,
} from "@cargo-express/domain";
import type { AbstractNewable, ServiceIdentifier } from "inversify";

/**
 * An inversify service identifier that carries the type of what it identifies. At run time it is a registered
 * symbol (`Symbol.for("cargo-express.<name>")`); at compile time it is typed as an abstract constructor of `T`,
 * one of the shapes of inversify's `ServiceIdentifier<T>` from which TypeScript can read `T` back. So
 * `container.get(SERVICES.Clock)` is a `Clock`, and `toResolvedValue(factory, [ids])` infers the factory's
 * parameter types from the identifiers and refuses a factory whose parameters do not match them (two swapped
 * identifiers fail `npm run typecheck`: see test/services.types.ts). A plain `symbol` carries no type, which is
 * why the identifiers are not typed as one.
 */
export type ServiceId<T> = AbstractNewable<T> & ServiceIdentifier<T>;

/** A typed identifier; the name is what inversify's errors print (`Symbol(cargo-express.<name>)`). */
export function serviceId<T>(name: string): ServiceId<T> {
  // The one cast of the wiring: the type lives at compile time only.
  return Symbol.for(`cargo-express.${name}`) as unknown as ServiceId<T>;
}

/**
 * The service identifiers every entry point shares (the orders, monitor and projector Lambdas and the local
 * stack): the common services, the domain's ports and the use cases. Entry points bind the ports to adapters;
 * ./modules.ts binds the rest.
 */
export const SERVICES = {
  Logger: serviceId<Logger>("Logger"),
  Clock: serviceId<Clock>("Clock"),
  /** The business time zone (IANA), e.g. America/Bogota: hourly buckets and "today". */
  TimeZone: serviceId<string>("TimeZone"),
  OrderRepository: serviceId<OrderRepository>("OrderRepository"),
  /** The orders by delivery time, page by page (GET /orders, the exports). */
  OrderLedger: serviceId<OrderLedger>("OrderLedger"),
  MonitorQueries: serviceId<MonitorQueries>("MonitorQueries"),
  /** Each business day's totals (the daily series). */
  DailyFigures: serviceId<DailyFigures>("DailyFigures"),
  /** The projector's ports: the generations to write, a store per generation, the dead letters. */
  ProjectionPlan: serviceId<ProjectionPlan>("ProjectionPlan"),
  ProjectionStores: serviceId<ProjectionStores>("ProjectionStores"),
  DeadLetterSink: serviceId<DeadLetterSink>("DeadLetterSink"),
  PlaceOrder: serviceId<PlaceOrder>("PlaceOrder"),
  GetOrder: serviceId<GetOrder>("GetOrder"),
  VoidOrder: serviceId<VoidOrder>("VoidOrder"),
  CorrectOrder: serviceId<CorrectOrder>("CorrectOrder"),
  ListOrders: serviceId<ListOrders>("ListOrders"),
  GetMonitorReport: serviceId<GetMonitorReport>("GetMonitorReport"),
  GetDailySeries: serviceId<GetDailySeries>("GetDailySeries"),
  ProjectOrderBatch: serviceId<ProjectOrderBatch>("ProjectOrderBatch"),
  /** The catalogue and fleet, with their history. */
  CatalogueStore: serviceId<CatalogueStore>("CatalogueStore"),
  GetCatalogue: serviceId<GetCatalogue>("GetCatalogue"),
  EditCatalogue: serviceId<EditCatalogue>("EditCatalogue"),
  GetCatalogueHistory: serviceId<GetCatalogueHistory>("GetCatalogueHistory"),
  SeedCatalogue: serviceId<SeedCatalogue>("SeedCatalogue"),
  /** The export jobs, and how a job is started, written and downloaded. */
  ExportJobStore: serviceId<ExportJobStore>("ExportJobStore"),
  ExportDispatcher: serviceId<ExportDispatcher>("ExportDispatcher"),
  ExportLinks: serviceId<ExportLinks>("ExportLinks"),
  ExportFileWriter: serviceId<ExportFileWriter>("ExportFileWriter"),
  RequestExport: serviceId<RequestExport>("RequestExport"),
  GetExport: serviceId<GetExport>("GetExport"),
  BuildExport: serviceId<BuildExport>("BuildExport"),
} as const;
