/**
 * The signed-in app's pages as links (`#/`, `#/pedidos`, `#/catalogo`): the browser's own navigation, so the back button, a new
 * tab and the keyboard work as on any site. The open page is marked `aria-current="page"`.
 */
import { html, nothing } from "lit-html";
import { t, type Language, type MessageKey } from "../i18n.js";
import { type PageName, type Route, routeHash } from "../route.js";

const LINKS: readonly { page: PageName; label: MessageKey; route: Route }[] = [
  { page: "dashboard", label: "navDashboard", route: { page: "dashboard" } },
  { page: "orders", label: "navOrders", route: { page: "orders", query: {} } },
  { page: "catalog", label: "navCatalog", route: { page: "catalog" } },
];

export function navigation(language: Language, route: Route) {
  return html`<nav class="pages" aria-label=${t(language, "navLabel")}>
    <ul>
      ${LINKS.map(
        (link) =>
          html`<li><a
            href=${routeHash(link.route)}
            id=${`nav-${link.page}`}
            aria-current=${link.page === route.page ? "page" : nothing}
          >${t(language, link.label)}</a></li>`,
      )}
    </ul>
  </nav>`;
}
