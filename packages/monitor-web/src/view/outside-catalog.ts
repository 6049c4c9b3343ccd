/**
 * Figures whose product or courier the catalogue does not know (`inCatalog: false`): counted under the name the
 * order carried, marked with a badge, each with a link that opens the catalogue's form filled in with its id and name.
 */
import { html, nothing } from "lit-html";
import type { MonitorReport } from "../api.js";
import { formatCount } from "../format.js";
import { t, type Language } from "../i18n.js";
import { type CatalogPrefill, routeHash } from "../route.js";

function outsideCatalog(report: MonitorReport): CatalogPrefill[] {
  return [
    ...report.products
      .filter((product) => product.inCatalog === false)
      .map((product) => ({ kind: "product" as const, id: product.productId, name: product.productName })),
    ...report.couriers
      .filter((courier) => courier.inCatalog === false)
      .map((courier) => ({ kind: "courier" as const, id: courier.courierId, name: courier.courierName })),
  ];
}

export const outsideBadge = (language: Language) => html`<span class="badge">${t(language, "outsideBadge")}</span>`;

/** Enough to act on; invented ids can run to hundreds, and the rest are said as a count. */
const MAX_LISTED = 10;

export function outsideCatalogSection(report: MonitorReport, language: Language) {
  const all = outsideCatalog(report);
  if (all.length === 0) return nothing;
  const entries = all.slice(0, MAX_LISTED);
  return html`<section class="card" aria-labelledby="outside-title">
    <h2 id="outside-title">${t(language, "outsideTitle")}</h2>
    <p class="card-intro">${t(language, "outsideIntro")}</p>
    <ul class="outside-list" id="outside-catalog">
      ${entries.map(
        (entry) => html`<li data-kind=${entry.kind} data-id=${entry.id}>
          <span class="entry-name">${entry.name}</span>
          <span class="entry-id">${t(language, entry.kind === "product" ? "kindProduct" : "kindCourier")} ${entry.id}</span>
          ${outsideBadge(language)}
          <a
            class="button-link"
            href=${routeHash({ page: "catalog", prefill: entry })}
            aria-label=${t(language, "addToCatalogLabel", { name: entry.name, id: entry.id })}
          >${t(language, "addToCatalog")}</a>
        </li>`,
      )}
    </ul>
    ${
      all.length > entries.length
        ? html`<p class="card-intro" id="outside-more">${t(language, "outsideMore", { count: formatCount(all.length - entries.length, language) })}</p>`
        : nothing
    }
  </section>`;
}
