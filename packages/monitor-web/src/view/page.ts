/** The one place the app puts templates into its root element. */
import { render, type TemplateResult } from "lit-html";

const taken = new WeakSet<HTMLElement>();

/**
 * Renders into `root`, which index.html fills with a "loading" line: that line goes the first time, after which
 * lit-html owns the element and updates only what changed.
 */
export function renderPage(root: HTMLElement, page: TemplateResult): void {
  if (!taken.has(root)) {
    root.replaceChildren();
    taken.add(root);
  }
  render(page, root);
}
