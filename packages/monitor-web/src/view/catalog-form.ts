/**
 * The catalogue's one form (add or edit a product or courier), then the confirmation of what will change. Each
 * field's problem, the page's own or the server's, sits under the field, tied to it by `aria-describedby` and marked
 * `aria-invalid`, so a screen reader reads it on the field.
 */
import { html, nothing } from "lit-html";
import { keyed } from "lit-html/directives/keyed.js";
import type { CatalogForm, FormMessage } from "../catalog-controller.js";
import type { EntryDraft, FieldName } from "../catalog-rules.js";
import { t, type Language, type MessageKey } from "../i18n.js";
import { fieldChanges } from "./catalog-changes.js";

export interface CatalogFormActions {
  readonly review: (draft: EntryDraft) => void;
  readonly back: () => void;
  readonly cancel: () => void;
  readonly confirm: () => void;
}

function messageText(message: FormMessage, language: Language): string {
  return "server" in message
    ? t(language, "serverRefused", { message: message.server })
    : t(language, message.key, message.values);
}

export function catalogFormSection(form: CatalogForm, language: Language, actions: CatalogFormActions) {
  return form.stage === "editing"
    ? keyed(form.serial, editing(form, language, actions))
    : confirmation(form, language, actions);
}

function title(form: CatalogForm, language: Language): string {
  const key: MessageKey =
    form.kind === "product"
      ? form.mode === "add"
        ? "formAddProduct"
        : "formEditProduct"
      : form.mode === "add"
        ? "formAddCourier"
        : "formEditCourier";
  return t(language, key, { id: form.draft.id });
}

function editing(form: CatalogForm, language: Language, actions: CatalogFormActions) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    actions.review({
      id: String(data.get("id") ?? ""),
      name: String(data.get("name") ?? ""),
      referencePrice: String(data.get("referencePrice") ?? ""),
      active: data.get("active") !== null,
    });
  };
  const field = (name: FieldName, label: MessageKey, value: string, options: FieldOptions = {}) =>
    textField(form, language, { name, label, value, ...options });
  const product = form.kind === "product";
  return html`<section class="card catalog-form" aria-labelledby="catalog-form-title">
    <h2 id="catalog-form-title" tabindex="-1">${title(form, language)}</h2>
    ${problem(form, language)}
    <form id="catalog-form" novalidate @submit=${submit}>
      ${field("id", product ? "productIdLabel" : "courierIdLabel", form.draft.id, {
        hint: product ? "productIdHint" : "courierIdHint",
        readonly: form.mode === "edit",
        inputmode: product ? undefined : "numeric",
      })}
      ${field("name", "nameLabel", form.draft.name, { autocomplete: "off" })}
      ${
        product
          ? field("referencePrice", "priceLabel", form.draft.referencePrice, {
              hint: "priceHint",
              inputmode: "decimal",
            })
          : nothing
      }
      <div class="check">
        <input type="checkbox" id="entry-active" name="active" ?checked=${form.draft.active} />
        <label for="entry-active">${t(language, "activeLabel")}</label>
      </div>
      <div class="form-actions">
        <button type="submit" id="catalog-review">${t(language, "review")}</button>
        <button type="button" class="secondary" id="catalog-cancel" @click=${actions.cancel}>${t(language, "cancel")}</button>
      </div>
    </form>
  </section>`;
}

interface FieldOptions {
  readonly hint?: MessageKey;
  readonly readonly?: boolean;
  readonly inputmode?: "numeric" | "decimal" | undefined;
  readonly autocomplete?: string;
}

function textField(
  form: CatalogForm,
  language: Language,
  props: FieldOptions & { name: FieldName; label: MessageKey; value: string },
) {
  const id = `entry-${props.name}`;
  const error = form.errors[props.name];
  const described = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return html`<div class="field">
    <label for=${id}>${t(language, props.label)}</label>
    <input
      id=${id}
      name=${props.name}
      type="text"
      .value=${props.value}
      ?readonly=${props.readonly ?? false}
      inputmode=${props.inputmode ?? nothing}
      autocomplete=${props.autocomplete ?? "off"}
      spellcheck="false"
      aria-invalid=${error ? "true" : nothing}
      aria-describedby=${described || nothing}
    />
    ${props.hint ? html`<p class="hint" id=${`${id}-hint`}>${t(language, props.hint)}</p>` : nothing}
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${messageText(error, language)}</p>` : nothing}
  </div>`;
}

function problem(form: CatalogForm, language: Language) {
  return html`<p class="notice" id="catalog-form-problem" role="alert" ?hidden=${form.problem === undefined}>${
    form.problem ? messageText(form.problem, language) : ""
  }</p>`;
}

function confirmation(form: CatalogForm, language: Language, actions: CatalogFormActions) {
  const pending = form.pending;
  if (!pending) return nothing;
  const after = { ...pending.body };
  const kind = t(language, form.kind === "product" ? "kindProduct" : "kindCourier");
  const changes = fieldChanges(form.before, after, language);
  const saving = form.stage === "saving";
  return html`<section class="card catalog-form" aria-labelledby="catalog-confirm-title">
    <h2 id="catalog-confirm-title" tabindex="-1">${t(language, "confirmTitle")}</h2>
    ${problem(form, language)}
    <p id="catalog-confirm-entry">${t(language, form.before ? "confirmEdit" : "confirmNew", { kind, id: pending.id })}</p>
    <ul class="changes" id="catalog-changes">
      ${changes.map(
        (change) => html`<li>
          <span class="change-label">${t(language, change.label)}:</span>
          ${change.before === undefined ? nothing : html`<span class="before">${change.before}</span> → `}
          <span class="after">${change.after}</span>
        </li>`,
      )}
    </ul>
    <div class="form-actions">
      <button type="button" id="catalog-confirm" ?disabled=${saving} @click=${actions.confirm}>${t(
        language,
        saving ? "saving" : "confirm",
      )}</button>
      <button type="button" class="secondary" id="catalog-back" ?disabled=${saving} @click=${actions.back}>${t(
        language,
        "back",
      )}</button>
    </div>
  </section>`;
}
