/**
 * Links from a figure to the orders behind it: the orders page filtered to the dashboard's days and, for a courier's
 * or a product's figure, to that courier or product. Plain links (`#/pedidos?…`), so a click, the keyboard, a new tab
 * and the back button all work as on any site.
 */
import { html } from "lit-html";
import { routeHash } from "../route.js";

/** The business days a figure covers (YYYY-MM-DD, inclusive). */
export interface FigureDays {
  readonly from: string;
  readonly to: string;
}

export function ordersHref(days: FigureDays, filter: { courier?: string; product?: string } = {}): string {
  return routeHash({ page: "orders", query: { ...days, ...filter } });
}

/** A name that opens its orders; `label` says so to a screen reader ("Pedidos de María López"). */
export function ordersLink(text: string, href: string, label: string) {
  return html`<a class="drill" href=${href} aria-label=${label}>${text}</a>`;
}
