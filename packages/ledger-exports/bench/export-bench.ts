/**
 * Export bench: a month at x12 today's volume (400 orders a day x 12 x 30 days, about 144,000 orders of one to four
 * lines) stored in DynamoDB Local under the ledger's indexes, then exported to CSV and to XLSX by the export
 * function's own use case (BuildExport over the DynamoDB ledger, pages of 1,000 orders, files on disk), each timed,
 * with this process's heap and resident memory sampled every 50 ms while it runs. Memory is bounded when the peak
 * does not grow with the file: the bench also exports a tenth of the month and compares the peaks.
 * Targets: each export under a minute; the heap's peak over the run's start below 256 MiB, far under the file.
 *
 *   node tools/run-ts.mjs packages/ledger-exports/bench/export-bench.ts [--orders-per-day 4800] [--days 30]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import {
  createDocumentClient,
  DynamoDbExportJobStore,
  DynamoDbOrderLedger,
  ensureExportsTable,
  ensureTables,
  exportsTableNameFor,
  orderToItem,
  tableNamesFor,
} from "@cargo-express/adapters-dynamodb";
import {
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  startDynamoDbLocal,
} from "@cargo-express/adapters-dynamodb/dynamodb-local";
import { BuildExport, type ExportFormat, parseOrderInput, systemClock } from "@cargo-express/domain";
import { commandFrom } from "@cargo-express/testkit";
import { randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { LocalFileExports } from "../src/index.js";

const TZ = "America/Bogota";
const DAY_MS = 86_400_000;
/** Bogota's November 2026, 00:00 on the 1st (UTC-5). */
const MONTH_START = Date.parse("2026-11-01T05:00:00Z");

interface ExportRun {
  readonly format: ExportFormat;
  readonly orders: number;
  readonly rows: number;
  readonly seconds: number;
  readonly fileMiB: number;
  /** Peak heap used over the heap at the run's start, MiB. */
  readonly heapPeakMiB: number;
  readonly rssPeakMiB: number;
}

export interface ExportBenchResult {
  readonly storedOrders: number;
  readonly days: number;
  readonly runs: readonly ExportRun[];
  /** The same exports over a tenth of the days: the memory a small file takes, to compare. */
  readonly small: readonly ExportRun[];
}

/** Samples memory every 50 ms while `work` runs: the peaks over the start. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; heapPeakMiB: number; rssPeakMiB: number }> {
  globalThis.gc?.();
  const start = process.memoryUsage();
  let heapPeak = start.heapUsed;
  let rssPeak = start.rss;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    heapPeak = Math.max(heapPeak, now.heapUsed);
    rssPeak = Math.max(rssPeak, now.rss);
  }, 50);
  const began = performance.now();
  try {
    const value = await work();
    return {
      value,
      seconds: (performance.now() - began) / 1000,
      heapPeakMiB: (heapPeak - start.heapUsed) / 2 ** 20,
      rssPeakMiB: rssPeak / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

export async function measureExports(
  options: { ordersPerDay?: number; days?: number; log?: (line: string) => void } = {},
): Promise<ExportBenchResult> {
  const ordersPerDay = options.ordersPerDay ?? 4800;
  const days = options.days ?? 30;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scratch = mkdtempSync(join(tmpdir(), "cargo-express-export-bench-"));
  const database = await startDynamoDbLocal();
  try {
    const client = createDocumentClient({
      endpoint: database.endpoint,
      region: DYNAMODB_LOCAL_REGION,
      credentials: DYNAMODB_LOCAL_CREDENTIALS,
      maxAttempts: 10,
      // Setup's batch writes queue behind each other in DynamoDB Local: no 3 s timeout here.
      requestTimeoutMs: 60_000,
    });
    const prefix = `export-bench-${randomUUID().slice(0, 8)}`;
    const tables = tableNamesFor(prefix);
    await ensureTables(client, tables);
    const exportsTable = exportsTableNameFor(prefix);
    await ensureExportsTable(client, exportsTable);

    // The month's orders, written 25 at a time, 8 requests in flight (setup: not timed).
    const total = ordersPerDay * days;
    log(`export bench: storing ${total} orders (${ordersPerDay} a day for ${days} days) in DynamoDB Local ...`);
    let seed = 23;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let next = 0;
    const writer = async () => {
      for (;;) {
        const batch: ReturnType<typeof orderToItem>[] = [];
        while (batch.length < 25 && next < total) {
          const index = next++;
          const at = MONTH_START + Math.floor(index / ordersPerDay) * DAY_MS + Math.floor(random() * DAY_MS);
          const parsed = parseOrderInput(commandFrom(randomOrderPayload({ id: `bench-${index}`, random, at })), {
            timeZone: TZ,
            receivedAtMs: at,
          });
          if (!parsed.ok) throw new Error(`bench order refused: ${JSON.stringify(parsed.error)}`);
          batch.push(orderToItem(parsed.value));
        }
        if (batch.length === 0) return;
        let items = batch.map((Item) => ({ PutRequest: { Item } }));
        while (items.length > 0) {
          const result = await client.send(new BatchWriteCommand({ RequestItems: { [tables.orders]: items } }));
          items = (result.UnprocessedItems?.[tables.orders] ?? []) as typeof items;
        }
        if (next % 20_000 < 25) log(`  ${Math.min(next, total)} stored`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));

    const jobs = new DynamoDbExportJobStore({ client, tableName: exportsTable });
    const files = new LocalFileExports(join(scratch, "files"));
    const build = new BuildExport({
      jobs,
      ledger: new DynamoDbOrderLedger({ client, tableName: tables.orders }),
      files,
      clock: systemClock,
      timeZone: TZ,
    });
    const day = (offset: number) => new Date(MONTH_START - 5 * 3_600_000 + offset * DAY_MS).toISOString().slice(0, 10);
    const run = async (format: ExportFormat, lastDay: number): Promise<ExportRun> => {
      const job = await jobs.create({
        id: randomUUID(),
        requestedBy: "bench",
        from: day(0),
        to: day(lastDay),
        format,
        requestedAt: new Date().toISOString(),
        keepUntil: new Date(Date.now() + DAY_MS).toISOString(),
      });
      log(`export bench: ${format}, ${day(0)} to ${day(lastDay)} ...`);
      const { value: outcome, ...memory } = await measured(() => build.execute(job.id));
      if (outcome.status !== "ready")
        throw new Error(`the ${format} export did not finish: ${JSON.stringify(outcome)}`);
      const fileMiB = statSync(files.pathOf(outcome.objectKey)).size / 2 ** 20;
      log(
        `  ${outcome.orders} orders, ${outcome.rows} rows in ${memory.seconds.toFixed(1)} s, ${fileMiB.toFixed(1)} MiB`,
      );
      return { format, orders: outcome.orders, rows: outcome.rows, fileMiB, ...memory };
    };
    const small = [
      await run("csv", Math.max(0, Math.round(days / 10) - 1)),
      await run("xlsx", Math.max(0, Math.round(days / 10) - 1)),
    ];
    const runs = [await run("csv", days - 1), await run("xlsx", days - 1)];
    client.destroy();
    return { storedOrders: total, days, runs, small };
  } finally {
    await database.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Under a minute each; the heap's peak bounded (well under the file, and near what a tenth of the month takes). */
const HEAP_TARGET_MIB = 256;

export function exportRows(result: ExportBenchResult): string[][] {
  return result.runs.map((run) => {
    const small = result.small.find((s) => s.format === run.format);
    return [
      `export: a month at x12 (${result.storedOrders.toLocaleString("en-US")} orders over ${result.days} days in DynamoDB Local) to ${run.format.toUpperCase()}, BuildExport over the ledger's month index, pages of 1,000`,
      `${run.seconds.toFixed(1)} s for ${run.orders.toLocaleString("en-US")} orders, ${run.rows.toLocaleString("en-US")} rows, ${run.fileMiB.toFixed(1)} MiB; heap peak +${run.heapPeakMiB.toFixed(0)} MiB (a tenth of the month: +${small?.heapPeakMiB.toFixed(0) ?? "n/a"} MiB), RSS peak ${run.rssPeakMiB.toFixed(0)} MiB`,
      `< 60 s; heap peak < ${HEAP_TARGET_MIB} MiB`,
      run.seconds < 60 && run.heapPeakMiB < HEAP_TARGET_MIB ? "yes" : "no",
    ];
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { "orders-per-day": { type: "string", default: "4800" }, days: { type: "string", default: "30" } },
  });
  const result = await measureExports({ ordersPerDay: Number(values["orders-per-day"]), days: Number(values.days) });
  for (const row of exportRows(result)) console.log(row.join(" | "));
}
