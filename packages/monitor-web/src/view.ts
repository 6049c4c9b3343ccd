/**
 * Renders the controller's state into the page. A screen is rebuilt when the screen or the language
 * changes; on the dashboard, each refresh only replaces the parts whose figures changed.
 */
import type { CourierFigures, MonitorReport } from "./api.js";
import { couriersChart, chartHeight, productsChart, type Chart } from "./charts.js";
import type { AppState, MonitorController, Screen } from "./controller.js";
import { h, replaceChildren } from "./dom.js";
import { formatCount, formatMoney, hourLabel, secondsBetween } from "./format.js";
import { t, type Language, type MessageKey } from "./i18n.js";
import { describePeriod, periodLabel, PERIODS, type PeriodName } from "./period.js";

type SortKey = "courierName" | "ordersDelivered" | "productsDelivered" | "revenueCents";

interface DashboardParts {
  readonly updated: HTMLElement;
  readonly connection: HTMLElement;
  readonly body: HTMLElement;
  readonly periodInputs: Map<PeriodName, HTMLInputElement>;
}

export class MonitorView {
  private builtFor = "";
  private dashboard: DashboardParts | undefined;
  private shownReport: MonitorReport | undefined;
  private shownPeriod: PeriodName | undefined;
  private charts: Chart<"bar">[] = [];
  private sort: { key: SortKey; descending: boolean } = { key: "revenueCents", descending: true };
  private state: AppState | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly controller: MonitorController,
    private readonly now: () => number = Date.now,
  ) {}

  render(state: AppState): void {
    this.state = state;
    document.documentElement.lang = state.language;
    document.title = `${t(state.language, "appTitle")} · ${t(state.language, "company")}`;
    const key = `${state.screen.name}:${state.language}`;
    if (key !== this.builtFor) {
      this.builtFor = key;
      this.destroyCharts();
      this.shownReport = undefined;
      this.dashboard = undefined;
      if (state.screen.name === "sign-in") this.buildSignIn(state.language);
      else this.dashboard = this.buildDashboard(state.language, state.screen.username);
    }
    if (state.screen.name === "sign-in") this.updateSignIn(state.language, state.screen);
    else this.updateDashboard(state, state.screen);
  }

  /** Called every second: the "updated N s ago" line. */
  tick(): void {
    if (!this.state || !this.dashboard || this.state.screen.name !== "dashboard") return;
    const { updatedAt } = this.state.screen;
    this.dashboard.updated.textContent =
      updatedAt === undefined
        ? t(this.state.language, "neverUpdated")
        : t(this.state.language, "updatedAgo", { seconds: secondsBetween(updatedAt, this.now()) });
  }

  private header(language: Language, username: string | undefined): HTMLElement {
    const switchTo: Language = language === "es" ? "en" : "es";
    const languageButton = h(
      "button",
      { type: "button", class: "secondary", lang: switchTo, "aria-label": t(language, "switchLanguageLabel") },
      t(language, "switchLanguage"),
    );
    languageButton.addEventListener("click", () => this.controller.setLanguage(switchTo));
    const signOut =
      username === undefined
        ? undefined
        : h("button", { type: "button", class: "secondary", id: "sign-out" }, t(language, "signOut"));
    signOut?.addEventListener("click", () => this.controller.signOut());
    return h(
      "header",
      { class: "top" },
      h(
        "div",
        { class: "brand" },
        h("span", { class: "company" }, t(language, "company")),
        h("h1", {}, t(language, "appTitle")),
      ),
      h(
        "div",
        { class: "actions" },
        username === undefined
          ? undefined
          : h("span", { class: "user" }, t(language, "signedInAs", { user: username })),
        languageButton,
        signOut,
      ),
    );
  }

  private buildSignIn(language: Language): void {
    const form = h(
      "form",
      { class: "card sign-in", id: "sign-in-form", novalidate: true, "aria-labelledby": "sign-in-title" },
      h("h2", { id: "sign-in-title" }, t(language, "signInTitle")),
      h("p", { id: "sign-in-notice", class: "notice", role: "alert", hidden: true }),
      h("label", { for: "username" }, t(language, "username")),
      h("input", {
        id: "username",
        name: "username",
        type: "text",
        autocomplete: "username",
        autocapitalize: "none",
        spellcheck: "false",
        required: true,
      }),
      h("label", { for: "password" }, t(language, "password")),
      h("input", {
        id: "password",
        name: "password",
        type: "password",
        autocomplete: "current-password",
        required: true,
      }),
      h("button", { type: "submit", id: "sign-in-button" }, t(language, "signIn")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      void this.controller.signIn(String(data.get("username") ?? ""), String(data.get("password") ?? ""));
    });
    replaceChildren(this.root, this.header(language, undefined), h("main", { class: "sign-in-main" }, form));
    (form.querySelector("#username") as HTMLInputElement).focus();
  }

  private updateSignIn(language: Language, screen: Extract<Screen, { name: "sign-in" }>): void {
    const notice = this.root.querySelector<HTMLElement>("#sign-in-notice");
    const button = this.root.querySelector<HTMLButtonElement>("#sign-in-button");
    const password = this.root.querySelector<HTMLInputElement>("#password");
    if (notice) {
      const info = screen.notice === "signedOut";
      notice.hidden = screen.notice === undefined;
      notice.className = info ? "notice info" : "notice";
      notice.textContent = screen.notice ? t(language, screen.notice, { detail: screen.detail ?? "" }) : "";
    }
    if (button) {
      button.disabled = screen.busy;
      button.textContent = t(language, screen.busy ? "signingIn" : "signIn");
    }
    if (password && screen.notice && !screen.busy && screen.notice !== "signedOut") password.value = "";
  }

  private buildDashboard(language: Language, username: string): DashboardParts {
    const periodInputs = new Map<PeriodName, HTMLInputElement>();
    const options = PERIODS.map((period) => {
      const input = h("input", { type: "radio", name: "period", id: `period-${period}`, value: period });
      input.addEventListener("change", () => {
        if (input.checked) this.controller.setPeriod(period);
      });
      periodInputs.set(period, input);
      return h(
        "span",
        { class: "segment" },
        input,
        h("label", { for: `period-${period}` }, periodLabel(period, language)),
      );
    });
    const updated = h("p", { class: "updated", id: "updated" }, t(language, "neverUpdated"));
    const connection = h("p", { class: "notice", id: "connection", role: "alert", hidden: true });
    const body = h("div", { class: "dashboard-body", id: "dashboard-body" });
    const hadFocus = this.root.contains(document.activeElement);
    const main = h(
      "main",
      { class: "dashboard", id: "dashboard", tabindex: "-1" },
      h(
        "div",
        { class: "toolbar" },
        h("fieldset", { class: "periods" }, h("legend", {}, t(language, "period")), ...options),
        updated,
      ),
      connection,
      body,
    );
    replaceChildren(this.root, this.header(language, username), main);
    // The control that had focus (the sign-in button, the language switch) is gone: keyboard users continue from the dashboard.
    if (hadFocus) main.focus({ preventScroll: true });
    return { updated, connection, body, periodInputs };
  }

  private updateDashboard(state: AppState, screen: Extract<Screen, { name: "dashboard" }>): void {
    const parts = this.dashboard;
    if (!parts) return;
    const language = state.language;
    for (const [period, input] of parts.periodInputs) input.checked = period === state.period;
    const problem: MessageKey | undefined =
      screen.connection.kind === "unreachable"
        ? "apiUnreachable"
        : screen.connection.kind === "error"
          ? "apiError"
          : undefined;
    parts.connection.hidden = problem === undefined;
    parts.connection.textContent = problem
      ? t(language, problem, { status: screen.connection.kind === "error" ? screen.connection.status : "" })
      : "";
    this.tick();
    if (screen.report !== this.shownReport) {
      const samePeriod =
        this.shownReport !== undefined && screen.report !== undefined && this.shownPeriod === state.period;
      const kept = samePeriod ? this.keepPlace(parts.body) : undefined;
      this.shownReport = screen.report;
      this.shownPeriod = state.period;
      this.destroyCharts();
      if (screen.report) this.renderReport(parts.body, screen.report, language, state.period);
      else
        replaceChildren(
          parts.body,
          h("p", { class: "placeholder", role: "status" }, t(language, problem ? "apiUnreachable" : "waitingForData")),
        );
      this.restorePlace(parts.body, kept);
    }
  }

  /**
   * New figures replace the dashboard's contents; a keyboard user keeps the focused control and the
   * heatmap keeps its sideways scroll, so a refresh never throws anyone back to the top.
   */
  private keepPlace(body: HTMLElement): { focus: string | undefined; scrollLeft: number } {
    const active = document.activeElement;
    let focus: string | undefined;
    if (active instanceof HTMLElement && body.contains(active)) {
      const key = active.closest("th[data-key]")?.getAttribute("data-key");
      if (key) focus = `th[data-key="${key}"] button`;
      else if (active.classList.contains("scroll")) focus = ".scroll";
    }
    return { focus, scrollLeft: body.querySelector(".scroll")?.scrollLeft ?? -1 };
  }

  private restorePlace(body: HTMLElement, kept: { focus: string | undefined; scrollLeft: number } | undefined): void {
    const scroller = body.querySelector<HTMLElement>(".scroll");
    // A period shown for the first time opens on its latest hours, at the right-hand end.
    if (scroller) scroller.scrollLeft = kept && kept.scrollLeft >= 0 ? kept.scrollLeft : scroller.scrollWidth;
    if (kept?.focus) body.querySelector<HTMLElement>(kept.focus)?.focus({ preventScroll: true });
  }

  private renderReport(body: HTMLElement, report: MonitorReport, language: Language, period: PeriodName): void {
    const tile = (label: MessageKey, value: string, id: string) =>
      h(
        "div",
        { class: `tile ${id}` },
        h("p", { class: "tile-label", id: `${id}-label` }, t(language, label)),
        h("p", { class: "tile-value", id, "aria-describedby": `${id}-label` }, value),
      );
    const range = describePeriod(report.period, report.timeZone, report.hourly.hours.length, language);
    const empty = report.totals.orders === 0;
    replaceChildren(
      body,
      h("p", { class: "range", id: "period-range" }, `${periodLabel(period, language)}${range ? ` · ${range}` : ""}`),
      h(
        "section",
        { class: "tiles", "aria-label": periodLabel(period, language) },
        tile("tileOrders", formatCount(report.totals.orders, language), "total-orders"),
        tile("tileUnits", formatCount(report.totals.units, language), "total-units"),
        tile("tileMoney", formatMoney(report.totals.revenue, language), "total-money"),
      ),
      empty ? h("p", { class: "placeholder", id: "no-data" }, t(language, "noData")) : undefined,
      report.unlisted === undefined
        ? undefined
        : h(
            "p",
            { class: "notice info", id: "unlisted", role: "note" },
            [
              report.unlisted.couriers.orders > 0
                ? t(language, "unlistedCouriers", {
                    orders: formatCount(report.unlisted.couriers.orders, language),
                    money: formatMoney(report.unlisted.couriers.revenue, language),
                  })
                : "",
              report.unlisted.products.units > 0
                ? t(language, "unlistedProducts", { units: formatCount(report.unlisted.products.units, language) })
                : "",
              t(language, "unlistedWhy"),
            ]
              .filter(Boolean)
              .join(" "),
          ),
      empty ? undefined : this.productsSection(report, language),
      empty ? undefined : this.couriersSection(report, language),
      empty ? undefined : this.heatmapSection(report, language),
    );
  }

  private chartBox(label: string, height: number, draw: (canvas: HTMLCanvasElement) => Chart<"bar">): HTMLElement {
    const canvas = h("canvas", { role: "img", "aria-label": label });
    const box = h("div", { class: "chart-box" }, canvas);
    // A CSSOM property, which a style-src CSP allows (unlike a style attribute in markup).
    box.style.height = `${height}px`;
    queueMicrotask(() => this.charts.push(draw(canvas)));
    return box;
  }

  private productsSection(report: MonitorReport, language: Language): HTMLElement {
    const summary = report.products.map((p) => `${p.productName}: ${formatCount(p.units, language)}`).join("; ");
    return h(
      "section",
      { class: "card", "aria-labelledby": "products-title" },
      h("h2", { id: "products-title" }, t(language, "productsTitle")),
      this.chartBox(
        `${t(language, "productsChartLabel")}. ${summary}`,
        chartHeight(report.products.length, 30, 70),
        (canvas) => productsChart(canvas, report.products, language),
      ),
    );
  }

  private couriersSection(report: MonitorReport, language: Language): HTMLElement {
    // Scrolls sideways only if a phone is too narrow for it; then it can be scrolled with the keyboard too.
    const tableHolder = h("div", {
      class: "table-holder",
      role: "region",
      tabindex: "0",
      "aria-labelledby": "couriers-title",
    });
    const drawTable = () => replaceChildren(tableHolder, this.couriersTable(report.couriers, language, drawTable));
    drawTable();
    return h(
      "section",
      { class: "card", "aria-labelledby": "couriers-title" },
      h("h2", { id: "couriers-title" }, t(language, "couriersTitle")),
      h(
        "div",
        { class: "split" },
        this.chartBox(t(language, "couriersChartLabel"), chartHeight(report.couriers.length, 40, 150), (canvas) =>
          couriersChart(canvas, report.couriers, language),
        ),
        tableHolder,
      ),
    );
  }

  private couriersTable(couriers: readonly CourierFigures[], language: Language, redraw: () => void): HTMLElement {
    const columns: { key: SortKey; label: MessageKey; numeric: boolean }[] = [
      { key: "courierName", label: "courier", numeric: false },
      { key: "ordersDelivered", label: "orders", numeric: true },
      { key: "productsDelivered", label: "products", numeric: true },
      { key: "revenueCents", label: "money", numeric: true },
    ];
    const { key, descending } = this.sort;
    const sorted = [...couriers].sort((a, b) => {
      const order = key === "courierName" ? a.courierName.localeCompare(b.courierName, language) : a[key] - b[key];
      return (descending ? -order : order) || a.courierName.localeCompare(b.courierName, language);
    });
    const head = columns.map((column) => {
      const active = column.key === key;
      const button = h(
        "button",
        { type: "button", class: "sort", "aria-label": t(language, "sortBy", { column: t(language, column.label) }) },
        t(language, column.label),
        h("span", { "aria-hidden": "true" }, active ? (descending ? " ▼" : " ▲") : " ↕"),
      );
      button.addEventListener("click", () => {
        this.sort = { key: column.key, descending: active ? !descending : column.numeric };
        redraw();
        this.root.querySelector<HTMLButtonElement>(`th[data-key="${column.key}"] button`)?.focus();
      });
      return h(
        "th",
        {
          scope: "col",
          class: column.numeric ? "num" : undefined,
          "data-key": column.key,
          "aria-sort": active ? (descending ? "descending" : "ascending") : undefined,
        },
        button,
      );
    });
    const rows = sorted.map((c) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, c.courierName),
        h("td", { class: "num" }, formatCount(c.ordersDelivered, language)),
        h("td", { class: "num" }, formatCount(c.productsDelivered, language)),
        h("td", { class: "num" }, formatMoney(c.revenue, language)),
      ),
    );
    return h(
      "table",
      { class: "data", id: "couriers-table" },
      h("caption", { class: "visually-hidden" }, t(language, "couriersTitle")),
      h("thead", {}, h("tr", {}, ...head)),
      h("tbody", {}, ...rows),
    );
  }

  private heatmapSection(report: MonitorReport, language: Language): HTMLElement {
    const hours = report.hourly.hours.map((hour) => hourLabel(hour, language));
    const max = Math.max(1, ...report.hourly.couriers.flatMap((row) => row.deliveries));
    const days: { day: string; span: number }[] = [];
    for (const hour of hours) {
      const last = days[days.length - 1];
      if (last && last.day === hour.day) last.span += 1;
      else days.push({ day: hour.day, span: 1 });
    }
    const dayRow = h(
      "tr",
      {},
      h("th", { scope: "col", rowspan: "2", class: "corner" }, t(language, "courier")),
      ...days.map((d) => h("th", { scope: "colgroup", colspan: String(d.span), class: "day" }, d.day)),
      h("th", { scope: "col", rowspan: "2", class: "num" }, t(language, "total")),
    );
    const hourRow = h("tr", {}, ...hours.map((hour) => h("th", { scope: "col", class: "hour" }, hour.hour)));
    const rows = report.hourly.couriers.map((row) =>
      h(
        "tr",
        {},
        h("th", { scope: "row", title: row.courierName }, row.courierName),
        ...hours.map((hour, i) => {
          const count = row.deliveries[i] ?? 0;
          const level = count === 0 ? 0 : Math.min(5, Math.ceil((count / max) * 5));
          return h(
            "td",
            {
              class: `heat heat-${level}`,
              title: t(language, "deliveriesIn", { count, courier: row.courierName, hour: hour.hour, day: hour.day }),
            },
            count === 0 ? "" : formatCount(count, language),
          );
        }),
        h("td", { class: "num total" }, formatCount(row.total, language)),
      ),
    );
    return h(
      "section",
      { class: "card wide", "aria-labelledby": "heatmap-title" },
      h("h2", { id: "heatmap-title" }, t(language, "heatmapTitle")),
      h(
        "p",
        { class: "heatmap-note", "aria-hidden": "true" },
        t(language, "heatmapCaption", { zone: report.timeZone }),
      ),
      h(
        "div",
        { class: "scroll", role: "region", tabindex: "0", "aria-labelledby": "heatmap-title" },
        h(
          "table",
          { class: "heatmap", id: "heatmap" },
          h("caption", { class: "visually-hidden" }, t(language, "heatmapCaption", { zone: report.timeZone })),
          h("thead", {}, dayRow, hourRow),
          h("tbody", {}, ...rows),
        ),
      ),
    );
  }

  private destroyCharts(): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }
}
