/** The figures' heading: which hours they cover, the three tiles, and notes on what the lists leave out. */
import { html, nothing } from "lit-html";
import type { MonitorReport } from "../api.js";
import { formatCount, formatMoney } from "../format.js";
import { t, type Language, type MessageKey } from "../i18n.js";
import { describePeriod, periodLabel, type PeriodName } from "../period.js";
import { type FigureDays, ordersHref } from "./drill-down.js";

export function totalsSection(report: MonitorReport, language: Language, period: PeriodName, days: FigureDays) {
  const range = describePeriod(report.period, report.timeZone, report.hourly.hours.length, language);
  const tile = (label: MessageKey, value: string, id: string) =>
    html`<div class=${`tile ${id}`}>
      <p class="tile-label" id=${`${id}-label`}>${t(language, label)}</p>
      <p class="tile-value" id=${id} aria-describedby=${`${id}-label`}>${value}</p>
    </div>`;
  return html`<p class="range" id="period-range">${periodLabel(period, language)}${range ? ` · ${range}` : ""}</p>
    <section class="tiles" aria-label=${periodLabel(period, language)}>
      ${tile("tileOrders", formatCount(report.totals.orders, language), "total-orders")}
      ${tile("tileUnits", formatCount(report.totals.units, language), "total-units")}
      ${tile("tileMoney", formatMoney(report.totals.revenue, language), "total-money")}
    </section>
    ${
      report.totals.orders === 0
        ? html`<p class="placeholder" id="no-data">${t(language, "noData")}</p>`
        : periodOrdersLink(language, days, period === "all" ? "ordersOfPeriodAll" : "ordersOfPeriod")
    }
    ${unlistedNote(report, language)}`;
}

/** The orders behind the tiles: every order of the period's days (all time: the last days the list holds). */
export function periodOrdersLink(language: Language, days: FigureDays, label: MessageKey) {
  return html`<p class="period-orders"><a class="button-link" id="period-orders" href=${ordersHref(days)}>${t(
    language,
    label,
  )}</a></p>`;
}

/** Said when the totals count figures no list shows (more distinct couriers or products than the API lists). */
function unlistedNote(report: MonitorReport, language: Language) {
  const unlisted = report.unlisted;
  if (unlisted === undefined) return nothing;
  const parts = [
    unlisted.couriers.orders > 0
      ? t(language, "unlistedCouriers", {
          orders: formatCount(unlisted.couriers.orders, language),
          money: formatMoney(unlisted.couriers.revenue, language),
        })
      : "",
    unlisted.products.units > 0
      ? t(language, "unlistedProducts", { units: formatCount(unlisted.products.units, language) })
      : "",
    t(language, "unlistedWhy"),
  ];
  return html`<p class="notice info" id="unlisted" role="note">${parts.filter(Boolean).join(" ")}</p>`;
}
