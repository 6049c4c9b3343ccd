/**
 * Correcting an order: the courier (from the fleet), the delivery time (a wall clock of the business zone), its
 * products line by line (from the catalogue; the price follows the product chosen and can be typed; the quantity),
 * and the reason; then every change listed (with the units and the total that follow) for a confirmation before one
 * POST. Each problem, the page's own or the server's, sits under the field it names (`aria-invalid`,
 * `aria-describedby`).
 */
import { html, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import type { Catalog } from "../catalog-api.js";
import { formatCents, formatCount } from "../format.js";
import { t, type Language, type MessageKey } from "../i18n.js";
import type { CorrectionEditor, OrderMessage, OrderActions } from "../order-controller.js";
import type { OrderRecord } from "../order-api.js";
import type { CorrectionField, LineDraft } from "../order-draft.js";
import type { LineText, OrderChange } from "../order-changes.js";
import { formProblem, messageText, reasonField } from "./reason-field.js";

export interface CorrectionFormProps {
  readonly record: OrderRecord;
  readonly editor: CorrectionEditor;
  readonly catalog: Catalog | undefined;
  readonly timeZone: string;
  readonly language: Language;
  readonly actions: OrderActions;
}

interface Choice {
  readonly id: string;
  readonly name: string;
  readonly known: boolean;
}

/**
 * What a list offers: the catalogue's active entries, in its order, with any of `keep` (the order's own, the one
 * chosen now) even if inactive; then those of `keep` the catalogue does not hold. The order never depends on the
 * choice, so choosing never moves an option.
 */
function choices(
  entries: readonly { id: string; name: string; active: boolean }[],
  keep: readonly { id: string; name: string }[],
): Choice[] {
  const kept = new Set(keep.map((entry) => entry.id));
  const listed: Choice[] = entries
    .filter((entry) => entry.active || kept.has(entry.id))
    .map((entry) => ({ id: entry.id, name: entry.name, known: true }));
  for (const entry of keep)
    if (entry.id !== "" && !entries.some((e) => e.id === entry.id) && !listed.some((e) => e.id === entry.id))
      listed.push({ id: entry.id, name: entry.name, known: false });
  return listed;
}

function errorOf(editor: CorrectionEditor, field: CorrectionField): OrderMessage | undefined {
  return editor.errors[field];
}

/** A field's id and label, with the problem the draft has at `field`. */
function fieldProps(
  editor: CorrectionEditor,
  language: Language,
  id: string,
  field: CorrectionField,
  label: string,
): FieldProps {
  return { id, label, error: errorOf(editor, field), language };
}

function select(props: FieldProps, options: readonly Choice[], chosen: string, onChange: (id: string) => void) {
  const { id, error, language } = props;
  return field(
    props,
    html`<select
      id=${id}
      aria-invalid=${error ? "true" : nothing}
      aria-describedby=${error ? `${id}-error` : nothing}
      @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}
    >
      ${chosen === "" ? html`<option value="" .selected=${true}>—</option>` : nothing}
      ${repeat(
        options,
        (option) => option.id,
        (option) =>
          html`<option value=${option.id} .selected=${option.id === chosen}>${option.name} (${option.id})${
            option.known ? "" : ` · ${t(language, "outsideCatalog")}`
          }</option>`,
      )}
    </select>`,
  );
}

/** What every field of the form has: its id, its label, its problem (if any), the page's language. */
interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly error: OrderMessage | undefined;
  readonly language: Language;
}

/** A labelled field with its problem under it, tied by `aria-describedby`. */
function field({ id, label, error, language }: FieldProps, control: unknown) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${control}
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${messageText(error, language)}</p>` : nothing}
  </div>`;
}

/** A text field that shows the draft (the page keeps it, so a language switch or a re-render keeps what is typed). */
function input(
  props: FieldProps,
  value: string,
  options: { inputmode: "decimal" | "numeric"; onInput: (value: string) => void },
) {
  const { id, error } = props;
  return field(
    props,
    html`<input
      id=${id}
      type="text"
      inputmode=${options.inputmode}
      autocomplete="off"
      .value=${value}
      aria-invalid=${error ? "true" : nothing}
      aria-describedby=${error ? `${id}-error` : nothing}
      @input=${(event: Event) => options.onInput((event.target as HTMLInputElement).value)}
    />`,
  );
}

/**
 * The delivery time. Its value is given once, as the field's default, and never written back: while a part of it
 * is being typed the browser reports "", and writing "" back would clear what is half typed.
 */
function timeInput(props: FieldProps, value: string, onInput: (value: string) => void) {
  const { id, error } = props;
  return field(
    props,
    html`<input
      id=${id}
      type="datetime-local"
      step="1"
      value=${value}
      aria-invalid=${error ? "true" : nothing}
      aria-describedby=${error ? `${id}-error` : nothing}
      @input=${(event: Event) => onInput((event.target as HTMLInputElement).value)}
    />`,
  );
}

export function correctionForm(props: CorrectionFormProps) {
  return props.editor.stage === "editing" ? editing(props) : confirmation(props);
}

function editing({ record, editor, catalog, timeZone, language, actions }: CorrectionFormProps) {
  const { draft } = editor;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    actions.review();
  };
  const couriers = choices(catalog?.couriers ?? [], [record.courier, { id: draft.courierId, name: draft.courierName }]);
  const linesError = errorOf(editor, "lines");
  return html`<section class="card change-form" aria-labelledby="correct-title">
    <h2 id="correct-title" tabindex="-1">${t(language, "correctTitle")}</h2>
    <p class="card-intro">${t(language, "correctIntro")}</p>
    ${formProblem("correct-problem", editor.problem, language)}
    <form id="correct-form" novalidate @submit=${submit}>
      ${select(
        fieldProps(editor, language, "correct-courier", "courier", t(language, "orderCourier")),
        couriers,
        draft.courierId,
        (id) => actions.setCourier(id),
      )}
      ${timeInput(
        fieldProps(
          editor,
          language,
          "correct-delivered",
          "deliveredAt",
          t(language, "deliveredAtLabel", { zone: timeZone }),
        ),
        draft.deliveredAt,
        (value) => actions.setDeliveredAt(value),
      )}
      <fieldset class="line-drafts" aria-describedby=${linesError ? "correct-lines-hint correct-lines-error" : "correct-lines-hint"}>
        <legend>${t(language, "linesTitle")}</legend>
        <p class="hint" id="correct-lines-hint">${t(language, "linesHint")}</p>
        ${
          linesError
            ? html`<p class="field-error" id="correct-lines-error" role="alert" tabindex="-1">${messageText(
                linesError,
                language,
              )}</p>`
            : nothing
        }
        <ol>
          ${draft.lines.map((line, index) => lineFields(line, index, { record, editor, catalog, language, actions }))}
        </ol>
        <button type="button" class="secondary" id="correct-add-line" @click=${() => actions.addLine()}>${t(language, "lineAdd")}</button>
      </fieldset>
      ${reasonField("correct-reason", draft.reason, errorOf(editor, "reason"), language, (text) => actions.setReason(text))}
      <div class="form-actions">
        <button type="submit" id="correct-review">${t(language, "correctReview")}</button>
        <button type="button" class="secondary" id="correct-cancel" @click=${() => actions.cancel()}>${t(language, "cancel")}</button>
      </div>
    </form>
  </section>`;
}

function lineFields(
  line: LineDraft,
  index: number,
  { record, editor, catalog, language, actions }: Omit<CorrectionFormProps, "timeZone">,
) {
  const n = index + 1;
  const id = (field: string) => `correct-line-${index}-${field}`;
  const props = (part: "product" | "price" | "quantity", label: MessageKey) =>
    fieldProps(editor, language, id(part), `line.${index}.${part}`, t(language, label));
  // The order's own products stay on offer, as the order named them, even outside the catalogue.
  const products = choices(catalog?.products ?? [], [
    ...record.lines.map((own) => ({ id: own.productId, name: own.productName })),
    { id: line.productId, name: line.productName },
  ]);
  return html`<li>
    <fieldset class="line-draft">
      <legend>${t(language, "lineNumber", { n })}</legend>
      ${select(props("product", "lineProduct"), products, line.productId, (chosen) => actions.setProduct(index, chosen))}
      ${input(props("price", "linePrice"), line.price, {
        inputmode: "decimal",
        onInput: (value) => actions.setLine(index, "price", value),
      })}
      ${input(props("quantity", "lineQuantity"), line.quantity, {
        inputmode: "numeric",
        onInput: (value) => actions.setLine(index, "quantity", value),
      })}
      <button
        type="button"
        class="secondary small"
        id=${id("remove")}
        aria-label=${t(language, "lineRemove", { n })}
        ?disabled=${editor.draft.lines.length === 1}
        @click=${() => actions.removeLine(index)}
      >${t(language, "lineRemoveShort")}</button>
    </fieldset>
  </li>`;
}

function lineText(line: LineText, language: Language): string {
  return t(language, "lineText", {
    name: line.productName,
    id: line.productId,
    quantity: formatCount(line.quantity, language),
    price: formatCents(line.unitCents, language),
  });
}

/** Each change as the confirmation says it: what it was, struck through, and what it becomes. */
function changeItem(change: OrderChange, language: Language) {
  const item = (label: MessageKey, before: string | undefined, after: string | undefined, n?: number) =>
    html`<li>
      <span class="change-label">${t(language, label, n === undefined ? {} : { n })}:</span>
      ${before === undefined ? nothing : html`<span class="before">${before}</span>`}
      ${before !== undefined && after !== undefined ? " → " : nothing}
      ${after === undefined ? nothing : html`<span class="after">${after}</span>`}
    </li>`;
  switch (change.kind) {
    case "courier":
      return item("changeCourier", change.before, change.after);
    case "deliveredAt":
      return item("changeDeliveredAt", change.before.replace("T", " "), change.after.replace("T", " "));
    case "line":
      return item("changeLine", lineText(change.before, language), lineText(change.after, language), change.position);
    case "added":
      return item("changeAdded", undefined, lineText(change.after, language), change.position);
    case "removed":
      return item("changeRemoved", lineText(change.before, language), undefined, change.position);
    case "units":
      return item("changeUnits", formatCount(change.before, language), formatCount(change.after, language));
    case "total":
      return item("changeTotal", formatCents(change.beforeCents, language), formatCents(change.afterCents, language));
  }
}

function confirmation({ record, editor, language, actions }: CorrectionFormProps) {
  const pending = editor.pending;
  if (!pending) return nothing;
  const saving = editor.stage === "saving";
  return html`<section class="card change-form" aria-labelledby="correct-confirm-title">
    <h2 id="correct-confirm-title" tabindex="-1">${t(language, "correctConfirmTitle")}</h2>
    ${formProblem("correct-problem", editor.problem, language)}
    <p>${t(language, "orderTitle", { id: record.id })} · ${t(language, "orderRevision", { revision: record.revision })}</p>
    <ul class="changes" id="correct-changes">
      ${pending.changes.map((change) => changeItem(change, language))}
      <li><span class="change-label">${t(language, "reasonLabel")}:</span> <span id="correct-reason-text">${pending.reason}</span></li>
    </ul>
    <div class="form-actions">
      <button type="button" id="correct-confirm" ?disabled=${saving} @click=${() => void actions.confirm()}>${t(
        language,
        saving ? "saving" : "correctConfirm",
      )}</button>
      <button type="button" class="secondary" id="correct-back" ?disabled=${saving} @click=${() => actions.back()}>${t(
        language,
        "back",
      )}</button>
    </div>
  </section>`;
}
