/**
 * Where focus goes on the catalogue page as its form moves on, so a keyboard or screen reader user is always where
 * the page now asks for something: the first field of a form that opens (or that comes back from the confirmation),
 * the first refused field, the confirmation's heading, the "saved" line, or the page once a form is closed.
 */
import type { CatalogForm, CatalogState } from "../catalog-controller.js";

export class CatalogFocus {
  private form: CatalogForm | undefined;
  private saved: CatalogState["saved"];

  /** The page is new (or not the catalogue): remember where things are without moving focus. */
  forget(state: CatalogState): void {
    this.form = state.form;
    this.saved = state.saved;
  }

  follow(state: CatalogState, root: HTMLElement): void {
    const before = this.form;
    const savedBefore = this.saved;
    this.forget(state);
    const form = state.form;
    if (form === before) return;
    const focus = (selector: string) => root.querySelector<HTMLElement>(selector)?.focus();
    if (!form) {
      if (state.saved && state.saved !== savedBefore) focus("#catalog-saved");
      else focus("#catalog");
      return;
    }
    if (form.stage === "confirming" && before?.stage !== "confirming") focus("#catalog-confirm-title");
    else if (form.stage !== "editing") return;
    else if (Object.keys(form.errors).length > 0) focus('#catalog-form [aria-invalid="true"]');
    else if (form.serial !== before?.serial || before.stage !== "editing") focus("#catalog-form input:not([readonly])");
  }
}
