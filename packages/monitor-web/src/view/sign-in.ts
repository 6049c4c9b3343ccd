/**
 * The sign-in screen: user name and password, the button, and the notice saying why the last attempt or session
 * ended, in the card the second factor's screen shares (sign-in-card.ts).
 */
import { html } from "lit-html";
import type { Ref } from "lit-html/directives/ref.js";
import type { Screen } from "../controller.js";
import { t, type Language } from "../i18n.js";
import { field, signInCard } from "./sign-in-card.js";

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
  return signInCard({
    language,
    screen,
    formId: "sign-in-form",
    titleId: "sign-in-title",
    title: t(language, "signInTitle"),
    informational: screen.notice === "signedOut",
    onSubmit: (data) => onSignIn(String(data.get("username") ?? ""), String(data.get("password") ?? "")),
    content: html`${field({
      id: "username",
      label: t(language, "username"),
      type: "text",
      autocomplete: "username",
      focus: firstField,
    })}
      ${field({
        id: "password",
        label: t(language, "password"),
        type: "password",
        autocomplete: "current-password",
        clear: clearPassword,
      })}
      <button type="submit" id="sign-in-button" ?disabled=${screen.busy}>${t(language, screen.busy ? "signingIn" : "signIn")}</button>`,
  });
}
