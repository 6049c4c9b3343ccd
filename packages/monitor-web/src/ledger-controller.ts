/**
 * The orders page's state without the DOM: the filters (business days, a courier, a product), the orders the API gave
 * for them page by page (newest first; "more" follows the API's cursor), which orders show their lines, and the
 * catalogue whose names fill the filters' lists. A new search forgets the pages of the last one, and an answer to a
 * search no longer on screen is dropped.
 */
import type { ApiClient, ApiOutcome, Authorized } from "./api-call.js";
import type { BusinessZone } from "./business-zone.js";
import { dayIn, daysInRange, LEDGER_MAX_DAYS } from "./business-days.js";
import { type Catalog, fetchCatalog } from "./catalog-api.js";
import { ExportController, type ExportState } from "./export-controller.js";
import type { MessageKey } from "./i18n.js";
import type { Scheduler } from "./live.js";
import { fetchOrders, type Order, type OrderFilters } from "./ledger-api.js";
import type { OrdersQuery } from "./route.js";

type LedgerStatus = "starting" | "loading" | "more" | "ok" | "unreachable" | "failed" | "invalid";

export interface LedgerState {
  /** The search on screen; undefined until the business zone (hence today) is known. */
  readonly filters: OrderFilters | undefined;
  /** The business time zone, in which days are counted and times shown. */
  readonly timeZone: string | undefined;
  /** Names for the filters' lists; undefined while unread (the lists then offer the ids on screen). */
  readonly catalog: Catalog | undefined;
  readonly orders: readonly Order[];
  readonly nextCursor: string | null;
  readonly status: LedgerStatus;
  /** Why the search was refused or failed: the page's own words, or the server's. */
  readonly problem?: { readonly key: MessageKey } | { readonly server: string } | undefined;
  /** The orders whose lines are shown. */
  readonly expanded: ReadonlySet<string>;
  /** The export of a range of days, asked for on this page. */
  readonly export: ExportState;
}

const EMPTY_LEDGER: LedgerState = {
  filters: undefined,
  timeZone: undefined,
  catalog: undefined,
  orders: [],
  nextCursor: null,
  status: "starting",
  expanded: new Set(),
  export: { stage: "idle" },
};

export interface LedgerDependencies {
  readonly api: ApiClient;
  readonly authorized: Authorized;
  readonly now: () => number;
  /** The business zone, shared with the other pages. */
  readonly zone: BusinessZone;
  /** Times the export's follow-ups. */
  readonly scheduler: Scheduler;
  readonly onChange: (state: LedgerState) => void;
}

/** Whether the filters are a search the API accepts: days in order, at most its limit. */
function checkRange(filters: OrderFilters): MessageKey | undefined {
  if (filters.to < filters.from) return "rangeBackwards";
  if (daysInRange(filters.from, filters.to) > LEDGER_MAX_DAYS) return "rangeTooLong";
  return undefined;
}

export class LedgerController {
  private current: LedgerState = EMPTY_LEDGER;
  /** Bumped by every search, so pages of an older one are dropped. */
  private search = 0;
  private opened: OrdersQuery = {};

  /** The page's export (one at a time). */
  readonly exports: ExportController;

  constructor(private readonly deps: LedgerDependencies) {
    this.exports = new ExportController({ ...deps, onChange: (exported) => this.update({ export: exported }) });
  }

  get state(): LedgerState {
    return this.current;
  }

  reset(): void {
    this.search += 1;
    this.exports.reset();
    this.current = EMPTY_LEDGER;
  }

  /** The page opened with these filters (absent days: today; absent `to`: the day `from`). */
  async open(query: OrdersQuery): Promise<void> {
    const search = ++this.search;
    this.opened = query;
    const timeZone = await this.businessZone();
    if (timeZone === undefined || search !== this.search) return;
    if (this.current.catalog === undefined) void this.loadCatalog();
    const from = query.from ?? dayIn(this.deps.now(), timeZone);
    await this.apply({ from, to: query.to ?? from, courier: query.courier, product: query.product });
  }

  /** The search on screen again (after the API was away), or the page's opening if it never got that far. */
  async retry(): Promise<void> {
    const filters = this.current.filters;
    await (filters ? this.apply(filters) : this.open(this.opened));
  }

  /** A search: checked here first, then its first page. */
  async apply(filters: OrderFilters): Promise<void> {
    const search = ++this.search;
    const refused = checkRange(filters);
    this.update({
      filters,
      orders: [],
      nextCursor: null,
      expanded: new Set(),
      status: refused ? "invalid" : "loading",
      problem: refused ? { key: refused } : undefined,
    });
    if (!refused) await this.page(search, filters, undefined);
  }

  /** The next page of the search on screen. */
  async more(): Promise<void> {
    const { filters, nextCursor, status } = this.current;
    if (!filters || nextCursor === null || status !== "ok") return;
    this.update({ status: "more" });
    await this.page(this.search, filters, nextCursor);
  }

  /** Shows or hides an order's lines. */
  toggle(orderId: string): void {
    const expanded = new Set(this.current.expanded);
    if (!expanded.delete(orderId)) expanded.add(orderId);
    this.update({ expanded });
  }

  private async page(search: number, filters: OrderFilters, cursor: string | undefined): Promise<void> {
    const outcome = await this.deps.authorized((token) => fetchOrders(this.deps.api, token, filters, cursor));
    if (outcome === undefined || search !== this.search) return;
    if (outcome.kind === "ok")
      this.update({
        orders: cursor === undefined ? outcome.value.orders : [...this.current.orders, ...outcome.value.orders],
        nextCursor: outcome.value.nextCursor,
        status: "ok",
        problem: undefined,
      });
    else this.update({ ...problemOf(outcome), ...(cursor === undefined ? {} : { status: "ok" }) });
  }

  /** The business zone, asked once: the days around now tell it. */
  private async businessZone(): Promise<string | undefined> {
    if (this.current.timeZone !== undefined) return this.current.timeZone;
    const outcome = await this.deps.zone.read();
    if (outcome === undefined) return undefined;
    if (outcome.kind !== "ok") {
      this.update(problemOf(outcome));
      return undefined;
    }
    this.update({ timeZone: outcome.value });
    return outcome.value;
  }

  private async loadCatalog(): Promise<void> {
    const outcome = await this.deps.authorized((token) => fetchCatalog(this.deps.api, token));
    if (outcome?.kind === "ok") this.update({ catalog: outcome.value });
  }

  private update(patch: Partial<LedgerState>): void {
    this.current = { ...this.current, ...patch };
    this.deps.onChange(this.current);
  }
}

function problemOf(outcome: Exclude<ApiOutcome<unknown>, { kind: "ok" }>): Pick<LedgerState, "status" | "problem"> {
  switch (outcome.kind) {
    case "invalid":
      return {
        status: "invalid",
        problem: { server: [...outcome.errors.map((e) => `${e.path}: ${e.message}`), outcome.detail].join(" ") },
      };
    case "failed":
      return { status: "failed", problem: { server: outcome.detail } };
    default:
      return { status: "unreachable", problem: { key: "ordersUnreachable" } };
  }
}
