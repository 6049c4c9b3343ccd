/**
 * Where focus goes on an order's page as a change moves on, so a keyboard or screen reader user is always where the
 * page now asks for something: the first field of a form that opens (or comes back from its confirmation), the first
 * refused field (or the products' own problem, such as too many units in all; a problem that names no field is
 * announced as an alert), the new line's product when one is added, the confirmation's heading, the "saved" line or the problem once it is done, the add button when a
 * line goes, and the order's buttons when a form is closed.
 */
import type { OrderEditor, OrderPageState } from "../order-controller.js";

const FORMS = { void: "#void-form", correct: "#correct-form" } as const;
const CONFIRM_TITLES = { void: "#void-confirm-title", correct: "#correct-confirm-title" } as const;

const lineCount = (editor: OrderEditor | undefined) => (editor?.kind === "correct" ? editor.draft.lines.length : 0);

export class OrderFocus {
  private editor: OrderEditor | undefined;
  private state: OrderPageState | undefined;

  /** The page is new (or not an order's): remember where things are without moving focus. */
  forget(state: OrderPageState): void {
    this.state = state;
    this.editor = state.editor;
  }

  follow(state: OrderPageState, root: HTMLElement): void {
    const before = this.editor;
    const previous = this.state;
    this.forget(state);
    const editor = state.editor;
    if (editor === before) return;
    const focus = (selector: string) => {
      const target = root.querySelector<HTMLElement>(selector);
      target?.focus();
      return target !== null;
    };
    if (!editor) {
      if (state.saved && state.saved !== previous?.saved) focus("#order-saved");
      else if (state.problem && state.problem !== previous?.problem) focus("#order-title");
      else if (before) focus(state.record?.status === "active" ? "#order-correct" : "#order-title");
      return;
    }
    const form = FORMS[editor.kind];
    if (editor.stage === "confirming" && before?.stage !== "confirming") focus(CONFIRM_TITLES[editor.kind]);
    else if (editor.stage !== "editing") return;
    else if (Object.keys(editor.errors).length > 0 && editor.errors !== before?.errors)
      focus(`${form} [aria-invalid="true"]`) || focus("#correct-lines-error");
    else if (before?.kind !== editor.kind || before.stage !== "editing") focus(`${form} select, ${form} textarea`);
    else if (lineCount(editor) < lineCount(before)) focus("#correct-add-line");
    else if (lineCount(editor) > lineCount(before)) focus(`#correct-line-${lineCount(editor) - 1}-product`);
  }
}
