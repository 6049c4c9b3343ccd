/**
 * The second step of a supervisor's sign-in: the code of the authenticator app, or on a first sign-in setting the
 * app up (its secret as a QR code and as text, then the app's first code). The code field is what phones and
 * password managers fill from an authenticator (`autocomplete="one-time-code"`, a numeric keypad).
 */
import { html, noChange } from "lit-html";
import { live } from "lit-html/directives/live.js";
import { type Ref, ref } from "lit-html/directives/ref.js";
import type { Screen } from "../controller.js";
import { type Language, t } from "../i18n.js";
import type { SignInStep } from "../sign-in-flow.js";
import { qrCodeSvg } from "./qr-code.js";

export interface SecondFactorProps {
  readonly language: Language;
  readonly screen: Extract<Screen, { name: "sign-in" }>;
  readonly step: Exclude<SignInStep, { kind: "password" }>;
  /** True on the render that shows a refused code: the field is emptied. */
  readonly clearCode: boolean;
  readonly firstField: Ref<HTMLInputElement>;
  readonly onCode: (code: string) => void;
  readonly onStartOver: () => void;
}

/** The secret in groups of four, as authenticator apps show keys: easier to read and type. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, "$1 ");

export function secondFactorSection(props: SecondFactorProps) {
  const { language, screen, step, clearCode, firstField, onCode, onStartOver } = props;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    onCode(String(new FormData(event.currentTarget as HTMLFormElement).get("code") ?? ""));
  };
  const notice = screen.notice === undefined ? "" : t(language, screen.notice, { detail: screen.detail ?? "" });
  const enrol = step.kind === "enrol" ? step : undefined;
  return html`<main class="sign-in-main">
    <form class="card sign-in" id="code-form" novalidate aria-labelledby="code-title" @submit=${submit}>
      <h2 id="code-title">${t(language, enrol ? "enrolTitle" : "codeTitle")}</h2>
      <p id="sign-in-notice" class="notice" role="alert" ?hidden=${screen.notice === undefined}>${notice}</p>
      ${
        enrol
          ? html`<p>${t(language, "enrolIntro")}</p>
              <div class="qr">${qrCodeSvg(enrol.uri, t(language, "qrLabel"))}</div>
              <p class="secret-label" id="secret-label">${t(language, "secretLabel")}</p>
              <p><code id="totp-secret" class="secret" aria-labelledby="secret-label">${grouped(enrol.secret)}</code></p>
              <p>${t(language, "enrolCodeIntro")}</p>`
          : html`<p>${t(language, "codeIntro")}</p>`
      }
      <label for="code">${t(language, "codeLabel")}</label>
      <input
        id="code"
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]*"
        maxlength="7"
        required
        .value=${clearCode ? live("") : noChange}
        ${ref(firstField)}
      />
      <button type="submit" id="code-button" ?disabled=${screen.busy}>${t(language, screen.busy ? "verifying" : "verify")}</button>
      <button type="button" id="start-over" class="link" @click=${onStartOver}>${t(language, "startOver")}</button>
    </form>
  </main>`;
}
