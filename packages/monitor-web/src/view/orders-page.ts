/**
 * The orders page: the filters, what the search found (or why nothing), the orders with their products on demand,
 * and "more" while the API has another page. Everything is for supervisors only; anyone else's session ends on the
 * API's 403.
 */
import { html, nothing } from "lit-html";
import { ref, type Ref } from "lit-html/directives/ref.js";
import { formatCount, formatDay } from "../format.js";
import { t, type Language } from "../i18n.js";
import type { OrderFilters } from "../ledger-api.js";
import type { LedgerController, LedgerState } from "../ledger-controller.js";
import { exportSection } from "./export-section.js";
import { orderList } from "./order-list.js";
import { orderLookup } from "./order-lookup.js";
import { ordersFilters } from "./orders-filters.js";

export type OrdersActions = Pick<LedgerController, "more" | "toggle" | "retry" | "exports">;

export interface OrdersPageProps {
  readonly language: Language;
  readonly state: LedgerState;
  readonly actions: OrdersActions;
  readonly onSearch: (filters: OrderFilters) => void;
  readonly main: Ref<HTMLElement>;
  /** Now (ms), for the seconds an export has taken. */
  readonly now: number;
}

export function ordersPage({ language, state, actions, onSearch, main, now }: OrdersPageProps) {
  return html`<main class="dashboard orders" id="orders" tabindex="-1" ${ref(main)}>
    <div class="page-head">
      <h2 class="page-title" id="orders-title">${t(language, "ordersTitle")}</h2>
      <p class="card-intro">${t(language, "ordersIntro")}</p>
    </div>
    ${ordersFilters(state, language, onSearch)}
    ${
      state.timeZone === undefined
        ? nothing
        : exportSection({
            state: state.export,
            days: state.filters,
            timeZone: state.timeZone,
            language,
            now,
            onExport: (from, to, format) => void actions.exports.start(from, to, format),
          })
    }
    ${problem(state, language, actions)} ${results(state, language, actions)} ${orderLookup(language)}
  </main>`;
}

function problem(state: LedgerState, language: Language, actions: OrdersActions) {
  const said = state.problem;
  if (said === undefined) return nothing;
  const text =
    "key" in said
      ? t(language, said.key)
      : t(language, state.status === "invalid" ? "ordersRefused" : "ordersFailed", { message: said.server });
  const retry = state.status === "unreachable" || state.status === "failed";
  return html`<p class="notice" role="alert" id="orders-problem">
    ${text}
    ${
      retry
        ? html`<button type="button" class="secondary small" id="orders-retry" @click=${() => void actions.retry()}>${t(
            language,
            "retry",
          )}</button>`
        : nothing
    }
  </p>`;
}

/** "Del 01/12/2026 al 06/12/2026", or "El 06/12/2026" for one day. */
function rangeText(filters: OrderFilters, language: Language): string {
  return filters.from === filters.to
    ? t(language, "daySummary", { day: formatDay(filters.from, language) })
    : t(language, "rangeSummary", { from: formatDay(filters.from, language), to: formatDay(filters.to, language) });
}

function results(state: LedgerState, language: Language, actions: OrdersActions) {
  const { filters, timeZone, status } = state;
  if (status === "starting" || filters === undefined || timeZone === undefined)
    return state.problem
      ? nothing
      : html`<p class="placeholder" role="status" id="orders-loading">${t(language, "ordersStarting")}</p>`;
  if (status === "invalid") return nothing;
  const count = formatCount(state.orders.length, language);
  const summary =
    status === "loading"
      ? t(language, "ordersLoading")
      : state.orders.length === 0 && status === "ok"
        ? t(language, "ordersNone")
        : t(language, state.nextCursor === null ? "ordersShown" : "ordersShownMore", { count });
  return html`<section class="card" aria-labelledby="orders-list-title" aria-busy=${status === "loading" ? "true" : "false"}>
    <h2 id="orders-list-title">${t(language, "ordersListTitle")}</h2>
    <p class="range" id="orders-range">${rangeText(filters, language)} · ${timeZone}</p>
    <p class="orders-count" id="orders-count" role="status">${summary}</p>
    ${
      state.orders.length > 0
        ? html`<p class="hint">${t(language, "orderLinesHint")}</p>
            ${orderList({
              orders: state.orders,
              expanded: state.expanded,
              timeZone,
              language,
              onToggle: (id) => actions.toggle(id),
            })}`
        : nothing
    }
    ${
      state.nextCursor !== null && status !== "loading"
        ? html`<button type="button" class="secondary" id="orders-more" ?disabled=${status === "more"}
            @click=${() => void actions.more()}>${t(language, status === "more" ? "ordersMoreLoading" : "ordersMore")}</button>`
        : nothing
    }
  </section>`;
}
