/**
 * The second step of a supervisor's sign-in: the code of the authenticator app, or on a first sign-in setting the
 * app up (its secret as a QR code and as text, then the app's first code). The code field is what phones and
 * password managers fill from an authenticator (`autocomplete="one-time-code"`, a numeric keypad).
 */
import { html } from "lit-html";
import type { Ref } from "lit-html/directives/ref.js";
import type { Screen } from "../controller.js";
import { type Language, t } from "../i18n.js";
import type { SignInStep } from "../sign-in-flow.js";
import { qrCodeSvg } from "./qr-code.js";
import { field, signInCard } from "./sign-in-card.js";

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
  const enrol = step.kind === "enrol" ? step : undefined;
  return signInCard({
    language,
    screen,
    formId: "code-form",
    titleId: "code-title",
    title: t(language, enrol ? "enrolTitle" : "codeTitle"),
    informational: false,
    onSubmit: (data) => onCode(String(data.get("code") ?? "")),
    content: html`${
      enrol
        ? html`<p>${t(language, "enrolIntro")}</p>
            <div class="qr">${qrCodeSvg(enrol.uri, t(language, "qrLabel"))}</div>
            <p class="secret-label" id="secret-label">${t(language, "secretLabel")}</p>
            <p><code id="totp-secret" class="secret" aria-labelledby="secret-label">${grouped(enrol.secret)}</code></p>
            <p>${t(language, "enrolCodeIntro")}</p>`
        : html`<p>${t(language, "codeIntro")}</p>`
    }
      ${field({
        id: "code",
        label: t(language, "codeLabel"),
        type: "text",
        autocomplete: "one-time-code",
        clear: clearCode,
        focus: firstField,
      })}
      <button type="submit" id="code-button" ?disabled=${screen.busy}>${t(language, screen.busy ? "verifying" : "verify")}</button>
      <button type="button" id="start-over" class="link" @click=${onStartOver}>${t(language, "startOver")}</button>`,
  });
}
