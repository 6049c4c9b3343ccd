/**
 * Who has not delivered: every active courier of the fleet the API lists with no delivery in the period, with the
 * last delivery before it (in the business time zone, named) or "none recorded". Shown even on a day with no order
 * yet, when it matters most.
 */
import { html, nothing } from "lit-html";
import type { CourierFigures, MonitorReport } from "../api.js";
import { formatInstant } from "../format.js";
import { t, type Language } from "../i18n.js";

const idleCouriers = (report: MonitorReport): CourierFigures[] =>
  report.couriers.filter((courier) => courier.ordersDelivered === 0);

export function idleCouriersSection(report: MonitorReport, language: Language) {
  const idle = idleCouriers(report);
  if (idle.length === 0) return nothing;
  const sorted = [...idle].sort((a, b) => a.courierName.localeCompare(b.courierName, language));
  return html`<section class="card" aria-labelledby="idle-title">
    <h2 id="idle-title">${t(language, "idleTitle")}</h2>
    <p class="card-intro" id="idle-intro">${t(language, "idleIntro", { zone: report.timeZone })}</p>
    <ul class="idle-list" id="idle-couriers">
      ${sorted.map(
        (courier) => html`<li data-id=${courier.courierId}>
          <span class="entry-name">${courier.courierName}</span>
          <span class="since">${
            courier.lastDeliveryAt
              ? t(language, "idleSince", { when: formatInstant(courier.lastDeliveryAt, report.timeZone, language) })
              : t(language, "idleNever")
          }</span>
        </li>`,
      )}
    </ul>
  </section>`;
}
