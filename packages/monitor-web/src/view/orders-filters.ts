/**
 * The orders' filters: two days (the browser's own date fields, keyboard and screen-reader friendly) and a courier
 * and a product by the catalogue's names. An id the catalogue does not know (a figure outside it, a link) is offered
 * too, so a filter on it stays visible. The fields keep what is typed until a search changes the filters. Options are
 * keyed by id, so the one chosen stays chosen when the catalogue's names arrive around it.
 */
import { html, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import type { Catalog } from "../catalog-api.js";
import { t, type Language } from "../i18n.js";
import type { OrderFilters } from "../ledger-api.js";
import type { LedgerState } from "../ledger-controller.js";

interface Choice {
  readonly id: string;
  readonly name: string;
}

function choices(entries: readonly Choice[] | undefined, selected: string | undefined, language: Language): Choice[] {
  const list = [...(entries ?? [])].sort((a, b) => a.name.localeCompare(b.name, language));
  if (selected && !list.some((entry) => entry.id === selected)) list.unshift({ id: selected, name: selected });
  return list;
}

function select(
  id: string,
  name: "courier" | "product",
  entries: readonly Choice[],
  selected: string | undefined,
  language: Language,
) {
  return html`<select id=${id} name=${name}>
    <option value="" .selected=${!selected}>${t(language, "filterAll")}</option>
    ${repeat(
      entries,
      (entry) => entry.id,
      (entry) =>
        html`<option value=${entry.id} .selected=${entry.id === selected}>${
          entry.name === entry.id ? entry.id : `${entry.name} (${entry.id})`
        }</option>`,
    )}
  </select>`;
}

export function ordersFilters(state: LedgerState, language: Language, onSearch: (filters: OrderFilters) => void) {
  const filters = state.filters;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const from = text("from");
    const to = text("to") || from;
    if (from === "") return;
    onSearch({ from, to, courier: text("courier") || undefined, product: text("product") || undefined });
  };
  const catalog: Catalog | undefined = state.catalog;
  const refused = state.status === "invalid" && state.problem !== undefined && "key" in state.problem;
  return html`<section class="card orders-filters" aria-labelledby="orders-filters-title">
    <h2 id="orders-filters-title">${t(language, "filtersTitle")}</h2>
    <form id="orders-filters" @submit=${submit}>
      <div class="field">
        <label for="orders-from">${t(language, "filterFrom")}</label>
        <input id="orders-from" name="from" type="date" required .value=${filters?.from ?? ""}
          aria-describedby="orders-hint" aria-invalid=${refused ? "true" : nothing} />
      </div>
      <div class="field">
        <label for="orders-to">${t(language, "filterTo")}</label>
        <input id="orders-to" name="to" type="date" .value=${filters?.to ?? ""}
          aria-describedby="orders-hint" aria-invalid=${refused ? "true" : nothing} />
      </div>
      <div class="field">
        <label for="orders-courier">${t(language, "filterCourier")}</label>
        ${select("orders-courier", "courier", choices(catalog?.couriers, filters?.courier, language), filters?.courier, language)}
      </div>
      <div class="field">
        <label for="orders-product">${t(language, "filterProduct")}</label>
        ${select("orders-product", "product", choices(catalog?.products, filters?.product, language), filters?.product, language)}
      </div>
      <div class="form-actions">
        <button type="submit" id="orders-search">${t(language, "search")}</button>
      </div>
    </form>
    <p class="hint" id="orders-hint">${t(language, "filterHint", { zone: state.timeZone ?? "" })}</p>
  </section>`;
}
