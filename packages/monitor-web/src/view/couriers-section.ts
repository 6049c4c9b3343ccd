/** Per courier: money and products as a two-axis bar chart, beside a table sortable by every column. */
import { html, nothing } from "lit-html";
import { guard } from "lit-html/directives/guard.js";
import type { CourierFigures } from "../api.js";
import { chartHeight, couriersChartConfig } from "../charts.js";
import { formatCount, formatMoney } from "../format.js";
import { t, type Language, type MessageKey } from "../i18n.js";
import { chartBox } from "./chart-box.js";
import { outsideBadge } from "./outside-catalog.js";
import type { ChartSlot } from "./chart-slot.js";
import { type FigureDays, ordersHref, ordersLink } from "./drill-down.js";

export type SortKey = "courierName" | "ordersDelivered" | "productsDelivered" | "revenueCents";
export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** Most money first, as a supervisor asks first. */
export const DEFAULT_SORT: Sort = { key: "revenueCents", descending: true };

const COLUMNS: readonly { key: SortKey; label: MessageKey; numeric: boolean }[] = [
  { key: "courierName", label: "courier", numeric: false },
  { key: "ordersDelivered", label: "orders", numeric: true },
  { key: "productsDelivered", label: "products", numeric: true },
  { key: "revenueCents", label: "money", numeric: true },
];

/** A click on the sorted column turns its order round; another column starts with its largest (names: A first). */
export function nextSort(current: Sort, key: SortKey): Sort {
  const numeric = COLUMNS.find((column) => column.key === key)?.numeric ?? false;
  return { key, descending: current.key === key ? !current.descending : numeric };
}

function sortCouriers(couriers: readonly CourierFigures[], { key, descending }: Sort, language: Language) {
  return [...couriers].sort((a, b) => {
    const order = key === "courierName" ? a.courierName.localeCompare(b.courierName, language) : a[key] - b[key];
    return (descending ? -order : order) || a.courierName.localeCompare(b.courierName, language);
  });
}

export interface CouriersChartInput {
  readonly couriers: readonly CourierFigures[];
  readonly language: Language;
}

export const couriersChart = (input: CouriersChartInput) => couriersChartConfig(input.couriers, input.language);

export interface CouriersSectionProps extends CouriersChartInput {
  /** The days of the figures, for each courier's link to their orders. */
  readonly days: FigureDays;
  readonly sort: Sort;
  readonly onSort: (key: SortKey) => void;
}

export function couriersSection(props: CouriersSectionProps, slot: ChartSlot<CouriersChartInput>) {
  const { couriers, language, sort } = props;
  // Scrolls sideways only if a phone is too narrow for it; then it can be scrolled with the keyboard too.
  return html`<section class="card" aria-labelledby="couriers-title">
    <h2 id="couriers-title">${t(language, "couriersTitle")}</h2>
    <div class="split">
      ${chartBox(t(language, "couriersChartLabel"), chartHeight(couriers.length, 40, 150), slot)}
      <div class="table-holder" role="region" tabindex="0" aria-labelledby="couriers-title">
        ${guard([couriers, language, sort, props.days.from, props.days.to], () => couriersTable(props))}
      </div>
    </div>
  </section>`;
}

function couriersTable({ couriers, language, sort, onSort, days }: CouriersSectionProps) {
  const head = COLUMNS.map((column) => {
    const active = column.key === sort.key;
    const direction = sort.descending ? "descending" : "ascending";
    return html`<th
      scope="col"
      class=${column.numeric ? "num" : nothing}
      data-key=${column.key}
      aria-sort=${active ? direction : nothing}
    ><button
        type="button"
        class="sort"
        aria-label=${t(language, "sortBy", { column: t(language, column.label) })}
        @click=${() => onSort(column.key)}
      >${t(language, column.label)}<span aria-hidden="true">${active ? (sort.descending ? " ▼" : " ▲") : " ↕"}</span></button></th>`;
  });
  const rows = sortCouriers(couriers, sort, language).map(
    (c) => html`<tr>
      <th scope="row">${ordersLink(
        c.courierName,
        ordersHref(days, { courier: c.courierId }),
        t(language, "ordersOf", { name: c.courierName }),
      )}${c.inCatalog === false ? html` ${outsideBadge(language)}` : nothing}</th>
      <td class="num">${formatCount(c.ordersDelivered, language)}</td>
      <td class="num">${formatCount(c.productsDelivered, language)}</td>
      <td class="num">${formatMoney(c.revenue, language)}</td>
    </tr>`,
  );
  return html`<table class="data" id="couriers-table">
    <caption class="visually-hidden">${t(language, "couriersTitle")}</caption>
    <thead><tr>${head}</tr></thead>
    <tbody>${rows}</tbody>
  </table>`;
}
