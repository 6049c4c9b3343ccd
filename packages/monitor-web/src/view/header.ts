/** The page's header: brand, who is signed in, the language switch and sign-out. */
import { html, nothing } from "lit-html";
import { t, type Language } from "../i18n.js";

export interface HeaderProps {
  readonly language: Language;
  /** Undefined before sign-in: no user line, no sign-out button. */
  readonly username: string | undefined;
  readonly onLanguage: (language: Language) => void;
  readonly onSignOut: () => void;
}

export function header({ language, username, onLanguage, onSignOut }: HeaderProps) {
  const switchTo: Language = language === "es" ? "en" : "es";
  return html`<header class="top">
    <div class="brand">
      <span class="company">${t(language, "company")}</span>
      <h1>${t(language, "appTitle")}</h1>
    </div>
    <div class="actions">
      ${username === undefined ? nothing : html`<span class="user">${t(language, "signedInAs", { user: username })}</span>`}
      <button
        type="button"
        class="secondary"
        lang=${switchTo}
        aria-label=${t(language, "switchLanguageLabel")}
        @click=${() => onLanguage(switchTo)}
      >${t(language, "switchLanguage")}</button>
      ${
        username === undefined
          ? nothing
          : html`<button type="button" class="secondary" id="sign-out" @click=${onSignOut}>${t(language, "signOut")}</button>`
      }
    </div>
  </header>`;
}
