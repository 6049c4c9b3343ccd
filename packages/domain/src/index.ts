// The domain's published face, named one by one: what other packages use, and (marked @public) the types of the
// published API that no package here names.
export {
  err,
  ok,
  type Result,
} from "./result.js";
export {
  DependencyUnavailableError,
  type InvalidInput,
  type NotFound,
  type OrderConflict,
  PermanentFailureError,
  /** @public */
  type PreconditionFailed,
  type ValidationIssue,
} from "./errors.js";
export {
  addCents,
  type Cents,
  formatCents,
  formatCentsText,
  MAX_ORDER_TOTAL_CENTS,
  MAX_UNIT_PRICE_CENTS,
  /** @public */
  type MoneyParseError,
  multiplyCents,
  parseMoney,
} from "./money.js";
export {
  /** @public */
  type BusinessDays,
  businessDaysEndingAt,
  DEFAULT_BUSINESS_TIME_ZONE,
  hourBucket,
  hourBucketsEndingAt,
  hourStartMs,
  /** @public */
  type Instant,
  instantFromEpochMs,
  isValidTimeZone,
  offsetMinutesAt,
  parseTimestamp,
  zonedIso,
  /** @public */
  type TimestampParseError,
} from "./time.js";
export {
  canonicalOrderText,
  /** @public */
  type Courier,
  /** @public */
  type CourierId,
  isSameOrder,
  type Order,
  type OrderId,
  /** @public */
  type OrderLine,
  orderTotal,
  orderUnits,
  /** @public */
  type ProductId,
} from "./order.js";
export { ORDER_LIMITS } from "./order-limits.js";
export { type DeliveryTooOld, deliveryTooOld, formatAge } from "./delivery-age.js";
export {
  counts,
  createdEntry,
  historySchema,
  newStoredOrder,
  /** @public */
  type OrderAction,
  type OrderHistoryEntry,
  type OrderState,
  /** @public */
  type OrderStatus,
  ORDER_REVISION_LIMITS,
  reasonSchema,
  revisionTag,
  type RevisionAuthor,
  stateOf,
  type StoredOrder,
  unknownCreatorOf,
} from "./order-revision.js";
export {
  /** @public */
  type CorrectionRefusal,
  correctRevision,
  /** @public */
  type RevisionOutcome,
  /** @public */
  type VoidRefusal,
  voidRevision,
} from "./order-revision-rules.js";
export {
  idSchema,
  utf8ByteLength,
} from "./order-fields.js";
export {
  /** @public */
  type ParsedOrderCommand,
  type PlaceOrderCommand,
  placeOrderCommandSchema,
  /** @public */
  type PlaceOrderLine,
} from "./place-order-command.js";
export {
  type OrderParsingOptions,
  /** @public */
  type OrderRuleSettings,
  parseOrderInput,
} from "./order-rules.js";
export {
  formatIssuePath,
  issuesFromZod,
} from "./validation-issues.js";
export {
  addOrderToDelta,
  compareCouriers,
  compareHourly,
  compareProducts,
  type CourierStats,
  type DayDelta,
  dayOfHour,
  deltaOf,
  emptyDayDelta,
  emptyDelta,
  fnv1a32,
  type HourlyDeliveries,
  hourlyKey,
  mergeDelta,
  NAME_STAMP_LENGTH,
  /** @public */
  type Named,
  type NameStamp,
  nameStampOf,
  periodFigures,
  type ProductStats,
  type ProjectionDelta,
  type Projections,
  receivedAtOfStamp,
  projectionsFromDelta,
  projectOrders,
  type Totals,
} from "./projections.js";
export {
  type BuildingGeneration,
  type Clock,
  type CommitOutcome,
  type DailyFigures,
  type DeadLetterEntry,
  type LedgerPage,
  type LedgerPageRequest,
  type DeadLetterSink,
  type GenerationSpec,
  type GenerationState,
  type MonitorData,
  type MonitorQueries,
  type MonitorQuery,
  /** @public */
  type OrderChangeBatchHandler,
  type OrderChangeFeed,
  /** @public */
  type CorrectOutcome,
  type LedgerEntry,
  /** @public */
  type VoidOutcome,
  type ExistingOrder,
  type OrderLedger,
  type OrderRepository,
  type OrdersScan,
  type OrdersScanSegment,
  type ProjectionCommit,
  type ProjectionGenerations,
  type ProjectionPlan,
  type ProjectionStore,
  type ProjectionStores,
  type ProjectionTarget,
  type SaveOutcome,
  type ScannedOrder,
  systemClock,
  type Unlisted,
} from "./ports.js";
export {
  compareSequences,
  encodePosition,
  isValidSequence,
} from "./position.js";
export {
  /** @public */
  type CheckedOrder,
  type PlacedOrder,
  PlaceOrder,
  /** @public */
  type PlaceOrderOptions,
  type PlacementBounds,
} from "./use-cases/place-order.js";
export { GetOrder } from "./use-cases/get-order.js";
export {
  /** @public */
  type ChangedOrder,
  CorrectOrder,
  /** @public */
  type CorrectOrderCommand,
  VoidOrder,
  /** @public */
  type VoidOrderCommand,
} from "./use-cases/change-order.js";
export type {
  /** @public */
  ReportedCourier,
  /** @public */
  ReportedProduct,
} from "./use-cases/monitor-names.js";
export {
  DEFAULT_HOURS,
  GetMonitorReport,
  type GetMonitorReportQuery,
  /** @public */
  type HourlyCourierRow,
  MONITOR_PERIODS,
  MONITOR_QUERY_LIMITS,
  /** @public */
  type MonitorPeriod,
  monitorQuerySchema,
  type MonitorReport,
  /** @public */
  type MonitorReportPeriod,
} from "./use-cases/get-monitor-report.js";
export {
  ApplyOrderChanges,
  /** @public */
  type ApplySummary,
  /** @public */
  type ChangeKind,
  changeKindOf,
  orderPosition,
} from "./use-cases/apply-order-changes.js";
export {
  type BatchIncident,
  type FeedRecord,
  /** @public */
  type OrderBatch,
  /** @public */
  type OrderBatchOutcome,
  ProjectOrderBatch,
  /** @public */
  type ProjectOrderBatchDeps,
  type TargetCounts,
} from "./use-cases/project-order-batch.js";
export {
  ChangedDuringRebuildError,
  REBUILD_DEFAULTS,
  RebuildInProgressError,
  type RebuildPorts,
  type RebuildProgress,
  RebuildProjections,
  type RebuildProjectionsOptions,
  type RebuildSummary,
} from "./use-cases/rebuild-projections.js";
export {
  dayCount,
  daysBetween,
  isCalendarDay,
  nextDay,
} from "./day-range.js";
export {
  DAILY_SERIES_MAX_DAYS,
  type DailySeries,
  dailySeriesQuerySchema,
  /** @public */
  type DayFigures,
  GetDailySeries,
  /** @public */
  type GetDailySeriesQuery,
} from "./use-cases/get-daily-series.js";
export {
  dayStartInstant,
  type LedgerPosition,
  ledgerPositionOf,
} from "./ledger.js";
export {
  LIST_ORDERS_LIMITS,
  ListOrders,
  /** @public */
  type ListOrdersQuery,
  listOrdersQuerySchema,
  /** @public */
  type OrdersPage,
} from "./use-cases/list-orders.js";
export {
  type Catalogue,
  type CatalogueChange,
  type CatalogueEntry,
  /** @public */
  type CatalogueEntryKind,
  type CatalogueProduct,
  changeKeyOf,
  type FleetCourier,
  sameEntryValue,
  sortedCatalogue,
} from "./catalogue/catalogue.js";
export type {
  CatalogueStore,
  ChangeAuthor,
  HistoryPage,
  HistoryPageRequest,
  PutEntryOutcome,
} from "./catalogue/catalogue-store.js";
export type {
  /** @public */
  CourierInput,
  /** @public */
  HistoryQuery,
  /** @public */
  ProductInput,
} from "./catalogue/catalogue-rules.js";
export {
  EditCatalogue,
  /** @public */
  type EditedEntry,
  GetCatalogue,
  SeedCatalogue,
  /** @public */
  type SeedSummary,
} from "./catalogue/edit-catalogue.js";
export { type CatalogueHistory, GetCatalogueHistory } from "./catalogue/catalogue-history.js";
export { CARGO_EXPRESS_REFERENCE_DATA, REFERENCE_DATA_AUTHOR } from "./catalogue/reference-data.js";
// How the figures follow an order's revisions (the read side of voids and corrections).
export {
  firstRevisionOf,
  type OrderChange,
  orderCreated,
  type RevisionState,
  revisionStateOf,
} from "./order-change.js";
export {
  changeDelta,
  changeDeltas,
  movesNothing,
} from "./revision-delta.js";
export {
  EXPORT_FORMATS,
  EXPORT_KEEP_MS,
  EXPORT_MEDIA_TYPES,
  EXPORT_STATUSES,
  type ExportFormat,
  exportFileName,
  type ExportJob,
  exportObjectKey,
  type ExportRequest,
  /** @public */
  type ExportStatus,
} from "./exports/export-job.js";
export type {
  ExportDispatcher,
  ExportFile,
  ExportFileWriter,
  ExportJobStore,
  ExportLink,
  ExportLinks,
} from "./exports/export-ports.js";
export {
  EXPORT_COLUMNS,
  type ExportRow,
  /** @public */
  type ExportRowState,
  exportRowsOf,
  exportStateOf,
} from "./exports/export-rows.js";
export {
  EXPORT_MAX_DAYS,
  /** @public */
  type ExportRequestInput,
  RequestExport,
} from "./exports/request-export.js";
export { type ExportView, GetExport } from "./exports/get-export.js";
export {
  BuildExport,
  /** @public */
  type BuildExportOptions,
  /** @public */
  type BuildExportOutcome,
} from "./exports/build-export.js";
