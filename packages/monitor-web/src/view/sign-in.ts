/**
 * The sign-in screen: user name and password, the button, and the notice saying why the last attempt or session
 * ended. Its own file so that further steps of signing in (a second factor) land here and nowhere else.
 */
import { html, noChange } from "lit-html";
import { live } from "lit-html/directives/live.js";
import type { Ref } from "lit-html/directives/ref.js";
import { ref } from "lit-html/directives/ref.js";
import type { Screen } from "../controller.js";
import { t, type Language } from "../i18n.js";

export interface SignInProps {
  readonly language: Language;
  readonly screen: Extract<Screen, { name: "sign-in" }>;
  /** True on the render that shows a refused attempt: the password typed is emptied, the user name kept. */
  readonly clearPassword: boolean;
  /** Where the view puts focus when this screen opens. */
  readonly firstField: Ref<HTMLInputElement>;
  readonly onSignIn: (username: string, password: string) => void;
}

export function signInSection({ language, screen, clearPassword, firstField, onSignIn }: SignInProps) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    onSignIn(String(data.get("username") ?? ""), String(data.get("password") ?? ""));
  };
  const notice = screen.notice === undefined ? "" : t(language, screen.notice, { detail: screen.detail ?? "" });
  return html`<main class="sign-in-main">
    <form class="card sign-in" id="sign-in-form" novalidate aria-labelledby="sign-in-title" @submit=${submit}>
      <h2 id="sign-in-title">${t(language, "signInTitle")}</h2>
      <p
        id="sign-in-notice"
        class=${screen.notice === "signedOut" ? "notice info" : "notice"}
        role="alert"
        ?hidden=${screen.notice === undefined}
      >${notice}</p>
      <label for="username">${t(language, "username")}</label>
      <input
        id="username"
        name="username"
        type="text"
        autocomplete="username"
        autocapitalize="none"
        spellcheck="false"
        required
        ${ref(firstField)}
      />
      <label for="password">${t(language, "password")}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        .value=${clearPassword ? live("") : noChange}
      />
      <button type="submit" id="sign-in-button" ?disabled=${screen.busy}>${t(language, screen.busy ? "signingIn" : "signIn")}</button>
    </form>
  </main>`;
}
