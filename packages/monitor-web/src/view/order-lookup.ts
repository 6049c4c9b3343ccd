/**
 * "Find an order by its id" on the orders page: opens that order's page (`#/pedido/<id>`) through the address, so
 * the back button returns to the list; the order's page says if the id is malformed or no order has it.
 */
import { html } from "lit-html";
import { t, type Language } from "../i18n.js";
import { routeHash } from "../route.js";

export function orderLookup(language: Language) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const id = String(new FormData(event.currentTarget as HTMLFormElement).get("id") ?? "").trim();
    if (id !== "") window.location.hash = routeHash({ page: "order", id });
  };
  return html`<section class="card order-lookup" aria-labelledby="order-lookup-title">
    <h2 id="order-lookup-title">${t(language, "lookupTitle")}</h2>
    <form class="orders-filters" id="order-lookup" novalidate @submit=${submit}>
      <div class="field">
        <label for="order-lookup-id">${t(language, "lookupLabel")}</label>
        <input id="order-lookup-id" name="id" type="text" autocomplete="off" spellcheck="false"
          aria-describedby="order-lookup-hint" />
        <p class="hint" id="order-lookup-hint">${t(language, "lookupHint")}</p>
      </div>
      <div class="form-actions"><button type="submit" id="order-lookup-open">${t(language, "lookupOpen")}</button></div>
    </form>
  </section>`;
}
