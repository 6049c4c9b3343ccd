import { EXPORT_COLUMNS, type ExportRow } from "@cargo-express/domain";
import ExcelJS from "exceljs";
import type { RowFile } from "./row-file.js";

/** Excel's money format, two decimals with thousands grouping (Excel shows its own separators for its locale). */
export const MONEY_FORMAT = "#,##0.00";

const WIDTHS: Readonly<Record<(typeof EXPORT_COLUMNS)[number], number>> = {
  pedido_id: 38,
  entregado: 34,
  repartidor_id: 14,
  repartidor: 28,
  producto_id: 14,
  producto: 32,
  cantidad: 10,
  precio_unitario: 16,
  total_linea: 16,
  estado: 12,
};

/**
 * A name as a cell's text: a CR LF line break becomes Excel's own line break (LF), as XML would turn it anyway
 * (XML parsers read CR LF in text as LF).
 */
const cellText = (text: string): string => text.replaceAll("\r\n", "\n");

/**
 * The XLSX file of an export, written with exceljs's streaming WorkbookWriter: each row is committed (serialised
 * and handed to the zip stream) as it is added, so memory holds a page of rows, not the sheet. Quantities and money
 * are numbers (money in units of currency from integer cents, shown with MONEY_FORMAT); names and ids are text
 * cells, never formulas. Inline strings rather than a shared-strings table, which would grow with the file.
 */
export async function openXlsxFile(path: string): Promise<RowFile> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet("Pedidos", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((column) => ({
    header: column,
    key: column,
    width: WIDTHS[column],
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    write: async (rows: readonly ExportRow[]) => {
      for (const row of rows) {
        const added = sheet.addRow([
          row.orderId,
          row.deliveredAt,
          row.courierId,
          cellText(row.courierName),
          row.productId,
          cellText(row.productName),
          row.quantity,
          row.unitPrice / 100,
          row.lineTotal / 100,
          row.state,
        ]);
        added.getCell(8).numFmt = MONEY_FORMAT;
        added.getCell(9).numFmt = MONEY_FORMAT;
        added.commit();
      }
    },
    close: async () => {
      sheet.commit();
      await workbook.commit();
    },
    destroy: async () => {
      // The caller deletes the half-written file; the zip stream is finished so its handle is released.
      await workbook.commit().catch(() => undefined);
    },
  };
}
