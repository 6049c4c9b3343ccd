/**
 * Deliveries per hour per courier as a table (couriers × hours in the business time zone, a number in every
 * coloured cell): screen readers and keyboards get every figure; a week's 168 hours scroll sideways in its card.
 */
import { html } from "lit-html";
import { ref, type Ref } from "lit-html/directives/ref.js";
import type { MonitorReport } from "../api.js";
import { formatCount, hourLabel } from "../format.js";
import { t, type Language } from "../i18n.js";

/** Consecutive hours of one day share a header cell above them. */
function dayGroups(hours: readonly { day: string }[]): { day: string; span: number }[] {
  const days: { day: string; span: number }[] = [];
  for (const hour of hours) {
    const last = days[days.length - 1];
    if (last && last.day === hour.day) last.span += 1;
    else days.push({ day: hour.day, span: 1 });
  }
  return days;
}

/** Five shades, relative to the busiest cell; an empty cell stays blank. */
function heatLevel(count: number, max: number): number {
  return count === 0 ? 0 : Math.min(5, Math.ceil((count / Math.max(1, max)) * 5));
}

export function heatmapSection(
  hourly: MonitorReport["hourly"],
  timeZone: string,
  language: Language,
  scroller: Ref<HTMLElement>,
) {
  const hours = hourly.hours.map((hour) => hourLabel(hour, language));
  const max = Math.max(1, ...hourly.couriers.flatMap((row) => row.deliveries));
  const caption = t(language, "heatmapCaption", { zone: timeZone });
  const rows = hourly.couriers.map(
    (row) => html`<tr>
      <th scope="row" title=${row.courierName}>${row.courierName}</th>
      ${hours.map((hour, i) => {
        const count = row.deliveries[i] ?? 0;
        const title = t(language, "deliveriesIn", { count, courier: row.courierName, hour: hour.hour, day: hour.day });
        return html`<td class=${`heat heat-${heatLevel(count, max)}`} title=${title}>${
          count === 0 ? "" : formatCount(count, language)
        }</td>`;
      })}
      <td class="num total">${formatCount(row.total, language)}</td>
    </tr>`,
  );
  return html`<section class="card wide" aria-labelledby="heatmap-title">
    <h2 id="heatmap-title">${t(language, "heatmapTitle")}</h2>
    <p class="heatmap-note" aria-hidden="true">${caption}</p>
    <div class="scroll" role="region" tabindex="0" aria-labelledby="heatmap-title" ${ref(scroller)}>
      <table class="heatmap" id="heatmap">
        <caption class="visually-hidden">${caption}</caption>
        <thead>
          <tr>
            <th scope="col" rowspan="2" class="corner">${t(language, "courier")}</th>
            ${dayGroups(hours).map((d) => html`<th scope="colgroup" colspan=${d.span} class="day">${d.day}</th>`)}
            <th scope="col" rowspan="2" class="num">${t(language, "total")}</th>
          </tr>
          <tr>${hours.map((hour) => html`<th scope="col" class="hour">${hour.hour}</th>`)}</tr>
        </thead>
        <tbody>${rows}</tbody>
      </table>
    </div>
  </section>`;
}
