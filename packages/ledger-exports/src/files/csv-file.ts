import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { EXPORT_COLUMNS, type ExportRow, formatCents } from "@cargo-express/domain";
import type { RowFile } from "./row-file.js";

/** UTF-8's byte order mark: Excel (in Spanish too) then reads the file as UTF-8, accents included. */
const BOM = "\uFEFF";
const CRLF = "\r\n";

/**
 * A text field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break, its quotes doubled.
 * Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return: OWASP's "CSV
 * injection") gets a leading apostrophe, so a name typed on a phone can never be a formula on an accountant's
 * screen. Numbers are written by the caller and never pass here.
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One row as a CSV record (without its line break): money with `.` and two decimals, from integer cents. */
const csvRecord = (row: ExportRow): string =>
  [
    csvText(row.orderId),
    row.deliveredAt,
    csvText(row.courierId),
    csvText(row.courierName),
    csvText(row.productId),
    csvText(row.productName),
    String(row.quantity),
    formatCents(row.unitPrice),
    formatCents(row.lineTotal),
    row.state,
  ].join(",");

/**
 * The CSV file of an export (RFC 4180: CRLF line ends, a header record; UTF-8 with a BOM). Hand-written rather
 * than a CSV library: writing is the quoting rule above and a join, and a library's stream would add a transform
 * per row where this writes one string per page of the ledger (a library is used to read the files back in the
 * tests).
 */
export async function openCsvFile(path: string): Promise<RowFile> {
  const stream = createWriteStream(path, { flags: "wx" });
  await once(stream, "open");
  const put = async (text: string) => {
    if (!stream.write(text)) await once(stream, "drain");
  };
  await put(`${BOM}${EXPORT_COLUMNS.join(",")}${CRLF}`);
  return {
    write: async (rows) => {
      if (rows.length > 0) await put(`${rows.map(csvRecord).join(CRLF)}${CRLF}`);
    },
    close: async () => {
      stream.end();
      await once(stream, "close");
    },
    destroy: async () => {
      // Writes still queued fail once the stream is destroyed: the file is being dropped, so they are ignored.
      stream.on("error", () => undefined);
      const closed = new Promise<void>((resolve) => stream.once("close", () => resolve()));
      stream.destroy();
      if (!stream.closed) await closed;
    },
  };
}
