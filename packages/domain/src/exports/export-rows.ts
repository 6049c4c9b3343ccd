import type { Cents } from "../money.js";
import type { Order } from "../order.js";
import type { LedgerEntry } from "../ports.js";
import { zonedIso } from "../time.js";

/** The file's columns, in order, as accounting reads them (the couriers' Spanish vocabulary). */
export const EXPORT_COLUMNS = [
  "pedido_id",
  "entregado",
  "repartidor_id",
  "repartidor",
  "producto_id",
  "producto",
  "cantidad",
  "precio_unitario",
  "total_linea",
  "estado",
] as const;

/** "activo": the order as first recorded; "corregido": a supervisor corrected it since. */
export type ExportRowState = "activo" | "corregido";

/** One line of one order: one row of an export. */
export interface ExportRow {
  readonly orderId: string;
  /** Delivery instant in the business zone with its offset: `2024-09-11T18:27:09.039464-05:00`. */
  readonly deliveredAt: string;
  readonly courierId: string;
  readonly courierName: string;
  readonly productId: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPrice: Cents;
  /** unitPrice x quantity. */
  readonly lineTotal: Cents;
  readonly state: ExportRowState;
}

/** The rows of an order, one per line, in the order's own line order. */
export function exportRowsOf(order: Order, timeZone: string, state: ExportRowState): ExportRow[] {
  const deliveredAt = zonedIso(order.deliveredAt, timeZone);
  return order.lines.map((line) => ({
    orderId: order.id,
    deliveredAt,
    courierId: order.courier.id,
    courierName: order.courier.name,
    productId: line.productId,
    productName: line.productName,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    lineTotal: line.unitPrice * line.quantity,
    state,
  }));
}

/**
 * How an order enters an export: its row state, or "left-out" for an order that no longer counts (a voided order
 * is retracted from the monitor's figures, which an export must equal). An order still active at a revision past
 * its first was corrected (voids are final, so only corrections make an active order's revision grow).
 */
export const exportStateOf = (entry: Pick<LedgerEntry, "status" | "revision">): ExportRowState | "left-out" =>
  entry.status === "voided" ? "left-out" : entry.revision > 1 ? "corregido" : "activo";
