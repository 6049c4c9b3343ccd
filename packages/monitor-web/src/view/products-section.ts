/**
 * Best-selling products: a bar chart of units, money in its tooltip, and every figure in a table under it (read by
 * screen readers, found by search, copied), each product's name a link to its orders.
 */
import { html, nothing } from "lit-html";
import { guard } from "lit-html/directives/guard.js";
import type { ProductFigures } from "../api.js";
import { chartHeight, productsChartConfig } from "../charts.js";
import { formatCount, formatMoney } from "../format.js";
import { t, type Language } from "../i18n.js";
import { chartBox } from "./chart-box.js";
import type { ChartSlot } from "./chart-slot.js";
import { type FigureDays, ordersHref, ordersLink } from "./drill-down.js";
import { outsideBadge } from "./outside-catalog.js";

export interface ProductsChartInput {
  readonly products: readonly ProductFigures[];
  readonly language: Language;
}

export const productsChart = (input: ProductsChartInput) => productsChartConfig(input.products, input.language);

export function productsSection(
  { products, language }: ProductsChartInput,
  days: FigureDays,
  slot: ChartSlot<ProductsChartInput>,
) {
  const summary = products.map((p) => `${p.productName}: ${formatCount(p.units, language)}`).join("; ");
  return html`<section class="card" aria-labelledby="products-title">
    <h2 id="products-title">${t(language, "productsTitle")}</h2>
    ${chartBox(`${t(language, "productsChartLabel")}. ${summary}`, chartHeight(products.length, 30, 70), slot)}
    ${guard([products, language, days.from, days.to], () => productsTable(products, language, days))}
  </section>`;
}

function productsTable(products: readonly ProductFigures[], language: Language, days: FigureDays) {
  return html`<table class="data" id="products-table">
    <caption class="visually-hidden">${t(language, "productsTableCaption")}</caption>
    <thead>
      <tr>
        <th scope="col">${t(language, "lineProduct")}</th>
        <th scope="col" class="num">${t(language, "units")}</th>
        <th scope="col" class="num">${t(language, "money")}</th>
      </tr>
    </thead>
    <tbody>
      ${products.map(
        (p) => html`<tr data-id=${p.productId}>
          <th scope="row">${ordersLink(
            p.productName,
            ordersHref(days, { product: p.productId }),
            t(language, "ordersOf", { name: p.productName }),
          )}${p.inCatalog === false ? html` ${outsideBadge(language)}` : nothing}</th>
          <td class="num">${formatCount(p.units, language)}</td>
          <td class="num">${formatMoney(p.revenue, language)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
