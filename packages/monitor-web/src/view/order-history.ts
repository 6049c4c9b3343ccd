/** An order's history: every change, oldest first: its revision, what it was, when (in the business zone), who, why. */
import { html } from "lit-html";
import { formatCount, formatInstant } from "../format.js";
import { t, type Language, type MessageKey } from "../i18n.js";
import type { OrderHistoryEntry, OrderRecord } from "../order-api.js";

const ACTION: Record<OrderHistoryEntry["action"], MessageKey> = {
  created: "actionCreated",
  corrected: "actionCorrected",
  voided: "actionVoided",
};

export function orderHistory(record: OrderRecord, timeZone: string, language: Language) {
  return html`<section class="card" aria-labelledby="order-history-title">
    <h2 id="order-history-title">${t(language, "orderHistoryTitle")}</h2>
    <div class="table-holder" role="region" tabindex="0" aria-labelledby="order-history-caption">
      <table class="data" id="order-history">
        <caption id="order-history-caption">${t(language, "historyCaption", { id: record.id, zone: timeZone })}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">${t(language, "historyRevision")}</th>
            <th scope="col">${t(language, "historyAction")}</th>
            <th scope="col">${t(language, "historyWhen")}</th>
            <th scope="col">${t(language, "historyBy")}</th>
            <th scope="col">${t(language, "historyReason")}</th>
          </tr>
        </thead>
        <tbody>
          ${record.history.map(
            (entry) => html`<tr>
              <td class="num">${formatCount(entry.revision, language)}</td>
              <th scope="row">${t(language, ACTION[entry.action])}</th>
              <td>${formatInstant(entry.at, timeZone, language)}</td>
              <td class="who">${entry.by}</td>
              <td class="why">${entry.reason ?? "—"}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}
