/**
 * The reason of a void or a correction, which the order's history keeps: a text area with its rules under it, and its
 * problem (the page's own or the server's) tied to it by `aria-describedby` and marked `aria-invalid`; and the
 * problem of a form that names no field, above it.
 */
import { html, nothing } from "lit-html";
import { t, type Language } from "../i18n.js";
import type { OrderMessage } from "../order-controller.js";

/** Enter sends the form, as in a one-line field: a reason is one paragraph (the server refuses line breaks). */
function submitOnEnter(event: KeyboardEvent): void {
  if (event.key !== "Enter" || event.isComposing) return;
  event.preventDefault();
  (event.target as HTMLTextAreaElement).form?.requestSubmit();
}

export function reasonField(
  id: string,
  value: string,
  error: OrderMessage | undefined,
  language: Language,
  onInput: (text: string) => void,
) {
  const described = error ? `${id}-hint ${id}-error` : `${id}-hint`;
  return html`<div class="field">
    <label for=${id}>${t(language, "reasonLabel")}</label>
    <textarea
      id=${id}
      name="reason"
      rows="3"
      .value=${value}
      aria-invalid=${error ? "true" : nothing}
      aria-describedby=${described}
      @input=${(event: InputEvent) => onInput((event.target as HTMLTextAreaElement).value)}
      @keydown=${submitOnEnter}
    ></textarea>
    <p class="hint" id=${`${id}-hint`}>${t(language, "reasonHint")}</p>
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${messageText(error, language)}</p>` : nothing}
  </div>`;
}

export function formProblem(id: string, problem: OrderMessage | undefined, language: Language) {
  return html`<p class="notice" id=${id} role="alert" ?hidden=${problem === undefined}>${
    problem ? messageText(problem, language) : ""
  }</p>`;
}

/** A message of the page's own, or the server's words. */
export function messageText(message: OrderMessage, language: Language): string {
  return "server" in message
    ? t(language, "serverRefused", { message: message.server })
    : t(language, message.key, message.values);
}
