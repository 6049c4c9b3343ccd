/**
 * Voiding an order: the reason, then a confirmation that says what the void does (the order stops counting in every
 * figure; it is kept with its history; it cannot be undone) before anything is sent.
 */
import { html } from "lit-html";
import { formatCents, formatCount } from "../format.js";
import { t, type Language } from "../i18n.js";
import type { VoidEditor, OrderActions } from "../order-controller.js";
import type { OrderRecord } from "../order-api.js";
import { formProblem, reasonField } from "./reason-field.js";

export interface VoidFormProps {
  readonly record: OrderRecord;
  readonly editor: VoidEditor;
  readonly language: Language;
  readonly actions: OrderActions;
}

export function voidForm({ record, editor, language, actions }: VoidFormProps) {
  if (editor.stage !== "editing") return confirmation(record, editor, language, actions);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    actions.review();
  };
  return html`<section class="card change-form" aria-labelledby="void-title">
    <h2 id="void-title" tabindex="-1">${t(language, "voidTitle")}</h2>
    <p class="card-intro">${t(language, "voidIntro")}</p>
    ${formProblem("void-problem", editor.problem, language)}
    <form id="void-form" novalidate @submit=${submit}>
      ${reasonField("void-reason", editor.reason, editor.errors.reason, language, (text) => actions.setReason(text))}
      <div class="form-actions">
        <button type="submit" id="void-review">${t(language, "voidReview")}</button>
        <button type="button" class="secondary" id="void-cancel" @click=${() => actions.cancel()}>${t(language, "cancel")}</button>
      </div>
    </form>
  </section>`;
}

function confirmation(record: OrderRecord, editor: VoidEditor, language: Language, actions: OrderActions) {
  const saving = editor.stage === "saving";
  return html`<section class="card change-form" aria-labelledby="void-confirm-title">
    <h2 id="void-confirm-title" tabindex="-1">${t(language, "voidConfirmTitle", { id: record.id })}</h2>
    ${formProblem("void-problem", editor.problem, language)}
    <p id="void-consequence">${t(language, "voidConfirmText", {
      units: formatCount(record.units, language),
      total: formatCents(record.totalCents, language),
      courier: record.courier.name,
    })}</p>
    <ul class="changes"><li><span class="change-label">${t(language, "reasonLabel")}:</span> <span id="void-reason-text">${
      editor.pending?.reason ?? ""
    }</span></li></ul>
    <div class="form-actions">
      <button type="button" class="danger" id="void-confirm" ?disabled=${saving} @click=${() => void actions.confirm()}>${t(
        language,
        saving ? "voiding" : "voidConfirm",
      )}</button>
      <button type="button" class="secondary" id="void-back" ?disabled=${saving} @click=${() => actions.back()}>${t(
        language,
        "back",
      )}</button>
      <button type="button" class="secondary" id="void-cancel" ?disabled=${saving} @click=${() => actions.cancel()}>${t(
        language,
        "cancel",
      )}</button>
    </div>
  </section>`;
}
