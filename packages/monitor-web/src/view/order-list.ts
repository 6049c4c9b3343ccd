/**
 * The orders found, newest first: each a button saying when, who, how many units and how much (in the business zone,
 * money from integer cents), which shows or hides the order's products in a table under it (`aria-expanded`).
 */
import { html, nothing } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { formatCents, formatCount, formatInstant } from "../format.js";
import { t, type Language } from "../i18n.js";
import type { Order } from "../ledger-api.js";
import { routeHash } from "../route.js";

export interface OrderListProps {
  readonly orders: readonly Order[];
  readonly expanded: ReadonlySet<string>;
  readonly timeZone: string;
  readonly language: Language;
  readonly onToggle: (orderId: string) => void;
}

/** "Anulado" on a voided order, "Corregido" on a corrected one; nothing on an order as received. */
export function statusBadge(order: Pick<Order, "status" | "revision">, language: Language) {
  if (order.status === "voided") return html`<span class="status-badge voided">${t(language, "statusVoided")}</span>`;
  return order.revision > 1
    ? html`<span class="status-badge corrected">${t(language, "statusCorrected")}</span>`
    : nothing;
}

export function orderList(props: OrderListProps) {
  const { orders } = props;
  return html`<ol class="order-list" id="orders-list">
    ${repeat(
      orders,
      (order) => order.id,
      (order, index) => orderItem(order, index, props),
    )}
  </ol>`;
}

function orderItem(order: Order, index: number, { expanded, timeZone, language, onToggle }: OrderListProps) {
  const open = expanded.has(order.id);
  const linesId = `order-lines-${index}`;
  return html`<li class=${order.status === "voided" ? "order voided" : "order"} data-id=${order.id}>
    <button
      type="button"
      class="order-summary"
      id=${`order-${index}`}
      aria-expanded=${open ? "true" : "false"}
      aria-controls=${linesId}
      @click=${() => onToggle(order.id)}
    >
      <span class="order-when">${formatInstant(order.deliveredAt, timeZone, language)}</span>
      <span class="order-courier">${order.courier.name}</span>
      <span class="order-units">${t(language, "orderUnits", { count: formatCount(order.units, language) })}</span>
      <span class="order-total">${formatCents(order.totalCents, language)}</span>
      ${statusBadge(order, language)}
    </button>
    <div class="order-lines" id=${linesId} ?hidden=${!open}>
      ${open ? orderLines(order, timeZone, language) : nothing}
    </div>
  </li>`;
}

function orderLines(order: Order, timeZone: string, language: Language) {
  return html`${linesTable(order, language)}
    <p class="order-meta">
      ${t(language, "orderId", { id: order.id })} ·
      ${t(language, "orderReceived", { when: formatInstant(order.receivedAt, timeZone, language) })}
      (${timeZone})
    </p>
    <p class="order-open">
      <a class="drill" href=${routeHash({ page: "order", id: order.id })} aria-label=${t(language, "orderOpenLabel", { id: order.id })}
        >${t(language, "orderOpen")}</a>
    </p>`;
}

/** An order's products with their units and money, and the order's total under them. */
export function linesTable(order: Pick<Order, "id" | "lines" | "units" | "totalCents">, language: Language) {
  return html`<table class="data lines">
      <caption>${t(language, "orderLinesCaption", { id: order.id })}</caption>
      <thead>
        <tr>
          <th scope="col">${t(language, "lineProduct")}</th>
          <th scope="col" class="num">${t(language, "lineQuantity")}</th>
          <th scope="col" class="num">${t(language, "lineUnitPrice")}</th>
          <th scope="col" class="num">${t(language, "lineTotal")}</th>
        </tr>
      </thead>
      <tbody>
        ${order.lines.map(
          (line) => html`<tr>
            <th scope="row">${line.productName} <span class="entry-id">${line.productId}</span></th>
            <td class="num">${formatCount(line.quantity, language)}</td>
            <td class="num">${formatCents(line.unitPriceCents, language)}</td>
            <td class="num">${formatCents(line.lineTotalCents, language)}</td>
          </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">${t(language, "lineTotal")}</th>
          <td class="num">${formatCount(order.units, language)}</td>
          <td></td>
          <td class="num">${formatCents(order.totalCents, language)}</td>
        </tr>
      </tfoot>
    </table>`;
}
