/**
 * The last 30 days ("30 días"): their totals, a bar chart of orders and money per day, and the same figures in a
 * table under it (screen readers, search, copy), each day a link to its orders. The monitor has no 30-day breakdown
 * by product or courier, which the page says.
 */
import { html } from "lit-html";
import { guard } from "lit-html/directives/guard.js";
import { dailyChartConfig } from "../daily-chart.js";
import { formatCents, formatCount, formatDay } from "../format.js";
import { t, type Language } from "../i18n.js";
import type { DailyFigures, DailySeries } from "../ledger-api.js";
import { periodLabel } from "../period.js";
import { chartBox } from "./chart-box.js";
import type { ChartSlot } from "./chart-slot.js";
import { ordersHref, ordersLink } from "./drill-down.js";
import { periodOrdersLink } from "./totals.js";

export interface DailyChartInput {
  readonly days: DailySeries["days"];
  readonly language: Language;
}

export const dailyChart = (input: DailyChartInput) => dailyChartConfig(input.days, input.language);

/** Sums of whole numbers (cents too), so the totals are exact. */
function sums(days: readonly DailyFigures[]) {
  return days.reduce(
    (total, day) => ({
      orders: total.orders + day.orders,
      units: total.units + day.units,
      cents: total.cents + day.revenueCents,
    }),
    { orders: 0, units: 0, cents: 0 },
  );
}

export function dailySection(series: DailySeries, language: Language, slot: ChartSlot<DailyChartInput>) {
  const total = sums(series.days);
  const days = { from: series.from, to: series.to };
  const tile = (label: "tileOrders" | "tileUnits" | "tileMoney", value: string, id: string) =>
    html`<div class=${`tile ${id}`}>
      <p class="tile-label" id=${`${id}-label`}>${t(language, label)}</p>
      <p class="tile-value" id=${id} aria-describedby=${`${id}-label`}>${value}</p>
    </div>`;
  return html`<p class="range" id="period-range">${periodLabel("30d", language)} · ${t(language, "rangeSummary", {
    from: formatDay(series.from, language),
    to: formatDay(series.to, language),
  })} (${series.timeZone})</p>
    <section class="tiles" aria-label=${periodLabel("30d", language)}>
      ${tile("tileOrders", formatCount(total.orders, language), "total-orders")}
      ${tile("tileUnits", formatCount(total.units, language), "total-units")}
      ${tile("tileMoney", formatCents(total.cents, language), "total-money")}
    </section>
    ${periodOrdersLink(language, days, "ordersOfPeriod")}
    <section class="card wide" aria-labelledby="daily-title">
      <h2 id="daily-title">${t(language, "dailyTitle")}</h2>
      ${chartBox(t(language, "dailyChartLabel"), 260, slot)}
      ${guard([series, language], () => dailyTable(series, language))}
    </section>
    <p class="notice info wide" id="daily-note" role="note">${t(language, "dailyNote")}</p>`;
}

function dailyTable(series: DailySeries, language: Language) {
  return html`<table class="data" id="daily-table">
    <caption class="visually-hidden">${t(language, "dailyTableCaption", { zone: series.timeZone })}</caption>
    <thead>
      <tr>
        <th scope="col">${t(language, "day")}</th>
        <th scope="col" class="num">${t(language, "orders")}</th>
        <th scope="col" class="num">${t(language, "units")}</th>
        <th scope="col" class="num">${t(language, "money")}</th>
      </tr>
    </thead>
    <tbody>
      ${series.days.map((day) => {
        const label = formatDay(day.day, language);
        return html`<tr data-day=${day.day}>
          <th scope="row">${
            day.orders > 0
              ? ordersLink(
                  label,
                  ordersHref({ from: day.day, to: day.day }),
                  t(language, "ordersOfDay", { day: label }),
                )
              : label
          }</th>
          <td class="num">${formatCount(day.orders, language)}</td>
          <td class="num">${formatCount(day.units, language)}</td>
          <td class="num">${formatCents(day.revenueCents, language)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
