/**
 * The catalogue page's state without the DOM: the catalogue and its history as the API last gave them, and the one
 * form open at a time (add, edit, deactivate), which is checked here, then shows what will change and waits for a
 * confirmation, then sends one PUT. A refusal keeps the form with the server's words next to the fields it names;
 * nothing is shown as saved until the API said so and the lists were read again.
 */
import {
  type Catalog,
  type CatalogApi,
  type CatalogChange,
  type CatalogEntryState,
  type CatalogOutcome,
  type CourierBody,
  fetchCatalog,
  fetchCatalogHistory,
  type FieldProblem,
  type ProductBody,
  putCourier,
  putProduct,
} from "./catalog-api.js";
import { checkEntry, type EntryDraft, type EntryKind, type FieldMessage, type FieldName } from "./catalog-rules.js";
import type { Authorized } from "./api-call.js";
import type { MessageKey } from "./i18n.js";

/** A message of the page's own (in the page's language), or the server's words as it sent them. */
export type FormMessage = FieldMessage | { readonly server: string };

export interface CatalogForm {
  /** New with every form opened, so the page draws fresh fields rather than keeping what was typed before. */
  readonly serial: number;
  readonly kind: EntryKind;
  readonly mode: "add" | "edit";
  readonly draft: EntryDraft;
  readonly errors: Partial<Record<FieldName, FormMessage>>;
  /** A problem that names no field of the form (the API away, nothing changed, ...). */
  readonly problem?: FormMessage | undefined;
  readonly stage: "editing" | "confirming" | "saving";
  /** While confirming and saving: what will be sent, and the entry as it is now (absent when it is new). */
  readonly pending?: { readonly id: string; readonly body: ProductBody | CourierBody } | undefined;
  readonly before?: CatalogEntryState | undefined;
}

type CatalogConnection = "loading" | "ok" | "unreachable" | "failed";

export interface CatalogState {
  readonly catalog: Catalog | undefined;
  readonly history: readonly CatalogChange[] | undefined;
  /** Where older changes start, if there are any the page has not read. */
  readonly olderHistory: string | null;
  readonly connection: CatalogConnection;
  readonly form: CatalogForm | undefined;
  /** The entry saved last, said in the page until another form opens. */
  readonly saved?: { readonly kind: EntryKind; readonly id: string; readonly name: string } | undefined;
}

const EMPTY_CATALOG_STATE: CatalogState = {
  catalog: undefined,
  history: undefined,
  olderHistory: null,
  connection: "loading",
  form: undefined,
};

export interface CatalogDependencies {
  readonly api: CatalogApi;
  readonly authorized: Authorized;
  readonly onChange: (state: CatalogState) => void;
}

/** The API's field names, and the form's: the same words. */
const FIELDS: readonly FieldName[] = ["id", "name", "referencePrice"];

export class CatalogController {
  private current: CatalogState = EMPTY_CATALOG_STATE;
  private serial = 0;
  private loadingOlder = false;

  constructor(private readonly deps: CatalogDependencies) {}

  get state(): CatalogState {
    return this.current;
  }

  /** Forgets everything (the session ended): a courier signing in next on this tab sees none of it. */
  reset(): void {
    this.current = EMPTY_CATALOG_STATE;
  }

  /** Reads the catalogue and its history (supervisors only: a 403 ends the session). */
  async load(): Promise<void> {
    if (this.current.catalog === undefined) this.update({ connection: "loading" });
    const catalog = await this.deps.authorized((token) => fetchCatalog(this.deps.api, token));
    if (catalog === undefined) return;
    const history = await this.deps.authorized((token) => fetchCatalogHistory(this.deps.api, token));
    if (history === undefined) return;
    if (catalog.kind === "ok" && history.kind === "ok")
      this.update({
        catalog: catalog.value,
        history: history.value.changes,
        olderHistory: history.value.nextBefore,
        connection: "ok",
      });
    else this.update({ connection: connectionOf(catalog.kind === "ok" ? history : catalog) });
  }

  /** Appends the next page of older changes. */
  async loadOlderHistory(): Promise<void> {
    const before = this.current.olderHistory;
    if (before === null || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const page = await this.deps.authorized((token) => fetchCatalogHistory(this.deps.api, token, before));
      if (page === undefined) return;
      // A reload meanwhile started the history again from its newest change: this page belongs to the old one.
      if (page.kind !== "ok" || this.current.olderHistory !== before) {
        if (page.kind !== "ok") this.update({ connection: connectionOf(page) });
        return;
      }
      this.update({
        history: [...(this.current.history ?? []), ...page.value.changes],
        olderHistory: page.value.nextBefore,
      });
    } finally {
      this.loadingOlder = false;
    }
  }

  startAdd(kind: EntryKind, prefill: { id: string; name: string } = { id: "", name: "" }): void {
    this.openForm({ kind, mode: "add", draft: { ...prefill, referencePrice: "", active: true } });
  }

  startEdit(kind: EntryKind, id: string): void {
    const entry = this.entry(kind, id);
    if (entry) this.openForm({ kind, mode: "edit", draft: draftOf(id, entry) });
  }

  /** Deactivating (or activating again) changes one thing: straight to the confirmation of it. */
  startToggleActive(kind: EntryKind, id: string): void {
    const entry = this.entry(kind, id);
    if (!entry) return;
    this.openForm({ kind, mode: "edit", draft: { ...draftOf(id, entry), active: !entry.active } });
    this.review(this.current.form!.draft);
  }

  /** The form was sent: checked here first; then what will change, to confirm. */
  review(draft: EntryDraft): void {
    const form = this.current.form;
    if (!form || form.stage === "saving") return;
    const checked = checkEntry(form.kind, form.mode === "edit" ? { ...draft, id: form.draft.id } : draft);
    if (!checked.ok) {
      this.setForm({ ...form, draft, stage: "editing", errors: checked.errors, problem: undefined });
      return;
    }
    const before = this.entry(form.kind, checked.id);
    if (before && sameEntry(before, checked.body)) {
      this.setForm({ ...form, draft, stage: "editing", errors: {}, problem: { key: "noChanges" } });
      return;
    }
    this.setForm({
      ...form,
      draft,
      errors: {},
      problem: undefined,
      stage: "confirming",
      pending: { id: checked.id, body: checked.body },
      before: before && stateOf(before),
    });
  }

  /** Back from the confirmation to the form, as it was typed. */
  back(): void {
    const form = this.current.form;
    if (form?.stage === "confirming") this.setForm({ ...form, stage: "editing", pending: undefined });
  }

  cancel(): void {
    if (this.current.form?.stage !== "saving") this.update({ form: undefined });
  }

  async confirm(): Promise<void> {
    const form = this.current.form;
    if (form?.stage !== "confirming" || !form.pending) return;
    const { id, body } = form.pending;
    this.setForm({ ...form, stage: "saving" });
    const outcome = await this.deps.authorized((token) =>
      form.kind === "product"
        ? putProduct(this.deps.api, token, id, body as ProductBody)
        : putCourier(this.deps.api, token, id, body as CourierBody),
    );
    if (outcome === undefined || this.current.form?.serial !== form.serial) return;
    if (outcome.kind === "ok") {
      this.update({ form: undefined, saved: { kind: form.kind, id, name: body.name } });
      await this.load();
      return;
    }
    const editing = { ...form, stage: "editing" as const, pending: undefined };
    if (outcome.kind === "invalid") this.setForm({ ...editing, ...serverErrors(outcome.errors, outcome.detail) });
    else this.setForm({ ...editing, errors: {}, problem: { key: problemKey(outcome) } });
  }

  private openForm(form: Pick<CatalogForm, "kind" | "mode" | "draft">): void {
    this.serial += 1;
    this.update({ saved: undefined, form: { ...form, serial: this.serial, errors: {}, stage: "editing" } });
  }

  private entry(kind: EntryKind, id: string) {
    const list = kind === "product" ? this.current.catalog?.products : this.current.catalog?.couriers;
    return list?.find((entry) => entry.id === id);
  }

  private setForm(form: CatalogForm): void {
    this.update({ form });
  }

  private update(patch: Partial<CatalogState>): void {
    this.current = { ...this.current, ...patch };
    this.deps.onChange(this.current);
  }
}

type Entry = { readonly name: string; readonly active: boolean; readonly referencePrice?: string };

function draftOf(id: string, entry: Entry): EntryDraft {
  return { id, name: entry.name, referencePrice: entry.referencePrice ?? "", active: entry.active };
}

function stateOf(entry: Entry): CatalogEntryState {
  return entry.referencePrice === undefined
    ? { name: entry.name, active: entry.active }
    : { name: entry.name, referencePrice: entry.referencePrice, active: entry.active };
}

function sameEntry(entry: Entry, body: ProductBody | CourierBody): boolean {
  const price = "referencePrice" in body ? body.referencePrice : undefined;
  return entry.name === body.name && entry.active === body.active && entry.referencePrice === price;
}

/** Each of the server's problems next to the field it names; the rest above the form. */
function serverErrors(problems: readonly FieldProblem[], detail: string): Pick<CatalogForm, "errors" | "problem"> {
  const errors: Partial<Record<FieldName, FormMessage>> = {};
  const others: string[] = [];
  for (const problem of problems) {
    const field = FIELDS.find((name) => problem.path === name);
    if (field && errors[field] === undefined) errors[field] = { server: problem.message };
    else if (!field) others.push(problem.message);
  }
  const problem = others.length > 0 || problems.length === 0 ? { server: [...others, detail].join(" ") } : undefined;
  return { errors, problem };
}

function connectionOf(outcome: CatalogOutcome<unknown>): CatalogConnection {
  return outcome.kind === "unreachable" || outcome.kind === "unauthenticated" ? "unreachable" : "failed";
}

function problemKey(outcome: CatalogOutcome<unknown>): MessageKey {
  return connectionOf(outcome) === "unreachable" ? "catalogSaveUnreachable" : "catalogSaveFailed";
}
