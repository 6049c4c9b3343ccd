import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXPORT_COLUMNS, type ExportJob, type ExportRow } from "@cargo-express/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { csvText, LocalFileExports, LocalSignedExportLinks, MONEY_FORMAT } from "../src/index.js";
import { cents, readCsv, readXlsx } from "./support/read-back.js";

const job = (format: ExportJob["format"]): ExportJob => ({
  id: "6a1f0c2e-0d5b-4c43-9a3e-7b8c9d0e1f2a",
  requestedBy: "s",
  from: "2026-11-01",
  to: "2026-11-30",
  format,
  requestedAt: "2026-12-06T15:00:00.000Z",
  keepUntil: "2026-12-07T15:00:00.000Z",
  status: "running",
});

const row = (overrides: Partial<ExportRow>): ExportRow => ({
  orderId: "A-1",
  deliveredAt: "2026-11-02T18:27:09.039464-05:00",
  courierId: "106",
  courierName: "Pedro Gómez",
  productId: "pk0004",
  productName: "Pendrive",
  quantity: 2,
  unitPrice: 1205,
  lineTotal: 2410,
  state: "activo",
  ...overrides,
});

/** Names a file must carry whole: a comma, quotes, line breaks (LF and CRLF), accents, a leading formula sign. */
const TRICKY: ExportRow[] = [
  row({ courierName: "Gómez, Pedro", productName: 'Estuche "gafas" 15"' }),
  row({
    orderId: "A-2",
    courierName: "Ana\nMaría",
    productName: "Línea 1\r\nLínea 2",
    quantity: 1,
    unitPrice: 5,
    lineTotal: 5,
  }),
  row({
    orderId: "A-3",
    courierName: "Ñandú Peña",
    productName: '=HYPERLINK("x")',
    unitPrice: 999999,
    quantity: 10,
    lineTotal: 9999990,
  }),
  row({ orderId: "A-4", productName: "Moneda", unitPrice: 0, quantity: 3, lineTotal: 0, state: "corregido" }),
];

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "ledger-exports-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function write(format: ExportJob["format"], pages: ExportRow[][]) {
  const exports = new LocalFileExports(folder);
  const file = await exports.open(job(format));
  for (const page of pages) await file.append(page);
  const { objectKey } = await file.finish();
  return { objectKey, path: exports.pathOf(objectKey) };
}

describe("csvText (RFC 4180 quoting)", () => {
  it("quotes a field holding a comma, a quote or a line break, doubling its quotes; leaves others alone", () => {
    expect(csvText("Pedro Gómez")).toBe("Pedro Gómez");
    expect(csvText("Gómez, Pedro")).toBe('"Gómez, Pedro"');
    expect(csvText('15" pantalla')).toBe('"15"" pantalla"');
    expect(csvText("a\nb")).toBe('"a\nb"');
    expect(csvText("a\r\nb")).toBe('"a\r\nb"');
  });

  it("never lets a spreadsheet read text as a formula", () => {
    expect(csvText("=1+1")).toBe("'=1+1");
    expect(csvText("+57 300")).toBe("'+57 300");
    expect(csvText("-x")).toBe("'-x");
    expect(csvText("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });
});

describe("the CSV file", () => {
  it("is UTF-8 with a BOM, CRLF line ends, a header, and every name whole when a real parser reads it", async () => {
    const { objectKey, path } = await write("csv", [TRICKY.slice(0, 2), [], TRICKY.slice(2)]);
    expect(objectKey).toBe("exports/6a1f0c2e-0d5b-4c43-9a3e-7b8c9d0e1f2a/pedidos_2026-11-01_2026-11-30.csv");
    const text = (await readFile(path)).toString("utf8");
    expect(text.startsWith("\uFEFFpedido_id,entregado,")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    const { bom, header, records } = await readCsv(path);
    expect(bom).toBe(true);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(records).toEqual([
      [
        "A-1",
        "2026-11-02T18:27:09.039464-05:00",
        "106",
        "Gómez, Pedro",
        "pk0004",
        'Estuche "gafas" 15"',
        "2",
        "12.05",
        "24.10",
        "activo",
      ],
      [
        "A-2",
        "2026-11-02T18:27:09.039464-05:00",
        "106",
        "Ana\nMaría",
        "pk0004",
        "Línea 1\r\nLínea 2",
        "1",
        "0.05",
        "0.05",
        "activo",
      ],
      [
        "A-3",
        "2026-11-02T18:27:09.039464-05:00",
        "106",
        "Ñandú Peña",
        "pk0004",
        '\'=HYPERLINK("x")',
        "10",
        "9999.99",
        "99999.90",
        "activo",
      ],
      [
        "A-4",
        "2026-11-02T18:27:09.039464-05:00",
        "106",
        "Pedro Gómez",
        "pk0004",
        "Moneda",
        "3",
        "0.00",
        "0.00",
        "corregido",
      ],
    ]);
    expect(records.reduce((sum, r) => sum + cents(r[8]!), 0)).toBe(2410 + 5 + 9999990);
  });

  it("is a header alone for a range without orders", async () => {
    const { path } = await write("csv", [[]]);
    expect(await readCsv(path)).toEqual({ bom: true, header: [...EXPORT_COLUMNS], records: [] });
  });
});

describe("the XLSX file", () => {
  it("holds real numbers with a money format, and every name whole (text cells, never formulas; a CR LF line break as Excel's LF)", async () => {
    const { objectKey, path } = await write("xlsx", [TRICKY]);
    expect(objectKey.endsWith("/pedidos_2026-11-01_2026-11-30.xlsx")).toBe(true);
    const book = await readXlsx(path);
    expect(book.sheet).toBe("Pedidos");
    expect(book.header).toEqual([...EXPORT_COLUMNS]);
    expect(book.rows).toEqual([
      [
        "A-1",
        "2026-11-02T18:27:09.039464-05:00",
        "106",
        "Gómez, Pedro",
        "pk0004",
        'Estuche "gafas" 15"',
        2,
        12.05,
        24.1,
        "activo",
      ],
      [
        "A-2",
        "2026-11-02T18:27:09.039464-05:00",
        "106",
        "Ana\nMaría",
        "pk0004",
        "Línea 1\nLínea 2",
        1,
        0.05,
        0.05,
        "activo",
      ],
      [
        "A-3",
        "2026-11-02T18:27:09.039464-05:00",
        "106",
        "Ñandú Peña",
        "pk0004",
        '=HYPERLINK("x")',
        10,
        9999.99,
        99999.9,
        "activo",
      ],
      ["A-4", "2026-11-02T18:27:09.039464-05:00", "106", "Pedro Gómez", "pk0004", "Moneda", 3, 0, 0, "corregido"],
    ]);
    expect(book.moneyFormats).toEqual(new Set([MONEY_FORMAT]));
    expect(book.rows.reduce((sum, r) => sum + cents(r[8] as number), 0)).toBe(2410 + 5 + 9999990);
  });
});

describe("a file being written", () => {
  it("is under its key only once finished; an aborted one leaves nothing", async () => {
    const exports = new LocalFileExports(folder);
    const file = await exports.open(job("csv"));
    await file.append(TRICKY);
    const jobFolder = join(folder, "exports", job("csv").id);
    expect(await readdir(jobFolder)).toEqual(["pedidos_2026-11-01_2026-11-30.csv.partial"]);
    await file.abort();
    expect(await readdir(jobFolder)).toEqual([]);
    const xlsx = await exports.open(job("xlsx"));
    await xlsx.append(TRICKY);
    await xlsx.abort();
    expect(await readdir(jobFolder)).toEqual([]);
  });

  it("refuses a key that would leave its folder", () => {
    expect(() => new LocalFileExports(folder).pathOf("../outside.csv")).toThrow(RangeError);
  });
});

describe("the local stand-in's signed links", () => {
  const job: ExportJob & { objectKey: string } = { ...jobOf(), objectKey: "exports/x/pedidos_a_b.csv" };
  function jobOf(): ExportJob {
    return {
      id: "x",
      requestedBy: "s",
      from: "a",
      to: "b",
      format: "csv",
      requestedAt: "",
      keepUntil: "",
      status: "ready",
    };
  }
  const at = (ms: number) => ({ now: () => ms });
  const secret = Buffer.alloc(32, 7);

  it("sign a key for at most 15 minutes, checked without any token, and refused once expired (410's reason)", async () => {
    const signer = new LocalSignedExportLinks({
      origin: "http://127.0.0.1:3000",
      secret,
      clock: at(1_000_000_000_000),
      seconds: 3600,
    });
    const link = await signer.linkFor(job);
    expect(link.expiresAt).toBe(new Date(1_000_000_000_000 + 900_000).toISOString());
    const url = new URL(link.url);
    expect(url.pathname).toBe("/local-exports/exports/x/pedidos_a_b.csv");
    expect(signer.check(job.objectKey, url.searchParams)).toEqual({ ok: true, objectKey: job.objectKey });
    const later = new LocalSignedExportLinks({ origin: "http://127.0.0.1:3000", secret, clock: at(1_000_000_900_000) });
    expect(later.check(job.objectKey, url.searchParams)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse an altered key, expiry or signature, and another stack's secret", async () => {
    const signer = new LocalSignedExportLinks({ origin: "http://h", secret, clock: at(1_000_000_000_000) });
    const { searchParams } = new URL((await signer.linkFor(job)).url);
    expect(signer.check("exports/y/pedidos_a_b.csv", searchParams)).toEqual({ ok: false, reason: "tampered" });
    const longer = new URLSearchParams(searchParams);
    longer.set("expires", String(Number(searchParams.get("expires")) + 60));
    expect(signer.check(job.objectKey, longer)).toEqual({ ok: false, reason: "tampered" });
    expect(signer.check(job.objectKey, new URLSearchParams())).toEqual({ ok: false, reason: "tampered" });
    const other = new LocalSignedExportLinks({
      origin: "http://h",
      secret: Buffer.alloc(32, 8),
      clock: at(1_000_000_000_000),
    });
    expect(other.check(job.objectKey, searchParams)).toEqual({ ok: false, reason: "tampered" });
    expect(() => new LocalSignedExportLinks({ origin: "http://h", secret: Buffer.alloc(8), clock: at(0) })).toThrow(
      RangeError,
    );
  });
});
