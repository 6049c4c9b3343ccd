/**
 * One order's page (`#/pedido/<id>`): the order as it now is (status, revision, courier, times in the business zone,
 * its products), what a supervisor may do with it (correct or void, one at a time, each with a reason and a
 * confirmation), and its history: who did what, when and why.
 */
import { html, nothing } from "lit-html";
import type { Ref } from "lit-html/directives/ref.js";
import { ref } from "lit-html/directives/ref.js";
import { dayIn } from "../business-days.js";
import { formatCents, formatCount, formatDay, formatInstant } from "../format.js";
import { t, type Language } from "../i18n.js";
import type { OrderActions, OrderPageState } from "../order-controller.js";
import type { OrderRecord } from "../order-api.js";
import { routeHash } from "../route.js";
import { correctionForm } from "./correction-form.js";
import { orderHistory } from "./order-history.js";
import { messageText } from "./reason-field.js";
import { linesTable, statusBadge } from "./order-list.js";
import { voidForm } from "./void-form.js";

export interface OrderPageProps {
  readonly language: Language;
  readonly state: OrderPageState;
  readonly actions: OrderActions;
  readonly main: Ref<HTMLElement>;
}

export function orderPage({ language, state, actions, main }: OrderPageProps) {
  const { record, timeZone } = state;
  return html`<main class="dashboard orders order-page" id="order" tabindex="-1" ${ref(main)}>
    <div class="page-head">
      ${record && timeZone ? backLink(record, timeZone, language) : nothing}
      <h2 class="page-title" id="order-title" tabindex="-1">${t(language, "orderTitle", { id: state.id ?? "" })}</h2>
    </div>
    ${readProblem(state, language, actions)}
    ${record && timeZone ? orderBody(record, timeZone, state, language, actions) : nothing}
  </main>`;
}

function backLink(record: OrderRecord, timeZone: string, language: Language) {
  const day = dayIn(Date.parse(record.deliveredAt), timeZone);
  return html`<p class="back"><a class="drill" id="order-back" href=${routeHash({
    page: "orders",
    query: { from: day, to: day },
  })}>${t(language, "orderBack", { day: formatDay(day, language) })}</a></p>`;
}

function readProblem(state: OrderPageState, language: Language, actions: OrderActions) {
  if (state.status === "loading")
    return html`<p class="placeholder" role="status" id="order-loading">${t(language, "orderLoading")}</p>`;
  if (state.status === "not-found")
    return html`<p class="notice" role="alert" id="order-problem">${t(language, "orderNotFound", { id: state.id ?? "" })}</p>`;
  if (state.problem === undefined) return nothing;
  const retry = state.status === "unreachable" || state.status === "failed";
  const text =
    state.status === "failed" && "server" in state.problem
      ? t(language, "orderFailed", { message: state.problem.server })
      : messageText(state.problem, language);
  return html`<p class="notice" role="alert" id="order-problem">
    ${text}
    ${
      retry
        ? html`<button type="button" class="secondary small" id="order-retry" @click=${() => void actions.retry()}>${t(
            language,
            "retry",
          )}</button>`
        : nothing
    }
  </p>`;
}

function orderBody(
  record: OrderRecord,
  timeZone: string,
  state: OrderPageState,
  language: Language,
  actions: OrderActions,
) {
  const when = (instant: string) => `${formatInstant(instant, timeZone, language)} (${timeZone})`;
  return html`${saved(state, language)}
    <section class="card" aria-labelledby="order-summary-title">
      <h2 id="order-summary-title">
        ${t(language, record.status === "voided" ? "statusVoided" : "statusActive")}
        · ${t(language, "orderRevision", { revision: formatCount(record.revision, language) })}
        ${record.status === "active" ? statusBadge(record, language) : nothing}
      </h2>
      ${record.status === "voided" ? html`<p class="notice" id="order-voided">${t(language, "orderVoidedNote")}</p>` : nothing}
      <dl class="order-facts" id="order-facts">
        <div><dt>${t(language, "orderCourier")}</dt><dd>${record.courier.name} <span class="entry-id">${record.courier.id}</span></dd></div>
        <div><dt>${t(language, "orderDelivered")}</dt><dd>${when(record.deliveredAt)}</dd></div>
        <div><dt>${t(language, "orderReceivedLabel")}</dt><dd>${when(record.receivedAt)}</dd></div>
        <div><dt>${t(language, "orderUnitsLabel")}</dt><dd>${formatCount(record.units, language)}</dd></div>
        <div><dt>${t(language, "orderTotalLabel")}</dt><dd>${formatCents(record.totalCents, language)}</dd></div>
      </dl>
      ${linesTable(record, language)}
      ${record.status === "active" && state.editor === undefined ? changeButtons(language, actions) : nothing}
    </section>
    ${editor(record, state, language, actions)}
    ${orderHistory(record, timeZone, language)}`;
}

function saved(state: OrderPageState, language: Language) {
  const done = state.saved;
  if (!done) return nothing;
  const text =
    done.action === "voided"
      ? t(language, "orderSavedVoided")
      : t(language, "orderSavedCorrected", { revision: formatCount(done.revision, language) });
  return html`<p class="saved" id="order-saved" role="status" tabindex="-1">${text}</p>`;
}

function changeButtons(language: Language, actions: OrderActions) {
  return html`<div class="form-actions order-actions">
      <button type="button" id="order-correct" @click=${() => actions.startCorrection()}>${t(language, "correctOrder")}</button>
      <button type="button" class="danger" id="order-void" @click=${() => actions.startVoid()}>${t(language, "voidOrder")}</button>
    </div>
    <p class="hint">${t(language, "orderActionsHint")}</p>`;
}

function editor(record: OrderRecord, state: OrderPageState, language: Language, actions: OrderActions) {
  const open = state.editor;
  if (!open || state.timeZone === undefined) return nothing;
  return open.kind === "void"
    ? voidForm({ record, editor: open, language, actions })
    : correctionForm({ record, editor: open, catalog: state.catalog, timeZone: state.timeZone, language, actions });
}
