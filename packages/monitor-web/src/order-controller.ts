/**
 * One order's page without the DOM: the order as the API last gave it (its revision, status and history, and the ETag
 * naming that revision), and the one change open at a time: a void or a correction, typed, checked here with the
 * server's rules, shown as what will change, confirmed, then sent once. A correction carries the ETag it was made
 * on, so a change by someone else meanwhile is a 412: the page then shows the order as it now is and says why
 * nothing was saved. Nothing is shown as done until the API answered with the order as it now is.
 */
import type { ApiClient, ApiOutcome, Authorized } from "./api-call.js";
import type { BusinessZone } from "./business-zone.js";
import { type Catalog, fetchCatalog } from "./catalog-api.js";
import { checkOrderId, type FieldMessage } from "./catalog-rules.js";
import { correctOrder, fetchOrder, type OrderPayload, type OrderRecord, voidOrder } from "./order-api.js";
import { type OrderChange, orderChanges } from "./order-changes.js";
import {
  type CorrectionDraft,
  type CorrectionField,
  checkCorrection,
  checkReason,
  draftOf,
  fieldOfProblem,
  withCourier,
  withLine,
  withNewLine,
  withoutLine,
  withProduct,
} from "./order-draft.js";

/** A message of the page's own (in the page's language), or the server's words as it sent them. */
export type OrderMessage = FieldMessage | { readonly server: string };

type Stage = "editing" | "confirming" | "saving";

export interface VoidEditor {
  readonly kind: "void";
  readonly stage: Stage;
  readonly reason: string;
  readonly errors: { readonly reason?: OrderMessage };
  readonly problem?: OrderMessage | undefined;
  /** While confirming and saving: the reason as it will be sent. */
  readonly pending?: { readonly reason: string } | undefined;
}

export interface CorrectionEditor {
  readonly kind: "correct";
  readonly stage: Stage;
  readonly draft: CorrectionDraft;
  readonly errors: Partial<Record<CorrectionField, OrderMessage>>;
  readonly problem?: OrderMessage | undefined;
  /** While confirming and saving: what will be sent, and what it changes. */
  readonly pending?:
    | { readonly reason: string; readonly order: OrderPayload; readonly changes: readonly OrderChange[] }
    | undefined;
}

export type OrderEditor = VoidEditor | CorrectionEditor;

type OrderStatus = "loading" | "ok" | "not-found" | "malformed" | "unreachable" | "failed";

export interface OrderPageState {
  readonly id: string | undefined;
  readonly timeZone: string | undefined;
  /** Names for the correction's lists; undefined while unread (the lists then offer what the order holds). */
  readonly catalog: Catalog | undefined;
  readonly record: OrderRecord | undefined;
  /** The ETag of `record`'s revision, sent with a correction. */
  readonly etag: string | undefined;
  readonly status: OrderStatus;
  /** Why the order could not be read, or why a change was not saved (said above the order). */
  readonly problem?: OrderMessage | undefined;
  readonly editor: OrderEditor | undefined;
  /** The change saved last, said until another opens. */
  readonly saved?: { readonly action: "voided" | "corrected"; readonly revision: number } | undefined;
}

const EMPTY: OrderPageState = {
  id: undefined,
  timeZone: undefined,
  catalog: undefined,
  record: undefined,
  etag: undefined,
  status: "loading",
  editor: undefined,
};

export interface OrderPageDependencies {
  readonly api: ApiClient;
  readonly authorized: Authorized;
  readonly zone: BusinessZone;
  /** Now (ms): a corrected delivery time may not be later. */
  readonly now: () => number;
  readonly onChange: (state: OrderPageState) => void;
}

type Refusal = Exclude<ApiOutcome<unknown>, { kind: "ok" }>;

export class OrderController {
  private current: OrderPageState = EMPTY;
  /** Bumped by every order opened, so an answer about another order is dropped. */
  private opening = 0;

  constructor(private readonly deps: OrderPageDependencies) {}

  get state(): OrderPageState {
    return this.current;
  }

  /** Forgets everything (the session ended). */
  reset(): void {
    this.opening += 1;
    this.current = EMPTY;
  }

  /** Reads the order (and, once, the zone its times are shown in and the catalogue's names). */
  async open(id: string): Promise<void> {
    const opening = ++this.opening;
    this.update({
      id,
      record: undefined,
      etag: undefined,
      status: "loading",
      problem: undefined,
      editor: undefined,
      saved: undefined,
    });
    const malformed = checkOrderId(id);
    if ("key" in malformed) return this.update({ status: "malformed", problem: malformed });
    const zone = await this.deps.zone.read();
    if (zone === undefined || opening !== this.opening) return;
    if (zone.kind !== "ok") return this.update(readFailure(zone));
    this.update({ timeZone: zone.value });
    if (this.current.catalog === undefined) void this.loadCatalog();
    await this.read(opening, id);
  }

  /** The order read again (after the API was away). */
  async retry(): Promise<void> {
    if (this.current.id !== undefined) await this.open(this.current.id);
  }

  startVoid(): void {
    if (this.current.record?.status !== "active") return;
    this.update({ editor: { kind: "void", stage: "editing", reason: "", errors: {} }, saved: undefined });
  }

  startCorrection(): void {
    const { record, timeZone } = this.current;
    if (record?.status !== "active" || timeZone === undefined) return;
    const draft = draftOf(record, timeZone);
    this.update({ editor: { kind: "correct", stage: "editing", draft, errors: {} }, saved: undefined });
  }

  cancel(): void {
    this.update({ editor: undefined });
  }

  setReason(reason: string): void {
    const editor = this.current.editor;
    if (editor?.kind === "void") this.update({ editor: { ...editor, reason } });
    else if (editor) this.edit((draft) => ({ ...draft, reason }));
  }

  setCourier(id: string): void {
    this.edit((draft, record) => withCourier(draft, id, this.current.catalog, record));
  }

  setDeliveredAt(deliveredAt: string): void {
    this.edit((draft) => ({ ...draft, deliveredAt }));
  }

  setProduct(index: number, id: string): void {
    this.edit((draft, record) => withProduct(draft, index, id, this.current.catalog, record));
  }

  setLine(index: number, field: "price" | "quantity", value: string): void {
    this.edit((draft) => withLine(draft, index, (line) => ({ ...line, [field]: value })));
  }

  addLine(): void {
    this.edit((draft) => withNewLine(draft, this.current.catalog));
  }

  removeLine(index: number): void {
    this.edit((draft) => withoutLine(draft, index));
  }

  /** Checks the change with the server's rules; what passes is shown as what will change, to confirm. */
  review(): void {
    const { editor, record, timeZone } = this.current;
    if (editor?.stage === "editing" && record && timeZone !== undefined)
      this.update({ editor: reviewed(editor, record, timeZone, this.deps.now()) });
  }

  /** From the confirmation back to the form, as typed. */
  back(): void {
    const editor = this.current.editor;
    if (editor?.stage === "confirming") this.update({ editor: { ...editor, stage: "editing", problem: undefined } });
  }

  /** Sends the confirmed change, once. */
  async confirm(): Promise<void> {
    const { editor, record, etag } = this.current;
    if (editor?.stage !== "confirming" || !editor.pending || !record) return;
    const opening = this.opening;
    this.update({ editor: { ...editor, stage: "saving", problem: undefined } });
    const api = this.deps.api;
    const pending = editor.pending;
    const outcome =
      etag === undefined
        ? ({ kind: "failed", status: 0, detail: "GET /orders/{id} answered no ETag" } as const)
        : editor.kind === "void"
          ? await this.deps.authorized((token) => voidOrder(api, token, record.id, pending.reason, etag))
          : await this.deps.authorized((token) => correctOrder(api, token, record.id, editor.pending!, etag));
    if (outcome === undefined || opening !== this.opening) return;
    if (outcome.kind === "ok" && editor.kind === "void" && !voidedWith(outcome.value, pending.reason)) {
      // Not this void: the order was already voided (voiding again answers the order as it is); the reason is not kept.
      const problem = { key: "orderVoidedMeanwhile" } as const;
      return this.update({ record: outcome.value, etag: outcome.etag, editor: undefined, problem });
    }
    if (outcome.kind === "ok") {
      const action = editor.kind === "void" ? "voided" : "corrected";
      const saved = { action, revision: outcome.value.revision } as const;
      return this.update({ record: outcome.value, etag: outcome.etag, editor: undefined, problem: undefined, saved });
    }
    await this.refused(opening, editor, outcome);
  }

  private async refused(opening: number, editor: OrderEditor, outcome: Refusal): Promise<void> {
    if (outcome.kind === "invalid") return this.update({ editor: refusedFields(editor, outcome) });
    if (outcome.kind === "failed" && (outcome.status === 412 || outcome.status === 409 || outcome.status === 404)) {
      // Someone changed the order meanwhile (or it is gone): nothing was saved; show it as it now is, and why, at once.
      const fresh = await this.fetched(opening, this.current.id ?? "");
      if (fresh === undefined) return;
      const voided = fresh.record?.status === "voided";
      const problem: OrderMessage | undefined =
        fresh.status !== "ok"
          ? fresh.problem
          : voided
            ? { key: "orderVoidedMeanwhile" }
            : outcome.status === 412
              ? { key: "orderChangedMeanwhile" }
              : { key: "orderRefused", values: { message: outcome.detail } };
      return this.update({ ...fresh, editor: undefined, problem });
    }
    const problem: OrderMessage = outcome.kind === "failed" ? { server: outcome.detail } : { key: "saveUnreachable" };
    this.update({ editor: { ...editor, stage: "confirming", problem } });
  }

  private async read(opening: number, id: string): Promise<void> {
    const fresh = await this.fetched(opening, id);
    if (fresh) this.update(fresh);
  }

  /** The order as the API now has it, as a change of this page's state; undefined if the page moved on. */
  private async fetched(opening: number, id: string): Promise<Partial<OrderPageState> | undefined> {
    const outcome = await this.deps.authorized((token) => fetchOrder(this.deps.api, token, id));
    if (outcome === undefined || opening !== this.opening) return undefined;
    if (outcome.kind === "ok") return { record: outcome.value, etag: outcome.etag, status: "ok", problem: undefined };
    return { record: undefined, etag: undefined, ...readFailure(outcome) };
  }

  private async loadCatalog(): Promise<void> {
    const outcome = await this.deps.authorized((token) => fetchCatalog(this.deps.api, token));
    if (outcome?.kind === "ok") this.update({ catalog: outcome.value });
  }

  private edit(change: (draft: CorrectionDraft, record: OrderRecord) => CorrectionDraft): void {
    const { editor, record } = this.current;
    if (editor?.kind !== "correct" || editor.stage !== "editing" || !record) return;
    this.update({ editor: { ...editor, draft: change(editor.draft, record) } });
  }

  private update(patch: Partial<OrderPageState>): void {
    this.current = { ...this.current, ...patch };
    this.deps.onChange(this.current);
  }
}

/** Whether the order's last change is a void with this reason (the one this page sent). */
function voidedWith(order: OrderRecord, reason: string): boolean {
  const last = order.history.at(-1);
  return order.status === "voided" && last?.action === "voided" && last.reason === reason;
}

/** The editor after its review: the confirmation of what will change, or the form with what is wrong. */
function reviewed(editor: OrderEditor, record: OrderRecord, timeZone: string, now: number): OrderEditor {
  if (editor.kind === "void") {
    const reason = checkReason(editor.reason);
    return "key" in reason
      ? { ...editor, errors: { reason }, problem: undefined }
      : { ...editor, errors: {}, problem: undefined, stage: "confirming", pending: reason };
  }
  const checked = checkCorrection(editor.draft, record, timeZone, now);
  if (!checked.ok) return { ...editor, errors: checked.errors, problem: undefined };
  const changes = orderChanges(record, checked.order, timeZone);
  if (changes.length === 0) return { ...editor, errors: {}, problem: { key: "correctionNoChange" } };
  const pending = { reason: checked.reason, order: checked.order, changes };
  return { ...editor, errors: {}, problem: undefined, stage: "confirming", pending };
}

function readFailure(outcome: Refusal): Pick<OrderPageState, "status" | "problem"> {
  if (outcome.kind === "failed" && outcome.status === 404) return { status: "not-found", problem: undefined };
  if (outcome.kind === "failed" || outcome.kind === "invalid")
    return { status: "failed", problem: { server: outcome.detail } };
  return { status: "unreachable", problem: { key: "orderUnreachable" } };
}

/** The API's refusal, each problem under the field it names; the rest above the form. */
function refusedFields(editor: OrderEditor, outcome: Extract<Refusal, { kind: "invalid" }>): OrderEditor {
  const errors: Partial<Record<CorrectionField, OrderMessage>> = {};
  const elsewhere: string[] = [];
  for (const { path, message } of outcome.errors) {
    const field = editor.kind === "void" ? (path === "reason" ? "reason" : undefined) : fieldOfProblem(path);
    if (field === undefined) elsewhere.push(`${path}: ${message}`);
    else errors[field] ??= { server: message };
  }
  const named = elsewhere.length === 0 && outcome.errors.length > 0;
  const problem = named ? undefined : { server: [...elsewhere, outcome.detail].join(" ") };
  return editor.kind === "void"
    ? { ...editor, stage: "editing", errors: { ...(errors.reason ? { reason: errors.reason } : {}) }, problem }
    : { ...editor, stage: "editing", errors, problem };
}

/** What the order's page may ask of its controller. */
export type OrderActions = Pick<
  OrderController,
  | "retry"
  | "startVoid"
  | "startCorrection"
  | "cancel"
  | "setReason"
  | "setCourier"
  | "setDeliveredAt"
  | "setProduct"
  | "setLine"
  | "addLine"
  | "removeLine"
  | "review"
  | "back"
  | "confirm"
>;
