import type { LedgerPosition } from "./ledger.js";
import type { NotFound } from "./errors.js";
import type { OrderChange, RevisionState } from "./order-change.js";
import type { Order, OrderId } from "./order.js";
import type { OrderState, RevisionAuthor, StoredOrder } from "./order-revision.js";
import type { CorrectionRefusal, RevisionOutcome, VoidRefusal } from "./order-revision-rules.js";
import type { Result } from "./result.js";
import type { Cents } from "./money.js";
import type { CourierStats, HourlyDeliveries, ProductStats, ProjectionDelta, Totals } from "./projections.js";

/**
 * An order already stored under an id, with whether the content offered is the content first accepted under that id
 * (`canonicalOrderText`, whatever was corrected or voided since): a phone retrying its original POST.
 */
export interface ExistingOrder {
  readonly existing: StoredOrder;
  readonly sameAsOriginal: boolean;
}

/** Outcome of a conditional insert: an existing order is returned, never overwritten (see `ExistingOrder`). */
export type SaveOutcome = { readonly status: "created" } | ({ readonly status: "exists" } & ExistingOrder);

/** What changing an order can refuse, besides the revision rules: an order that does not exist. */
export type VoidOutcome = Result<RevisionOutcome, NotFound | VoidRefusal>;
export type CorrectOutcome = Result<RevisionOutcome, NotFound | CorrectionRefusal>;

export interface OrderRepository {
  /** Stores the order only if no order has this id; atomically. `createdBy`: who placed it (its history says so). */
  saveIfAbsent(order: Order, createdBy?: string): Promise<SaveOutcome>;
  /** The order's current content. */
  getById(id: OrderId): Promise<Order | undefined>;
  /** The order with its status, revision and history. */
  getStored(id: OrderId): Promise<StoredOrder | undefined>;
  /**
   * What `saveIfAbsent(order)` would answer for an existing id, without writing: the order stored under `order.id`
   * (undefined if none) and whether `order` is the content first accepted under it. Read strongly consistent.
   */
  findExisting(order: Order): Promise<ExistingOrder | undefined>;
  /**
   * Voids the order by `voidRevision`'s rules (`expectedRevision`: the revision the caller read, if it must still be
   * the current one), in one write conditional on the revision the rules were applied to (never overwriting a change
   * made meanwhile: the rules are applied again to it, so a void that named the revision it expected is refused as a
   * stale precondition).
   */
  void(id: OrderId, author: RevisionAuthor, expectedRevision?: number): Promise<VoidOutcome>;
  /**
   * Corrects the order by `correctRevision`'s rules (`expectedRevision`: the revision the caller read, if it must
   * still be the current one), in one write conditional on the revision the rules were applied to: of two
   * concurrent corrections of one revision exactly one is written at the next revision; the other is applied again
   * to the new current revision, or refused as a stale precondition when it named the revision it expected.
   */
  correct(id: OrderId, order: Order, author: RevisionAuthor, expectedRevision?: number): Promise<CorrectOutcome>;
}

/** The one source of "now" (epoch milliseconds, UTC). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export type OrderChangeBatchHandler = (batch: readonly OrderChange[]) => Promise<void>;

/**
 * Delivers order changes (new orders, voids, corrections) at least once, in sequence order within a partition.
 * @public The domain's published API (a use case's input or result), even where no package here names it.
 */
export interface OrderChangeFeed {
  /** Starts delivery; a handler that throws gets the same batch again. */
  subscribe(handler: OrderChangeBatchHandler): { stop(): Promise<void> };
}

/**
 * One atomic write of the projector: adds what `orders` contribute and moves the partition's watermark from
 * below `from` to `to` (positions from `encodePosition`). If the stored watermark is not below `from`
 * nothing is written and the outcome is "stale" (someone already applied it). `orders` holds the deltas of the
 * changes, in feed order, each of one courier (one order's revision, added or, with negative numbers, taken back:
 * a correction that moves an order to another courier gives two), so a store may group them its own way, e.g. by
 * courier; empty only moves the watermark.
 */
export interface ProjectionCommit {
  readonly partition: string;
  readonly from: string;
  readonly to: string;
  readonly orders: readonly ProjectionDelta[];
}

export type CommitOutcome = "committed" | "stale";

export interface ProjectionStore {
  /**
   * Whether these orders' contributions fit one atomic write: the store's own limits (items per transaction,
   * expression sizes), judged from the deltas alone, without I/O. Monotone: a prefix of orders that fit also
   * fits. An order that does not fit on its own is refused by `commit` with a `PermanentFailureError`.
   */
  fitsOneCommit(orders: readonly ProjectionDelta[]): boolean;
  /** The partition's watermark (an encoded position), or undefined if nothing was applied from it. */
  watermark(partition: string): Promise<string | undefined>;
  commit(commit: ProjectionCommit): Promise<CommitOutcome>;
}

export interface MonitorQuery {
  /** How many products, best-selling first. */
  readonly topProducts: number;
  /** How many couriers, highest money first. */
  readonly maxCouriers: number;
  /** Business-zone hour buckets (from `hourBucketsEndingAt`), oldest first. */
  readonly hours: readonly string[];
  /**
   * Business days (`2024-09-11`, business zone) the products, couriers and totals are limited to
   * (a period such as "today" or "last 7 days"); absent = all time.
   */
  readonly days?: readonly string[];
}

export interface MonitorData {
  /** Best first (`compareProducts`), at most `topProducts`; of `days` when given. */
  readonly products: ProductStats[];
  readonly couriers: CourierStats[];
  /** Non-zero buckets within `hours` only, with the courier's current display name. */
  readonly hourly: (HourlyDeliveries & { readonly courierName: string })[];
  readonly totals: Totals;
  /**
   * Figures in `totals` that no listed courier or product carries: a store with bounded items lists a fixed
   * number of couriers and products and adds the rest here (only ever reached by abuse, e.g. thousands of
   * invented product ids). Absent or zero normally.
   */
  readonly unlisted?: Unlisted;
  /**
   * When each courier's latest delivery was received (ISO 8601 UTC, the receipt time the courier's name is ranked
   * by: `receivedAtOfStamp`), for every courier the all-time figures know, whatever the period.
   */
  readonly lastDeliveries?: ReadonlyMap<string, string>;
}

/** What the totals hold beyond the listed couriers and products (see `MonitorData.unlisted`). */
export interface Unlisted {
  /** Orders, units and money of couriers not listed. */
  readonly couriers: Totals;
  /** Units and money of products not listed. */
  readonly products: { readonly units: number; readonly revenue: Cents };
}

/** The read side of the projections; implementations must read a bounded number of items. */
export interface MonitorQueries {
  read(query: MonitorQuery): Promise<MonitorData>;
}

/**
 * A generation of the projections: a complete set of aggregates, identified by a whole number. A rebuild
 * recomputes every aggregate into a new generation while the live projector keeps writing, then swaps it in.
 */
export interface GenerationSpec {
  readonly generation: number;
  /** Epoch ms: only orders received at or after it belong to this generation's live part. Absent = every order. */
  readonly cutoffMs?: number;
}

/** The generation a rebuild is building, and since when. */
export interface BuildingGeneration extends GenerationSpec {
  readonly cutoffMs: number;
  readonly startedAt: string;
}

export interface GenerationState {
  readonly active: GenerationSpec;
  /** Whether the active generation is stored (it is not until the first rebuild: generation 1 is implied). */
  readonly activeStored: boolean;
  readonly building?: BuildingGeneration;
  /** The highest generation ever allocated, so none is reused. */
  readonly lastAllocated: number;
}

/** A generation the projector writes, and whether the monitor reads it yet. */
export interface ProjectionTarget extends GenerationSpec {
  readonly role: "active" | "building";
}

/**
 * True when a revision belongs to the live part of the generation: it was written at or after the cutoff (the
 * same test the rebuild's scan negates). A change is applied to a generation when its new revision is live there;
 * for a new order that is its receipt time, for a void or a correction the time of the change.
 */
export const receivesLive = (spec: GenerationSpec, revision: RevisionState): boolean =>
  spec.cutoffMs === undefined || Date.parse(revision.writtenAt) >= spec.cutoffMs;

/** The generations a batch of changes is written to: the active one and, while a rebuild runs, the one being built. */
export interface ProjectionPlan {
  targets(): Promise<ProjectionTarget[]>;
}

/** One ProjectionStore per generation, its watermarks in that generation's namespace. */
export interface ProjectionStores {
  storeFor(generation: number): ProjectionStore;
}

/**
 * A change the projector skipped, kept for an operator: a record that is not an order this code can read, or
 * an order the store refused for good (then `orderId` and `generation` are set).
 */
export interface DeadLetterEntry {
  /** The feed partition it came from. */
  readonly partition: string;
  readonly sequence: string;
  readonly reason: string;
  readonly orderId?: string;
  readonly generation?: number;
  /** The feed's own id and kind of the record, when it has them. */
  readonly eventId?: string;
  readonly eventName?: string;
  /** The record's image as text (as sensitive as the orders themselves). */
  readonly image?: string;
}

export interface DeadLetterSink {
  /** Stores the letter once; true if this call stored it, false if it was already stored (a redelivery). */
  record(letter: DeadLetterEntry): Promise<boolean>;
}

/** The rebuild's view of the generations: read them, begin a build, swap it in. */
export interface ProjectionGenerations {
  /** Strongly consistent, never cached. */
  state(): Promise<GenerationState>;
  /** Allocates and records the building generation atomically; false if another rebuild got there first. */
  beginBuild(build: {
    generation: number;
    cutoffMs: number;
    startedAtMs: number;
    replacing?: number;
  }): Promise<boolean>;
  /** Makes `built` active and forgets it as building, atomically, provided the active one is still `expectedActive`. */
  activateBuild(swap: {
    built: BuildingGeneration;
    expectedActive: number;
    activeStored: boolean;
    activatedAtMs: number;
  }): Promise<void>;
}

/** One stored order as a full read sees it: its current revision, or an item this code cannot read. */
export type ScannedOrder =
  | { readonly kind: "order"; readonly state: RevisionState }
  /** `image`: the item as text, for the dead letter. */
  | { readonly kind: "malformed"; readonly reason: string; readonly image: string };

export interface OrdersScanSegment {
  readonly segment: number;
  readonly totalSegments: number;
  /** Items read per page. */
  readonly pageSize: number;
}

/** Every stored order, read in parallel segments, page by page. */
export interface OrdersScan {
  pages(scan: OrdersScanSegment): AsyncIterable<ScannedOrder[]>;
}

/**
 * Each business day's totals, from the projector's day figures (the same the monitor's periods read).
 * Implementations read a number of items bounded by the number of days, never the orders.
 */
export interface DailyFigures {
  /** Totals of each day asked for that has any (`2024-09-11` -> totals); days without orders may be left out. */
  totalsByDay(days: readonly string[]): Promise<ReadonlyMap<string, Totals>>;
}

/** One page of the ledger asked for: orders delivered in [fromInstant, toInstant), newest first. */
export interface LedgerPageRequest {
  /** Inclusive: ISO 8601 UTC with microseconds (`2024-09-11T05:00:00.000000Z`). */
  readonly fromInstant: string;
  /** Exclusive, same form. */
  readonly toInstant: string;
  /** Only this courier's orders (canonical id). */
  readonly courierId?: string;
  /** Only orders with a line of this product. */
  readonly productId?: string;
  /** Continue below this position (`ledgerPositionOf`, or an instant alone): every order at or after it was given. */
  readonly after?: LedgerPosition;
  /** Most orders in the page. */
  readonly limit: number;
}

/** An order in the ledger: its current content, with its status and revision (voided orders are listed too). */
export type LedgerEntry = Order & Pick<OrderState, "status" | "revision">;

export interface LedgerPage {
  /** At most `limit`, newest first; fewer when the adapter's request budget for one page ran out first. */
  readonly orders: LedgerEntry[];
  /** Where the next page starts (every order at or after it is covered); absent when the range is exhausted. */
  readonly next?: LedgerPosition;
}

/**
 * The orders by delivery time, for reading a range page by page. Implementations read a bounded number of items
 * per page (never the whole table), and a page's `next` stays valid while orders keep arriving: each order present
 * when a range is paged through is given exactly once.
 */
export interface OrderLedger {
  page(request: LedgerPageRequest): Promise<LedgerPage>;
}
