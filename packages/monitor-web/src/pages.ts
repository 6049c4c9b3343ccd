/**
 * The signed-in app's pages other than the dashboard, each with its own controller: the catalogue, the orders (the
 * ledger and its exports) and one order (its history, voids and corrections). They call the API through the
 * session (`authorized`), share the business zone, are opened by the address, and forget everything together when
 * the session ends.
 */
import type { ApiClient, Authorized } from "./api-call.js";
import { BusinessZone } from "./business-zone.js";
import { CatalogController, type CatalogState } from "./catalog-controller.js";
import { LedgerController, type LedgerState } from "./ledger-controller.js";
import type { Scheduler } from "./live.js";
import { OrderController, type OrderPageState } from "./order-controller.js";
import type { Route } from "./route.js";

export interface PageStates {
  /** The catalogue page's lists and form, read only while that page is open. */
  readonly catalog: CatalogState;
  /** The orders page's search and its orders, read only while that page is open. */
  readonly ledger: LedgerState;
  /** One order's page: the order, its history, and a void or correction in progress. */
  readonly order: OrderPageState;
}

export interface PagesDependencies {
  readonly api: ApiClient;
  readonly authorized: Authorized;
  readonly now: () => number;
  readonly scheduler: Scheduler;
  readonly onChange: (patch: Partial<PageStates>) => void;
}

export class Pages {
  readonly catalog: CatalogController;
  readonly ledger: LedgerController;
  readonly order: OrderController;
  private readonly zone: BusinessZone;

  constructor(deps: PagesDependencies) {
    const { api, authorized, now, scheduler, onChange } = deps;
    this.zone = new BusinessZone({ api, authorized, now });
    this.catalog = new CatalogController({ api, authorized, onChange: (catalog) => onChange({ catalog }) });
    this.ledger = new LedgerController({
      api,
      authorized,
      now,
      scheduler,
      zone: this.zone,
      onChange: (ledger) => onChange({ ledger }),
    });
    this.order = new OrderController({
      api,
      authorized,
      zone: this.zone,
      now,
      onChange: (order) => onChange({ order }),
    });
  }

  get states(): PageStates {
    return { catalog: this.catalog.state, ledger: this.ledger.state, order: this.order.state };
  }

  /**
   * Opens a page the address names: the orders with its search, one order, or the catalogue (read each time it opens;
   * a link from a figure outside the catalogue opens its form filled in, if the page is still open once it is read).
   */
  open(route: Exclude<Route, { page: "dashboard" }>, stillOpen: () => boolean): void {
    if (route.page === "orders") return void this.ledger.open(route.query);
    if (route.page === "order") return void this.order.open(route.id);
    const prefill = route.prefill;
    void this.catalog.load().then(() => {
      if (prefill && stillOpen()) this.catalog.startAdd(prefill.kind, prefill);
    });
  }

  /** The session ended: a user signing in next on this tab sees none of it. */
  reset(): void {
    this.zone.reset();
    this.catalog.reset();
    this.ledger.reset();
    this.order.reset();
  }
}
