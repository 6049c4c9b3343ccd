/** The catalogue's recorded changes, newest first: when (in the zone named in the heading), who, what, before → after. */
import { html, nothing } from "lit-html";
import type { CatalogChange } from "../catalog-api.js";
import { formatInstant } from "../format.js";
import { t, type Language } from "../i18n.js";
import { changeLine, fieldChanges } from "./catalog-changes.js";

export function catalogHistory(
  history: readonly CatalogChange[],
  language: Language,
  timeZone: string,
  /** Present while older changes remain to be read. */
  onOlder: (() => void) | undefined,
) {
  const rows = history.map((change) => {
    const kind = t(language, change.kind === "product" ? "kindProduct" : "kindCourier");
    const line = changeLine(fieldChanges(change.before, change.after, language), language);
    return html`<tr>
      <td class="when">${formatInstant(change.at, timeZone, language)}</td>
      <td>${change.by}</td>
      <td>${kind} ${change.after.id}</td>
      <td>${change.before ? line : `${t(language, "historyAdded")}: ${line}`}</td>
    </tr>`;
  });
  return html`<section class="card" aria-labelledby="catalog-history-title">
    <h2 id="catalog-history-title">${t(language, "historyTitle")}</h2>
    ${
      history.length === 0
        ? html`<p class="placeholder" id="catalog-history-empty">${t(language, "historyEmpty")}</p>`
        : html`<div class="table-holder" role="region" tabindex="0" aria-labelledby="catalog-history-title">
            <table class="data history-table" id="catalog-history">
              <caption class="visually-hidden">${t(language, "historyTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">${t(language, "historyWhen")} (${timeZone})</th>
                  <th scope="col">${t(language, "historyWho")}</th>
                  <th scope="col">${t(language, "historyWhat")}</th>
                  <th scope="col">${t(language, "historyChange")}</th>
                </tr>
              </thead>
              <tbody>${rows}</tbody>
            </table>
          </div>`
    }
    ${
      onOlder
        ? html`<button type="button" class="secondary" id="catalog-history-older" @click=${onOlder}>${t(
            language,
            "historyOlder",
          )}</button>`
        : nothing
    }
  </section>`;
}
