/**
 * Correcting an order: the courier (from the fleet), the delivery time (a wall clock of the business zone), its
 * products line by line (from the catalogue; the price follows the product chosen and can be typed; the quantity),
 * and the reason; then every change listed (with the units and the total that follow) for a confirmation before one
 * POST. Each problem, the page's own or the server's, sits under the field it names (`aria-invalid`,
 * `aria-describedby`).
 */
import { html, nothing } from "lit-html";
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

/** The active entries of a catalogue list, and the one chosen now even if it is inactive or outside the catalogue. */
function choices(entries: readonly { id: string; name: string; active: boolean }[], chosen: Choice): Choice[] {
  const offered = entries.filter((entry) => entry.active || entry.id === chosen.id);
  const list = offered.map((entry) => ({ id: entry.id, name: entry.name, known: true }));
  return chosen.id === "" || list.some((entry) => entry.id === chosen.id) ? list : [chosen, ...list];
}

function errorOf(editor: CorrectionEditor, field: CorrectionField): OrderMessage | undefined {
  return editor.errors[field];
}

function select(
  id: string,
  label: string,
  options: readonly Choice[],
  chosen: string,
  error: OrderMessage | undefined,
  language: Language,
  onChange: (id: string) => void,
) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select
      id=${id}
      aria-invalid=${error ? "true" : nothing}
      aria-describedby=${error ? `${id}-error` : nothing}
      @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}
    >
      ${chosen === "" ? html`<option value="" .selected=${true}>—</option>` : nothing}
      ${options.map(
        (option) =>
          html`<option value=${option.id} .selected=${option.id === chosen}>${option.name} (${option.id})${
            option.known ? "" : ` · ${t(language, "outsideCatalog")}`
          }</option>`,
      )}
    </select>
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${messageText(error, language)}</p>` : nothing}
  </div>`;
}

function input(
  id: string,
  label: string,
  value: string,
  error: OrderMessage | undefined,
  language: Language,
  options: { type?: string; inputmode?: string; onInput: (value: string) => void },
) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      type=${options.type ?? "text"}
      step=${options.type === "datetime-local" ? "1" : nothing}
      inputmode=${options.inputmode ?? nothing}
      autocomplete="off"
      .value=${value}
      aria-invalid=${error ? "true" : nothing}
      aria-describedby=${error ? `${id}-error` : nothing}
      @input=${(event: Event) => options.onInput((event.target as HTMLInputElement).value)}
    />
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${messageText(error, language)}</p>` : nothing}
  </div>`;
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
  const couriers = choices(catalog?.couriers ?? [], {
    id: draft.courierId,
    name: draft.courierName,
    known: catalog?.couriers.some((courier) => courier.id === draft.courierId) ?? false,
  });
  const linesError = errorOf(editor, "lines");
  return html`<section class="card change-form" aria-labelledby="correct-title">
    <h2 id="correct-title" tabindex="-1">${t(language, "correctTitle")}</h2>
    <p class="card-intro">${t(language, "correctIntro")}</p>
    ${formProblem("correct-problem", editor.problem, language)}
    <form id="correct-form" novalidate @submit=${submit}>
      ${select(
        "correct-courier",
        t(language, "orderCourier"),
        couriers,
        draft.courierId,
        errorOf(editor, "courier"),
        language,
        (id) => actions.setCourier(id),
      )}
      ${input(
        "correct-delivered",
        t(language, "deliveredAtLabel", { zone: timeZone }),
        draft.deliveredAt,
        errorOf(editor, "deliveredAt"),
        language,
        {
          type: "datetime-local",
          onInput: (value) => actions.setDeliveredAt(value),
        },
      )}
      <fieldset class="line-drafts" aria-describedby=${linesError ? "correct-lines-hint correct-lines-error" : "correct-lines-hint"}>
        <legend>${t(language, "linesTitle")}</legend>
        <p class="hint" id="correct-lines-hint">${t(language, "linesHint")}</p>
        ${linesError ? html`<p class="field-error" id="correct-lines-error">${messageText(linesError, language)}</p>` : nothing}
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
  const known = catalog?.products.some((product) => product.id === line.productId) ?? false;
  const products = choices(catalog?.products ?? [], { id: line.productId, name: line.productName, known });
  // The order's own products stay on offer, as the order named them, even outside the catalogue.
  for (const own of record.lines)
    if (
      !products.some((product) => product.id === own.productId) &&
      !catalog?.products.some((p) => p.id === own.productId)
    )
      products.push({ id: own.productId, name: own.productName, known: false });
  return html`<li>
    <fieldset class="line-draft">
      <legend>${t(language, "lineNumber", { n })}</legend>
      ${select(
        id("product"),
        t(language, "lineProduct"),
        products,
        line.productId,
        errorOf(editor, `line.${index}.product`),
        language,
        (chosen) => actions.setProduct(index, chosen),
      )}
      ${input(id("price"), t(language, "linePrice"), line.price, errorOf(editor, `line.${index}.price`), language, {
        inputmode: "decimal",
        onInput: (value) => actions.setLine(index, "price", value),
      })}
      ${input(
        id("quantity"),
        t(language, "lineQuantity"),
        line.quantity,
        errorOf(editor, `line.${index}.quantity`),
        language,
        {
          inputmode: "numeric",
          onInput: (value) => actions.setLine(index, "quantity", value),
        },
      )}
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
