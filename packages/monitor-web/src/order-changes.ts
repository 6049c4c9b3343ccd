/**
 * What a correction changes, said before it is sent: the courier, the delivery time, each line (added, removed, or
 * what it was and what it becomes, by position, as the order keeps its entries in the order sent), and the units and
 * the total that follow. Money is counted in integer cents from the decimal text.
 */
import type { OrderPayload, OrderRecord } from "./order-api.js";
import { centsOf, wallClock } from "./order-draft.js";

/** One line of an order, as the confirmation shows it. */
export interface LineText {
  readonly productId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitCents: number;
}

export type OrderChange =
  | { readonly kind: "courier"; readonly before: string; readonly after: string }
  | { readonly kind: "deliveredAt"; readonly before: string; readonly after: string }
  | { readonly kind: "line"; readonly position: number; readonly before: LineText; readonly after: LineText }
  | { readonly kind: "added"; readonly position: number; readonly after: LineText }
  | { readonly kind: "removed"; readonly position: number; readonly before: LineText }
  | { readonly kind: "units"; readonly before: number; readonly after: number }
  | { readonly kind: "total"; readonly beforeCents: number; readonly afterCents: number };

const courierText = (id: string | number, name: string) => `${name} (${id})`;

const sameLine = (a: LineText, b: LineText) =>
  a.productId === b.productId &&
  a.productName === b.productName &&
  a.quantity === b.quantity &&
  a.unitCents === b.unitCents;

/** Every difference between the order as it is and the correction (none: the correction changes nothing). */
export function orderChanges(record: OrderRecord, order: OrderPayload, timeZone: string): OrderChange[] {
  const changes: OrderChange[] = [];
  const before = courierText(record.courier.id, record.courier.name);
  const after = courierText(order.repartidor.IdRepartidor, order.repartidor.Nombre);
  if (before !== after) changes.push({ kind: "courier", before, after });
  if (order.timestamp !== record.deliveredAt)
    changes.push({ kind: "deliveredAt", before: wallClock(record.deliveredAt, timeZone), after: order.timestamp });
  const was: LineText[] = record.lines.map((line) => ({
    productId: line.productId,
    productName: line.productName,
    quantity: line.quantity,
    unitCents: line.unitPriceCents,
  }));
  const now: LineText[] = order.productos.map((line) => ({
    productId: line.IdProducto,
    productName: line.producto,
    quantity: line.cantidad ?? 1,
    unitCents: centsOf(String(line.precio)),
  }));
  for (let i = 0; i < Math.max(was.length, now.length); i += 1) {
    const old = was[i];
    const next = now[i];
    if (old && next) {
      if (!sameLine(old, next)) changes.push({ kind: "line", position: i + 1, before: old, after: next });
    } else if (next) changes.push({ kind: "added", position: i + 1, after: next });
    else if (old) changes.push({ kind: "removed", position: i + 1, before: old });
  }
  if (changes.length === 0) return changes;
  const units = now.reduce((sum, line) => sum + line.quantity, 0);
  if (units !== record.units) changes.push({ kind: "units", before: record.units, after: units });
  const cents = now.reduce((sum, line) => sum + line.unitCents * line.quantity, 0);
  if (cents !== record.totalCents) changes.push({ kind: "total", beforeCents: record.totalCents, afterCents: cents });
  return changes;
}
