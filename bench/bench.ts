/**
 * `npm run bench [-- --quick]`: every performance figure of the performance brief in one table, with the machine, the Node
 * versions and the date. Parts, run one after another (each starts and stops what it needs):
 *
 *   1. request path: POST /orders and GET /monitor of the API in memory against a bare node:http server doing the
 *      same JSON work (packages/http-hono/bench/request-path.ts);
 *   2. cold start of each Lambda bundle: import over an empty module, init + first invocation (bench/cold-start.ts);
 *   3. the projector: `npm run bench:projector` (packages/stream-handler), run as a child and its printed table
 *      read: WCU per order at batch sizes 1, 10, 100 and at 100 with 100 couriers, the previous algorithm, Streams
 *      API calls per order;
 *   4. freshness under load: POST -> visible in GET /monitor at 50 orders/s for 60 s on the local stack with
 *      DynamoDB Local (bench/freshness.ts: bench:growth's freshness method, without its per-order status read);
 *   5. time on screen: POST answered -> the order on a supervisor's page in Chromium, pushed over the live channel
 *      (packages/local-stack/bench/time-on-screen.ts), p50/p95 over orders posted one by one.
 *
 *   6. export: a month at x12 in DynamoDB Local exported to CSV and XLSX by the export function's use case, timed,
 *      memory sampled (packages/ledger-exports/bench/export-bench.ts).
 *
 * `--quick` shortens every part (a smoke run; its figures are not the README's). `--only request,cold,projector,
 * freshness,screen,export` runs some parts. Progress goes to stderr, the table to stdout. A part that fails prints its error,
 * shows "failed" in the table and makes the command exit 1; a part whose output is no longer understood shows "n/a".
 */
import { spawn } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { measureRequestPath, requestPathRows } from "../packages/http-hono/bench/request-path.js";
import { coldStartRows, measureColdStart } from "./cold-start.js";
import { freshnessRows, measureFreshness } from "./freshness.js";
import { measureTimeOnScreen, timeOnScreenRows } from "../packages/local-stack/bench/time-on-screen.js";
import { exportRows, measureExports } from "../packages/ledger-exports/bench/export-bench.js";
import { columnsOf, markdownTableRows } from "./parse-tables.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", default: "request,cold,projector,freshness,screen,export" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  process.stdout.write("npm run bench [-- --quick] [-- --only request,cold,projector,freshness,screen,export]\n");
  process.exit(0);
}
const quick = values.quick;
const parts = new Set(values.only.split(","));
const log = (line: string) => process.stderr.write(`${line}\n`);

type Row = [what: string, figure: string, target: string, met: string];
const rows: Row[] = [];
const failures: string[] = [];

/** Runs an npm workspace script, streaming its output to stderr; resolves with its stdout, rejects on a non-zero exit. */
function runScript(workspace: string, script: string, args: string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    log(`$ npm run ${script} -w ${workspace} -- ${args.join(" ")}`);
    const child = spawn("npm", ["run", "--silent", script, "-w", workspace, "--", ...args], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stderr.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolveRun(out);
      else
        reject(
          new Error(
            `npm run ${script} exited with ${code ?? signal}: ${(err.trim().split("\n").slice(-3).join(" ") || out.trim().split("\n").at(-1)) ?? ""}`,
          ),
        );
    });
  });
}

async function part(name: string, what: string, run: () => Promise<void>): Promise<void> {
  if (!parts.has(name)) return;
  const started = performance.now();
  log(`\n== ${what} ==`);
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${what} FAILED: ${error instanceof Error ? (error.stack ?? message) : message}`);
    failures.push(`${what}: ${message}`);
    rows.push([what, `failed: ${message.slice(0, 200)}`, "", "FAILED"]);
  }
  log(`(${what}: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

const num = (text: string | undefined) =>
  text === undefined || text.trim() === "" ? Number.NaN : Number(text.replace(/[^0-9.eE+-]/g, ""));
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const verdict = (ok: boolean | undefined) => (ok === undefined ? "n/a" : ok ? "yes" : "no");

await part("request", "request path", async () => {
  const result = await measureRequestPath({
    seconds: quick ? 2 : 6,
    rounds: quick ? 1 : 7,
    warmupSeconds: quick ? 1 : 3,
    log,
  });
  rows.push(...(requestPathRows(result) as Row[]));
});

await part("cold", "cold start", async () => {
  const result = await measureColdStart({ runs: quick ? 7 : 11, log });
  rows.push(...(coldStartRows(result) as Row[]));
});

await part("projector", "projector", async () => {
  const small = quick ? ["--orders", "1000", "--legacy-orders", "300", "--max-invocations", "200"] : [];
  const fleetRun = await runScript("@cargo-express/stream-handler", "bench:projector", [
    ...small,
    "--batch-sizes",
    "100,10,1",
  ]);
  const wideRun = await runScript("@cargo-express/stream-handler", "bench:projector", [
    ...small,
    "--batch-sizes",
    "100",
    "--couriers",
    "100",
  ]);
  const read = (output: string) => {
    const table = markdownTableRows(output, "algorithm");
    if (table === undefined) return undefined;
    const col = columnsOf(table.header, {
      algorithm: /^algorithm$/,
      batch: /^batch size$/,
      orders: /^orders$/,
      wcu: /^WCU \/ order$/,
      streams: /Streams API calls/,
    });
    if (col === undefined) return undefined;
    return table.rows.map((r) => ({
      algorithm: r[col.algorithm]!,
      batch: r[col.batch]!,
      orders: num(r[col.orders]),
      wcu: num(r[col.wcu]),
      streams: num(r[col.streams]),
    }));
  };
  const fleet = read(fleetRun);
  const wide = read(wideRun);
  const label = `projector (DynamoDB Local; WCU priced as DynamoDB charges${quick ? "; --quick: fewer orders" : ""})`;
  if (fleet === undefined || wide === undefined) {
    rows.push([
      label,
      "n/a: bench:projector's table was not recognised (its output format changed); run it directly",
      "",
      "n/a",
    ]);
    return;
  }
  const ours = (list: typeof fleet, batch: string) =>
    list.find((r) => r.algorithm !== "previous system" && r.batch === batch);
  const previousOf = (list: typeof fleet) => list.find((r) => r.algorithm === "previous system");
  const targets: [string, typeof fleet, string, number][] = [
    ["batch size 1, 10 couriers", fleet, "1", 6.5],
    ["batch size 10, 10 couriers", fleet, "10", 1.5],
    ["batch size 100, 10 couriers", fleet, "100", 0.5],
    ["batch size 100, 100 couriers", wide, "100", 0.6],
  ];
  for (const [what, list, batch, limit] of targets) {
    const r = ours(list, batch);
    const previous = previousOf(list);
    rows.push([
      `projector WCU / order, ${what}`,
      r
        ? `${fixed(r.wcu, 3)} (${r.orders} orders)${previous ? `; previous algorithm ${fixed(previous.wcu, 3)} (same couriers, per record)` : ""}`
        : "n/a (no such row)",
      `<= ${limit}`,
      verdict(r ? r.wcu <= limit : undefined),
    ]);
  }
  const streamCalls = [...fleet, ...wide].filter((r) => r.algorithm !== "previous system");
  const worst = Math.max(...streamCalls.map((r) => r.streams));
  rows.push([
    "projector Streams API calls / order (steady state)",
    streamCalls.map((r) => `batch ${r.batch}: ${fixed(r.streams, 3)}`).join(", ") || "n/a",
    "0",
    verdict(streamCalls.length ? worst === 0 : undefined),
  ]);
});

await part("freshness", "freshness under load", async () => {
  const result = await measureFreshness({ rate: 50, seconds: quick ? 10 : 60, log });
  rows.push(...(freshnessRows(result) as Row[]));
});

await part("screen", "time on screen", async () => {
  const result = await measureTimeOnScreen({ orders: quick ? 12 : 20, log });
  rows.push(...(timeOnScreenRows(result) as Row[]));
});

await part("export", "export", async () => {
  const result = await measureExports({ ordersPerDay: quick ? 480 : 4800, days: quick ? 10 : 30, log });
  rows.push(...(exportRows(result) as Row[]));
});

// ---- the one table ----
const cpu = cpus();
const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
const header = `Machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; this process on Node ${process.version}; ${date}${quick ? "; --quick (smoke run: short durations, not comparable)" : ""}`;
const escapeCell = (cell: string) => cell.replace(/\|/g, "\\|");
process.stdout.write(
  `${[
    "",
    header,
    "",
    "| what | figure | target | met |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
    "",
  ].join("\n")}\n`,
);
if (failures.length > 0) {
  process.stderr.write(`\n${failures.length} part(s) failed:\n${failures.map((f) => `  - ${f}`).join("\n")}\n`);
  process.exitCode = 1;
}
