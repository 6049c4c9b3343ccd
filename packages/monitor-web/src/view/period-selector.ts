/** The dashboard's toolbar: the period radio group and the "updated N s ago" line. */
import { html } from "lit-html";
import { live } from "lit-html/directives/live.js";
import { secondsBetween } from "../format.js";
import { t, type Language } from "../i18n.js";
import { PERIODS, periodLabel, type PeriodName } from "../period.js";

export interface PeriodSelectorProps {
  readonly language: Language;
  readonly period: PeriodName;
  /** When the API last confirmed the figures (ms), if it has. */
  readonly updatedAt: number | undefined;
  readonly now: number;
  readonly onPeriod: (period: PeriodName) => void;
}

export function periodSelector({ language, period, updatedAt, now, onPeriod }: PeriodSelectorProps) {
  const option = (name: PeriodName) =>
    html`<span class="segment"
      ><input
        type="radio"
        name="period"
        id=${`period-${name}`}
        value=${name}
        .checked=${live(name === period)}
        @change=${(event: Event) => {
          if ((event.currentTarget as HTMLInputElement).checked) onPeriod(name);
        }}
      /><label for=${`period-${name}`}>${periodLabel(name, language)}</label></span
    >`;
  return html`<div class="toolbar">
    <fieldset class="periods">
      <legend>${t(language, "period")}</legend>
      ${PERIODS.map(option)}
    </fieldset>
    <p class="updated" id="updated">${updatedLine(language, updatedAt, now)}</p>
  </div>`;
}

function updatedLine(language: Language, updatedAt: number | undefined, now: number): string {
  return updatedAt === undefined
    ? t(language, "neverUpdated")
    : t(language, "updatedAgo", { seconds: secondsBetween(updatedAt, now) });
}
