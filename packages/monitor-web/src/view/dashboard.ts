/** The signed-in screen: toolbar, connection notice, and the figures of the selected period (or why there are none). */
import { html, nothing } from "lit-html";
import { guard } from "lit-html/directives/guard.js";
import { ref, type Ref } from "lit-html/directives/ref.js";
import type { MonitorReport } from "../api.js";
import type { Screen } from "../controller.js";
import type { Language } from "../i18n.js";
import { periodDays } from "../business-days.js";
import type { PeriodName } from "../period.js";
import type { ChartSlot } from "./chart-slot.js";
import { type CouriersChartInput, couriersSection, type Sort, type SortKey } from "./couriers-section.js";
import { type DailyChartInput, dailySection } from "./daily-section.js";
import type { FigureDays } from "./drill-down.js";
import { heatmapSection } from "./heatmap-section.js";
import { idleCouriersSection } from "./idle-couriers.js";
import { connectionNotice, liveNotice, waitingForFigures } from "./notices.js";
import { outsideCatalogSection } from "./outside-catalog.js";
import { periodSelector } from "./period-selector.js";
import { type ProductsChartInput, productsSection } from "./products-section.js";
import { totalsSection } from "./totals.js";

/** The view's own parts the templates attach to: where focus goes, the charts' canvases, the heatmap's scroller. */
export interface DashboardParts {
  readonly main: Ref<HTMLElement>;
  readonly products: ChartSlot<ProductsChartInput>;
  readonly couriers: ChartSlot<CouriersChartInput>;
  readonly daily: ChartSlot<DailyChartInput>;
  readonly heatmapScroller: Ref<HTMLElement>;
}

export interface DashboardProps {
  readonly language: Language;
  readonly period: PeriodName;
  readonly screen: Extract<Screen, { name: "dashboard" }>;
  readonly now: number;
  readonly sort: Sort;
  readonly onPeriod: (period: PeriodName) => void;
  readonly onSort: (key: SortKey) => void;
}

/** Whether the report has figures to chart: with no order in the period there is nothing to draw. */
export const hasFigures = (report: MonitorReport | undefined): report is MonitorReport =>
  report !== undefined && report.totals.orders > 0;

/**
 * The couriers who delivered something, for the chart and the table; the idle ones have their own list. Kept as the
 * same array while nothing changed, so the chart and the table are not redrawn on every render.
 */
const delivering = new WeakMap<MonitorReport, MonitorReport["couriers"]>();
export function deliveringCouriers(report: MonitorReport): MonitorReport["couriers"] {
  let couriers = delivering.get(report);
  if (!couriers) {
    couriers = report.couriers.filter((courier) => courier.ordersDelivered > 0);
    delivering.set(report, couriers);
  }
  return couriers;
}

export function dashboardSection(props: DashboardProps, parts: DashboardParts) {
  const { language, period, screen, now } = props;
  return html`<main class="dashboard" id="dashboard" tabindex="-1" ${ref(parts.main)}>
    ${periodSelector({ language, period, updatedAt: screen.updatedAt, now, onPeriod: props.onPeriod })}
    ${connectionNotice(language, screen.connection)} ${liveNotice(language, screen.live)}
    <div class="dashboard-body" id="dashboard-body">
      ${
        screen.report
          ? figures(props, screen.report, parts)
          : screen.daily
            ? dailySection(screen.daily, language, parts.daily)
            : waitingForFigures(language, screen.connection)
      }
    </div>
  </main>`;
}

function figures(props: DashboardProps, report: MonitorReport, parts: DashboardParts) {
  const { language, period } = props;
  const charted = hasFigures(report);
  const days: FigureDays = periodDays(report.period);
  return html`${totalsSection(report, language, period, days)}
    ${outsideCatalogSection(report, language)}
    ${idleCouriersSection(report, language)}
    ${charted ? productsSection({ products: report.products, language }, days, parts.products) : nothing}
    ${
      charted
        ? couriersSection(
            { couriers: deliveringCouriers(report), language, days, sort: props.sort, onSort: props.onSort },
            parts.couriers,
          )
        : nothing
    }
    ${
      charted
        ? guard([report.hourly, report.timeZone, language], () =>
            heatmapSection(report.hourly, report.timeZone, language, parts.heatmapScroller),
          )
        : nothing
    }`;
}
