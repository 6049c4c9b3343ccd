/**
 * What the screens of signing in share (the password, then the authenticator's code): the card their form is drawn
 * in with its title and the notice saying why the last attempt failed, and the form's text fields.
 */
import { html, noChange, type TemplateResult } from "lit-html";
import { ifDefined } from "lit-html/directives/if-defined.js";
import { live } from "lit-html/directives/live.js";
import { createRef, type Ref, ref } from "lit-html/directives/ref.js";
import type { Screen } from "../controller.js";
import { type Language, t } from "../i18n.js";

export interface SignInCardProps {
  readonly language: Language;
  readonly screen: Extract<Screen, { name: "sign-in" }>;
  /** The form's id; its title's is `<formTitleId>`. */
  readonly formId: string;
  readonly titleId: string;
  readonly title: string;
  /** The notice is information (signed out as asked), not a refusal. */
  readonly informational: boolean;
  readonly onSubmit: (data: FormData) => void;
  readonly content: TemplateResult;
}

export function signInCard(props: SignInCardProps) {
  const { language, screen } = props;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    props.onSubmit(new FormData(event.currentTarget as HTMLFormElement));
  };
  const notice = screen.notice === undefined ? "" : t(language, screen.notice, { detail: screen.detail ?? "" });
  return html`<main class="sign-in-main">
    <form class="card sign-in" id=${props.formId} novalidate aria-labelledby=${props.titleId} @submit=${submit}>
      <h2 id=${props.titleId}>${props.title}</h2>
      <p
        id="sign-in-notice"
        class=${props.informational ? "notice info" : "notice"}
        role="alert"
        ?hidden=${screen.notice === undefined}
      >${notice}</p>
      ${props.content}
    </form>
  </main>`;
}

export interface FieldProps {
  /** The input's id and form name. */
  readonly id: string;
  readonly label: string;
  readonly type: "text" | "password";
  readonly autocomplete: "username" | "current-password" | "one-time-code";
  /** True on the render that shows a refused attempt: the field is emptied. */
  readonly clear?: boolean;
  /** Where the view puts focus when the screen opens. */
  readonly focus?: Ref<HTMLInputElement>;
}

/** A required text field with its label; a user name is typed as is, a code on a numeric keypad. */
export function field({ id, label, type, autocomplete, clear = false, focus }: FieldProps) {
  const name = autocomplete === "username";
  const code = autocomplete === "one-time-code";
  return html`<label for=${id}>${label}</label>
    <input
      id=${id}
      name=${id}
      type=${type}
      inputmode=${ifDefined(code ? "numeric" : undefined)}
      autocomplete=${autocomplete}
      autocapitalize=${ifDefined(name ? "none" : undefined)}
      spellcheck=${ifDefined(name ? "false" : undefined)}
      pattern=${ifDefined(code ? "[0-9]*" : undefined)}
      maxlength=${ifDefined(code ? "7" : undefined)}
      required
      .value=${clear ? live("") : noChange}
      ${ref(focus ?? createRef())}
    />`;
}
