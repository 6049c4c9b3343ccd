/**
 * Renders the controller's state into the page with lit-html: one template for the whole page, made of a render
 * function per section, rendered again on every change and every second. lit-html updates only the text and
 * attributes that changed and keeps every other node, so the focused control keeps its focus and the heatmap its
 * sideways scroll across refreshes, with no bookkeeping here. What the templates cannot say is done after each
 * render: the charts (drawn on, or updated on, the canvases the templates placed), where focus goes when the
 * screen changes, and where a new heatmap starts scrolled.
 */
import { html } from "lit-html";
import { createRef } from "lit-html/directives/ref.js";
import { type ChartDrawer, chartJs } from "../charts.js";
import type { AppState, MonitorController, Screen } from "../controller.js";
import { t } from "../i18n.js";
import { ChartSlot } from "./chart-slot.js";
import { CatalogFocus } from "./catalog-focus.js";
import { catalogPage } from "./catalog-page.js";
import { couriersChart, DEFAULT_SORT, nextSort, type Sort } from "./couriers-section.js";
import { dailyChart } from "./daily-section.js";
import { type DashboardParts, dashboardSection, deliveringCouriers, hasFigures } from "./dashboard.js";
import { header } from "./header.js";
import { navigation } from "./navigation.js";
import { OrderFocus } from "./order-focus.js";
import { orderPage } from "./order-page.js";
import { ordersPage } from "./orders-page.js";
import { renderPage } from "./page.js";
import { productsChart } from "./products-section.js";
import { secondFactorSection } from "./second-factor.js";
import { signInSection } from "./sign-in.js";

/** What the page may ask of the controller. */
export type ViewActions = Pick<
  MonitorController,
  "signIn" | "submitCode" | "startOver" | "signOut" | "setLanguage" | "setPeriod" | "pages" | "searchOrders"
>;

/** Which screen, and which step of signing in: a new step is a new screen for focus. */
const screenKey = (screen: Screen | undefined, page = "") =>
  screen === undefined
    ? ""
    : screen.name === "sign-in"
      ? `sign-in:${screen.step?.kind ?? "password"}`
      : `${screen.name}:${page}`;

export interface ViewOptions {
  readonly now?: () => number;
  /** How charts are drawn: Chart.js unless a test says otherwise. */
  readonly charts?: ChartDrawer;
}

export class MonitorView {
  private state: AppState | undefined;
  /** The page last rendered (dashboard, catalogue), to know when one opens. */
  private shownPage = "";
  private readonly catalogFocus = new CatalogFocus();
  private readonly orderFocus = new OrderFocus();
  private sort: Sort = DEFAULT_SORT;
  /** The screen last rendered, to know when one opens. */
  private shownScreen: Screen | undefined;
  private readonly firstField = createRef<HTMLInputElement>();
  private readonly parts: DashboardParts;
  private scrolledHeatmap: HTMLElement | undefined;
  private readonly now: () => number;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: ViewActions,
    options: ViewOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    const charts = options.charts ?? chartJs;
    this.parts = {
      main: createRef(),
      products: new ChartSlot(charts, productsChart),
      couriers: new ChartSlot(charts, couriersChart),
      daily: new ChartSlot(charts, dailyChart),
      heatmapScroller: createRef(),
    };
  }

  render(state: AppState): void {
    this.state = state;
    this.draw();
  }

  /** Called every second: the "updated N s ago" line. */
  tick(): void {
    if (this.state?.screen.name === "dashboard") this.draw();
  }

  private draw(): void {
    const state = this.state;
    if (!state) return;
    const { language, screen } = state;
    const previous = this.shownScreen;
    const page = screen.name === "dashboard" ? state.route.page : "";
    const opened = screenKey(previous, this.shownPage) !== screenKey(screen, page);
    const hadFocus = this.root.contains(document.activeElement);
    document.documentElement.lang = language;
    document.title = `${t(language, "appTitle")} · ${t(language, "company")}`;
    renderPage(
      this.root,
      html`${header({
        language,
        username: screen.name === "dashboard" ? screen.username : undefined,
        onLanguage: (next) => this.actions.setLanguage(next),
        onSignOut: () => this.actions.signOut(),
      })}${screen.name === "sign-in" ? this.signIn(state, screen, previous) : this.signedIn(state, screen)}`,
    );
    this.shownScreen = screen;
    this.shownPage = page;
    const report =
      screen.name === "dashboard" && page === "dashboard" && hasFigures(screen.report) ? screen.report : undefined;
    this.parts.products.sync(report && { products: report.products, language });
    this.parts.couriers.sync(report && { couriers: deliveringCouriers(report), language });
    const daily = screen.name === "dashboard" && page === "dashboard" ? screen.daily : undefined;
    this.parts.daily.sync(daily && { days: daily.days, language });
    if (page === "catalog" && !opened) this.catalogFocus.follow(state.catalog, this.root);
    else this.catalogFocus.forget(state.catalog);
    if (page === "order" && !opened) this.orderFocus.follow(state.order, this.root);
    else this.orderFocus.forget(state.order);
    this.startHeatmapAtLatestHours();
    if (opened) this.focusOpenedScreen(screen, hadFocus);
  }

  private signIn(state: AppState, screen: Extract<Screen, { name: "sign-in" }>, previous: Screen | undefined) {
    // A refused attempt empties the password once, when its notice arrives; switching language later keeps what is typed.
    const refused = screen !== previous && !screen.busy && screen.notice !== undefined && screen.notice !== "signedOut";
    if (screen.step !== undefined && screen.step.kind !== "password")
      return secondFactorSection({
        language: state.language,
        screen,
        step: screen.step,
        clearCode: refused,
        firstField: this.firstField,
        onCode: (code) => void this.actions.submitCode(code),
        onStartOver: () => this.actions.startOver(),
      });
    return signInSection({
      language: state.language,
      screen,
      clearPassword: refused,
      firstField: this.firstField,
      onSignIn: (username, password) => void this.actions.signIn(username, password),
    });
  }

  private signedIn(state: AppState, screen: Extract<Screen, { name: "dashboard" }>) {
    const page =
      state.route.page === "catalog"
        ? catalogPage({
            language: state.language,
            state: state.catalog,
            timeZone: screen.report?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
            actions: this.actions.pages.catalog,
            main: this.parts.main,
          })
        : state.route.page === "orders"
          ? ordersPage({
              language: state.language,
              state: state.ledger,
              actions: this.actions.pages.ledger,
              onSearch: (filters) => this.actions.searchOrders(filters),
              main: this.parts.main,
              now: this.now(),
            })
          : state.route.page === "order"
            ? orderPage({
                language: state.language,
                state: state.order,
                actions: this.actions.pages.order,
                main: this.parts.main,
              })
            : this.dashboard(state, screen);
    return html`${navigation(state.language, state.route)}${page}`;
  }

  private dashboard(state: AppState, screen: Extract<Screen, { name: "dashboard" }>) {
    return dashboardSection(
      {
        language: state.language,
        period: state.period,
        screen,
        now: this.now(),
        sort: this.sort,
        onPeriod: (period) => this.actions.setPeriod(period),
        onSort: (key) => {
          this.sort = nextSort(this.sort, key);
          this.draw();
        },
      },
      this.parts,
    );
  }

  /** A heatmap new to the page (a period shown for the first time) opens on its latest hours, at the right-hand end. */
  private startHeatmapAtLatestHours(): void {
    const scroller = this.parts.heatmapScroller.value;
    if (!scroller?.isConnected || scroller === this.scrolledHeatmap) return;
    scroller.scrollLeft = scroller.scrollWidth;
    this.scrolledHeatmap = scroller;
  }

  /**
   * Sign-in opens on the user name, its code step on the code. The dashboard takes focus only if the control that had it (the sign-in button)
   * went with the old screen, so keyboard users continue from the dashboard. A page opened from the navigation
   * (its link stays, so focus would stay on it) takes focus, so a screen reader starts reading the new page.
   */
  private focusOpenedScreen(screen: Screen, hadFocus: boolean): void {
    if (screen.name === "sign-in") this.firstField.value?.focus();
    else if (hadFocus && (!this.root.contains(document.activeElement) || document.activeElement?.closest("nav.pages")))
      this.parts.main.value?.focus({ preventScroll: true });
  }
}
