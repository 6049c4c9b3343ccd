/**
 * The catalogue's two lists, products and couriers, each a table with its entries' state and the buttons that open
 * the form (edit, deactivate or activate again), and a button to add one. Three columns at most (the id and state
 * under the name, the buttons stacked on a phone), so a table fits a 360 px phone without scrolling.
 */
import { html, nothing } from "lit-html";
import type { Catalog, CatalogCourier, CatalogProduct } from "../catalog-api.js";
import type { EntryKind } from "../catalog-rules.js";
import { formatMoney } from "../format.js";
import { t, type Language } from "../i18n.js";

export interface CatalogListActions {
  readonly startAdd: (kind: EntryKind) => void;
  readonly startEdit: (kind: EntryKind, id: string) => void;
  readonly startToggleActive: (kind: EntryKind, id: string) => void;
}

export function catalogLists(catalog: Catalog, language: Language, actions: CatalogListActions, busy: boolean) {
  return html`${listSection("product", catalog.products, language, actions, busy)}
    ${listSection("courier", catalog.couriers, language, actions, busy)}`;
}

function listSection(
  kind: EntryKind,
  entries: readonly (CatalogProduct | CatalogCourier)[],
  language: Language,
  actions: CatalogListActions,
  busy: boolean,
) {
  const product = kind === "product";
  const titleId = `catalog-${kind}s-title`;
  const rows = entries.map((entry) => {
    const toggle = entry.active ? "deactivate" : "activate";
    return html`<tr class=${entry.active ? nothing : "inactive"} data-id=${entry.id}>
      <th scope="row">
        <span class="entry-name">${entry.name}</span>
        <span class="entry-id">${entry.id} · <span class=${entry.active ? "state" : "state off"}>${t(
          language,
          entry.active ? "stateActive" : "stateInactive",
        )}</span></span>
      </th>
      ${product ? html`<td class="num">${formatMoney((entry as CatalogProduct).referencePrice, language)}</td>` : nothing}
      <td><div class="row-actions">
        <button
          type="button"
          class="secondary small"
          data-action="edit"
          aria-label=${t(language, "editLabel", { name: entry.name })}
          ?disabled=${busy}
          @click=${() => actions.startEdit(kind, entry.id)}
        >${t(language, "edit")}</button>
        <button
          type="button"
          class="secondary small"
          data-action=${toggle}
          aria-label=${t(language, `${toggle}Label`, { name: entry.name })}
          ?disabled=${busy}
          @click=${() => actions.startToggleActive(kind, entry.id)}
        >${t(language, toggle)}</button>
      </div></td>
    </tr>`;
  });
  return html`<section class="card" aria-labelledby=${titleId}>
    <div class="card-head">
      <h2 id=${titleId}>${t(language, product ? "productsListTitle" : "couriersListTitle")}</h2>
      <button type="button" id=${`add-${kind}`} ?disabled=${busy} @click=${() => actions.startAdd(kind)}>${t(
        language,
        product ? "addProduct" : "addCourier",
      )}</button>
    </div>
    <table class="data catalog-table" id=${`catalog-${kind}s`}>
        <caption class="visually-hidden">${t(language, product ? "productsListTitle" : "couriersListTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">${t(language, "columnNameState")}</th>
            ${product ? html`<th scope="col" class="num">${t(language, "columnPrice")}</th>` : nothing}
            <th scope="col">${t(language, "columnActions")}</th>
          </tr>
        </thead>
        <tbody>${rows}</tbody>
    </table>
  </section>`;
}
