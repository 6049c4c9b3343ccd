/**
 * The orders page's export: the days (the search's to start with) and the format, then what the job is doing (a
 * status line screen readers hear, with the seconds it has taken), then the download link and when it stops working,
 * or what went wrong.
 */
import { html, nothing } from "lit-html";
import type { ExportFormat } from "../export-api.js";
import type { ExportState } from "../export-controller.js";
import { formatCount, formatInstant, secondsBetween } from "../format.js";
import { t, type Language } from "../i18n.js";

export interface ExportSectionProps {
  readonly state: ExportState;
  /** The search's days, the export's to start with. */
  readonly days: { readonly from: string; readonly to: string } | undefined;
  readonly timeZone: string;
  readonly language: Language;
  readonly now: number;
  readonly onExport: (from: string, to: string, format: ExportFormat) => void;
}

const FORMATS: readonly { format: ExportFormat; label: "exportCsv" | "exportXlsx" }[] = [
  { format: "csv", label: "exportCsv" },
  { format: "xlsx", label: "exportXlsx" },
];

export function exportSection(props: ExportSectionProps) {
  const { state, language, days } = props;
  const busy = state.stage === "asking" || state.stage === "pending" || state.stage === "running";
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const format = data.get("format") === "xlsx" ? "xlsx" : "csv";
    props.onExport(String(data.get("from") ?? ""), String(data.get("to") ?? ""), format);
  };
  // Folded until opened (the orders stay in sight on a phone); a native disclosure, so the keyboard opens it too.
  return html`<section class="card export" aria-labelledby="export-title"><details id="export" ?open=${state.stage !== "idle"}>
    <summary><h2 id="export-title">${t(language, "exportTitle")}</h2></summary>
    <p class="card-intro" id="export-intro">${t(language, "exportIntro")}</p>
    <form id="export-form" class="orders-filters" @submit=${submit}>
      <div class="field">
        <label for="export-from">${t(language, "filterFrom")}</label>
        <input id="export-from" name="from" type="date" required .value=${days?.from ?? ""} />
      </div>
      <div class="field">
        <label for="export-to">${t(language, "filterTo")}</label>
        <input id="export-to" name="to" type="date" required .value=${days?.to ?? ""} />
      </div>
      <fieldset class="field formats">
        <legend>${t(language, "exportFormat")}</legend>
        ${FORMATS.map(
          ({ format, label }) => html`<span class="check">
            <input type="radio" name="format" id=${`export-${format}`} value=${format} ?checked=${format === "csv"} />
            <label for=${`export-${format}`}>${t(language, label)}</label>
          </span>`,
        )}
      </fieldset>
      <div class="form-actions">
        <button type="submit" id="export-button" ?disabled=${busy}>${t(language, "exportButton")}</button>
      </div>
    </form>
    <div class="export-status" id="export-status" role="status">${progress(props)}</div>
    ${
      state.stage === "failed" && state.problem
        ? html`<p class="notice" role="alert" id="export-problem">${
            "key" in state.problem
              ? t(language, state.problem.key)
              : t(language, "exportRefused", { message: state.problem.server })
          }</p>`
        : nothing
    }
  </details></section>`;
}

function progress({ state, language, now, timeZone }: ExportSectionProps) {
  const seconds = state.since === undefined ? 0 : secondsBetween(state.since, now);
  switch (state.stage) {
    case "asking":
      return html`<p><progress></progress> ${t(language, "exportAsking")}</p>`;
    case "pending":
    case "running":
      return html`<p><progress></progress> ${t(
        language,
        state.stage === "pending" ? "exportPending" : "exportRunning",
        {
          seconds,
        },
      )}</p>`;
    case "ready": {
      const file = state.file!;
      const format = state.asked?.format === "xlsx" ? "XLSX" : "CSV";
      return html`<p>${t(language, "exportReady", { rows: formatCount(file.rows ?? 0, language) })}</p>
        <p><a class="button-link" id="export-download" href=${file.url} download>${t(language, "exportDownload", {
          format,
        })}</a></p>
        ${
          file.expiresAt
            ? html`<p class="hint" id="export-expires">${t(language, "exportExpires", {
                time: formatInstant(file.expiresAt, timeZone, language).slice(-5),
                zone: timeZone,
              })}</p>`
            : nothing
        }`;
    }
    default:
      return nothing;
  }
}
