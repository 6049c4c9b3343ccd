import { readFile } from "node:fs/promises";
import { parseMoney } from "@cargo-express/domain";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";

/** A CSV export read back with a real RFC 4180 parser (csv-parse), CRLF as the only record end: BOM, header, records. */
export async function readCsv(path: string): Promise<{ bom: boolean; header: string[]; records: string[][] }> {
  const bytes = await readFile(path);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const [header, ...records] = parse(bytes.subarray(bom ? 3 : 0).toString("utf8"), {
    record_delimiter: "\r\n",
  }) as string[][];
  return { bom, header: header ?? [], records };
}

/** An XLSX export read back with exceljs: each row's values and the money cells' number formats. */
export async function readXlsx(path: string): Promise<{
  sheet: string;
  header: unknown[];
  rows: unknown[][];
  moneyFormats: Set<string>;
}> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0]!;
  const values: unknown[][] = [];
  const moneyFormats = new Set<string>();
  sheet.eachRow((row, number) => {
    values.push((row.values as unknown[]).slice(1));
    if (number > 1) for (const cell of [row.getCell(8), row.getCell(9)]) moneyFormats.add(cell.numFmt);
  });
  const [header, ...rows] = values;
  return { sheet: sheet.name, header: header ?? [], rows, moneyFormats };
}

/** Money as the file writes it ("12.05", or the number 12.05) in integer cents, with the domain's exact parser. */
export function cents(value: string | number): number {
  const parsed = parseMoney(typeof value === "number" ? value.toFixed(2) : value, Number.MAX_SAFE_INTEGER);
  if (!parsed.ok) throw new Error(`not money: ${value}`);
  return parsed.cents;
}
