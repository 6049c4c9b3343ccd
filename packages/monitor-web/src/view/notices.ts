/** What the page says instead of figures, or beside them: the API's state, waiting, and a start-up that failed. */
import { html } from "lit-html";
import type { Screen } from "../controller.js";
import { t, type Language, type MessageKey } from "../i18n.js";
import type { LiveState } from "../live-push.js";

type Connection = Extract<Screen, { name: "dashboard" }>["connection"];

/** The message for a connection that is not fine, if it is not. */
function connectionProblem(connection: Connection): MessageKey | undefined {
  if (connection.kind === "unreachable") return "apiUnreachable";
  if (connection.kind === "error") return "apiError";
  return undefined;
}

/** Always in the page (hidden while all is well), so screen readers announce it when it appears. */
export function connectionNotice(language: Language, connection: Connection) {
  const problem = connectionProblem(connection);
  const status = connection.kind === "error" ? connection.status : "";
  return html`<p class="notice" id="connection" role="alert" ?hidden=${problem === undefined}>${
    problem ? t(language, problem, { status }) : ""
  }</p>`;
}

/**
 * While the live channel is down the page says so: its figures are then polled every 30 s instead of following
 * each change. Always in the page (hidden otherwise), like the connection notice.
 */
export function liveNotice(language: Language, live: LiveState | undefined) {
  return html`<p class="notice" id="live" role="status" ?hidden=${live !== "down"}>${
    live === "down" ? t(language, "liveDown") : ""
  }</p>`;
}

/** Before the first figures of a period arrive. */
export function waitingForFigures(language: Language, connection: Connection) {
  const key: MessageKey = connectionProblem(connection) ? "apiUnreachable" : "waitingForData";
  return html`<p class="placeholder" role="status">${t(language, key)}</p>`;
}

/** The page could not start (its settings are missing, or something unexpected): said in the page, never blank. */
export function startupProblem(message: string, detail?: string) {
  return html`<main class="sign-in-main">
    ${
      detail === undefined
        ? html`<p class="notice" role="alert">${message}</p>`
        : html`<p class="notice" role="alert" id="config-error">${message} <span class="detail">${detail}</span></p>`
    }
  </main>`;
}
