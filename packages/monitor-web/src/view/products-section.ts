/** Best-selling products: a bar chart of units, money in its tooltip, and every figure in its text alternative. */
import { html } from "lit-html";
import type { ProductFigures } from "../api.js";
import { chartHeight, productsChartConfig } from "../charts.js";
import { formatCount } from "../format.js";
import { t, type Language } from "../i18n.js";
import { chartBox } from "./chart-box.js";
import type { ChartSlot } from "./chart-slot.js";

export interface ProductsChartInput {
  readonly products: readonly ProductFigures[];
  readonly language: Language;
}

export const productsChart = (input: ProductsChartInput) => productsChartConfig(input.products, input.language);

export function productsSection({ products, language }: ProductsChartInput, slot: ChartSlot<ProductsChartInput>) {
  const summary = products.map((p) => `${p.productName}: ${formatCount(p.units, language)}`).join("; ");
  return html`<section class="card" aria-labelledby="products-title">
    <h2 id="products-title">${t(language, "productsTitle")}</h2>
    ${chartBox(`${t(language, "productsChartLabel")}. ${summary}`, chartHeight(products.length, 30, 70), slot)}
  </section>`;
}
