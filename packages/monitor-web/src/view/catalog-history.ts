/**
 * The catalogue's recorded changes, newest first: when (in the zone the intro names), who, what, before → after.
 * A list rather than a table, so that each change reads whole on a phone without scrolling sideways.
 */
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
  const entries = history.map((change) => {
    const kind = t(language, change.kind === "product" ? "kindProduct" : "kindCourier");
    const line = changeLine(fieldChanges(change.before, change.after, language), language);
    return html`<li>
      <p class="history-meta">
        <time datetime=${change.at}>${formatInstant(change.at, timeZone, language)}</time> ·
        <span class="history-who">${change.by}</span>
      </p>
      <p class="history-what">${kind} ${change.after.id}</p>
      <p class="history-change">${change.before ? line : `${t(language, "historyAdded")}: ${line}`}</p>
    </li>`;
  });
  return html`<section class="card" aria-labelledby="catalog-history-title">
    <h2 id="catalog-history-title">${t(language, "historyTitle")}</h2>
    <p class="card-intro">${t(language, "historyIntro", { zone: timeZone })}</p>
    ${
      history.length === 0
        ? html`<p class="placeholder" id="catalog-history-empty">${t(language, "historyEmpty")}</p>`
        : html`<ol class="history" id="catalog-history">${entries}</ol>`
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
