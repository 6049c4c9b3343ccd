/**
 * The catalogue page for supervisors: the form when one is open (above the lists, so it is in sight on a phone),
 * the products and couriers, and the history of changes. Reading the history is for supervisors only, so the lists
 * and their controls appear only once the API has answered it; anyone else's session ends on its 403.
 */
import { html, nothing } from "lit-html";
import { ref, type Ref } from "lit-html/directives/ref.js";
import type { CatalogController, CatalogState } from "../catalog-controller.js";
import { t, type Language } from "../i18n.js";
import { catalogFormSection } from "./catalog-form.js";
import { catalogHistory } from "./catalog-history.js";
import { catalogLists } from "./catalog-lists.js";

export type CatalogActions = Pick<
  CatalogController,
  | "load"
  | "loadOlderHistory"
  | "startAdd"
  | "startEdit"
  | "startToggleActive"
  | "review"
  | "back"
  | "cancel"
  | "confirm"
>;

export interface CatalogPageProps {
  readonly language: Language;
  readonly state: CatalogState;
  /** The zone the history's times are shown in (named in its heading). */
  readonly timeZone: string;
  readonly actions: CatalogActions;
  readonly main: Ref<HTMLElement>;
}

export function catalogPage({ language, state, timeZone, actions, main }: CatalogPageProps) {
  const busy = state.form?.stage === "saving";
  return html`<main class="dashboard catalog" id="catalog" tabindex="-1" ${ref(main)}>
    <div class="page-head">
      <h2 class="page-title" id="catalog-title">${t(language, "catalogTitle")}</h2>
      <p class="card-intro">${t(language, "catalogIntro")}</p>
    </div>
    <p class="notice info" id="catalog-saved" role="status" tabindex="-1" ?hidden=${state.saved === undefined}>${
      state.saved ? t(language, "savedNotice", { name: state.saved.name, id: state.saved.id }) : ""
    }</p>
    ${connection(state, language, actions)}
    ${
      state.form
        ? catalogFormSection(state.form, language, {
            review: (draft) => actions.review(draft),
            back: () => actions.back(),
            cancel: () => actions.cancel(),
            confirm: () => void actions.confirm(),
          })
        : nothing
    }
    ${
      state.catalog && state.history
        ? html`${catalogLists(state.catalog, language, actions, busy)}${catalogHistory(
            state.history,
            language,
            timeZone,
            state.olderHistory === null ? undefined : () => void actions.loadOlderHistory(),
          )}`
        : nothing
    }
  </main>`;
}

function connection(state: CatalogState, language: Language, actions: CatalogActions) {
  if (state.connection === "ok") return nothing;
  if (state.connection === "loading")
    return html`<p class="placeholder" role="status" id="catalog-loading">${t(language, "catalogLoading")}</p>`;
  return html`<p class="notice" role="alert" id="catalog-problem">
    ${t(language, state.connection === "unreachable" ? "catalogUnreachable" : "catalogFailed")}
    <button type="button" class="secondary small" id="catalog-retry" @click=${() => void actions.load()}>${t(
      language,
      "retry",
    )}</button>
  </p>`;
}
