/**
 * Cold start of each Lambda bundle, built exactly as `npm run build` builds it (tools/tsup-lambda.ts's bundle
 * options, here into a temporary folder so no package's dist/ changes), then, in fresh Node processes:
 *   - import: `await import(bundle entry)` minus `await import(empty module)`, median of --runs processes (>= 7);
 *   - init + first invocation: the first handler call, which loads the bundle's chunks (the code, the AWS SDK it
 *     carries, Node's modules) and builds the function's composition (configuration, container, app, SDK client):
 *     GET /health for the HTTP functions, an empty stream batch for the projector;
 *   - second invocation: the same call again, warm.
 * Target (the performance brief): import <= 60 ms over an empty module.
 *
 *   npx tsx bench/cold-start.ts [--runs 9]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "tsup";
import { lambdaBundleBuild } from "../tools/tsup-lambda.js";
import { nodeBinary } from "../packages/http-hono/bench/node-runtime.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const BUNDLES = [
  { name: "orders", pkg: "packages/http-hono", entry: "src/lambda/orders.ts", kind: "http" },
  { name: "monitor", pkg: "packages/http-hono", entry: "src/lambda/monitor.ts", kind: "http" },
  { name: "projector", pkg: "packages/stream-handler", entry: "src/lambda/projector.ts", kind: "stream" },
  // Import only: every invocation of the export function builds a real job (DynamoDB, S3), which a bench cannot fake.
  { name: "export", pkg: "packages/ledger-exports", entry: "src/lambda/export.ts", kind: "import" },
] as const;

export interface ColdStartFigures {
  readonly name: string;
  /** The entry file Lambda imports. */
  readonly bytes: number;
  /** The chunks beside it (dist/lambda/<name>/), loaded as needed from the first invocation on. */
  readonly chunkBytes: number;
  /** Static imports the entry makes (esbuild hoists a bundle's imports to its top): what the import loads. */
  readonly entryImports: string[];
  readonly importMs: number;
  readonly emptyMs: number;
  readonly initFirstMs: number;
  readonly secondMs: number;
  readonly runs: number;
  /** False for a bundle timed on import only (the export function: see BUNDLES). */
  readonly invoked: boolean;
  readonly error?: string;
}

/** What Lambda's environment would hold (values are placeholders; nothing is called over the network). */
const ENV = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_LAMBDA_FUNCTION_NAME: "bench",
  ORDERS_TABLE: "orders",
  PRODUCTS_TABLE: "products",
  DELIVERIES_TABLE: "deliveries",
  PROJECTOR_STATE_TABLE: "projector-state",
  COGNITO_USER_POOL_ID: "us-east-1_Bench1234",
  COGNITO_CLIENT_ID: "bench-client",
  CATALOG_TABLE: "catalog",
  EXPORTS_TABLE: "exports",
  EXPORT_FUNCTION_NAME: "bench-export",
  EXPORTS_BUCKET: "bench-exports",
  LOG_LEVEL: "SILENT",
  // Nothing may reach AWS from a bench: any DynamoDB call goes to a closed local port and fails at once.
  AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS: "http://127.0.0.1:9",
  AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9",
  AWS_ENDPOINT_URL_LAMBDA: "http://127.0.0.1:9",
};

/** The script each fresh process runs: times the import, then two handler calls; prints one JSON line. */
const PROBE = `
const t0 = performance.now();
const mod = await import(process.argv[2]);
const t1 = performance.now();
const out = { importMs: t1 - t0 };
if (process.argv[3] !== "empty" && process.argv[3] !== "import") {
  const http = { version: "2.0", routeKey: "$default", rawPath: "/health", rawQueryString: "", headers: { host: "bench" },
    requestContext: { http: { method: "GET", path: "/health", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" }, requestId: "r", routeKey: "$default", stage: "$default", time: "", timeEpoch: 0, domainName: "bench", accountId: "1", apiId: "a", domainPrefix: "b" },
    isBase64Encoded: false };
  // A tumbling-window batch with no records, as Lambda sends when a window closes empty.
  const stream = { Records: [], shardId: "shardId-00000001700000000000-0123abcd", eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000",
    window: { start: new Date(Date.now() - 1000).toISOString(), end: new Date().toISOString() }, state: {}, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false };
  const event = process.argv[3] === "http" ? http : stream;
  const context = { awsRequestId: "bench", functionName: "bench", getRemainingTimeInMillis: () => 30000 };
  try {
    const t2 = performance.now();
    const first = await mod.handler(event, context);
    const t3 = performance.now();
    await mod.handler(event, context);
    const t4 = performance.now();
    Object.assign(out, { initFirstMs: t3 - t2, secondMs: t4 - t3, status: first && first.statusCode });
  } catch (error) { out.error = String(error && error.message || error).slice(0, 200); }
}
process.stdout.write(JSON.stringify(out) + "\\n");
`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

async function buildBundles(outDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const bundle of BUNDLES) {
    await build({
      ...lambdaBundleBuild(bundle.name, join(root, bundle.pkg, bundle.entry)),
      outDir,
      sourcemap: false,
      silent: true,
      config: false,
      tsconfig: join(root, bundle.pkg, "tsconfig.json"),
    });
    files.set(bundle.name, join(outDir, `${bundle.name}.mjs`));
  }
  return files;
}

const folderBytes = (folder: string) =>
  readdirSync(folder).reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);

export async function measureColdStart(
  options: { runs?: number; log?: (line: string) => void } = {},
): Promise<{ node: string; figures: ColdStartFigures[] }> {
  const runs = Math.max(7, options.runs ?? 9);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const node = nodeBinary(24);
  // Under node_modules/.cache (ignored by git). The bundles carry every package they use (the AWS SDK too).
  const cache = join(root, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, "cargo-express-cold-start-"));
  try {
    log(`cold start: building the bundles into ${work} ...`);
    const files = await buildBundles(work);
    const empty = join(work, "empty.mjs");
    writeFileSync(empty, "export {};\n");
    const probe = join(work, "probe.mjs");
    writeFileSync(probe, PROBE);
    const once = (file: string, kind: string) => {
      const text = execFileSync(node.path, [probe, pathToFileURL(file).href, kind], {
        cwd: work,
        env: { PATH: process.env.PATH, ...ENV },
        encoding: "utf8",
      });
      return JSON.parse(text.trim().split("\n").at(-1)!) as {
        importMs: number;
        initFirstMs?: number;
        secondMs?: number;
        error?: string;
      };
    };
    const figures: ColdStartFigures[] = [];
    for (const bundle of BUNDLES) {
      const file = files.get(bundle.name)!;
      // What importing the entry loads besides itself: its static imports (expected: node:module only).
      const entryImports = [
        ...new Set([...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*"([^"]+)"/g)].map((m) => m[1]!)),
      ].sort();
      const samples: {
        importMs: number;
        emptyMs: number;
        initFirstMs?: number;
        secondMs?: number;
        error?: string;
      }[] = [];
      for (let i = 0; i < runs; i += 1) {
        // Alternate the empty module and the bundle, so a busy spell on the machine touches both alike.
        const emptyMs = once(empty, "empty").importMs;
        samples.push({ ...once(file, bundle.kind), emptyMs });
      }
      const error = samples.find((s) => s.error)?.error;
      const f: ColdStartFigures = {
        name: bundle.name,
        bytes: statSync(file).size,
        chunkBytes: folderBytes(join(work, bundle.name)),
        entryImports,
        importMs: median(samples.map((s) => s.importMs - s.emptyMs)),
        emptyMs: median(samples.map((s) => s.emptyMs)),
        initFirstMs: median(samples.flatMap((s) => (s.initFirstMs === undefined ? [] : [s.initFirstMs]))),
        secondMs: median(samples.flatMap((s) => (s.secondMs === undefined ? [] : [s.secondMs]))),
        runs,
        invoked: bundle.kind !== "import",
        ...(error ? { error } : {}),
      };
      log(
        `  ${bundle.name}: import ${f.importMs.toFixed(1)} ms over empty (${f.emptyMs.toFixed(1)} ms), init + first ${f.initFirstMs.toFixed(1)} ms, second ${f.secondMs.toFixed(1)} ms${error ? `; error: ${error}` : ""}`,
      );
      figures.push(f);
    }
    return { node: node.version, figures };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
const ms = (value: number) => (Number.isNaN(value) ? "n/a" : `${value.toFixed(1)} ms`);

export function coldStartRows(result: { node: string; figures: ColdStartFigures[] }): string[][] {
  return result.figures.map((f) => [
    `cold start: ${f.name} bundle (entry ${kib(f.bytes)} + ${kib(f.chunkBytes)} of chunks with the AWS SDK, ${result.node}, median of ${f.runs} fresh processes)`,
    `import ${ms(f.importMs)} over an empty module (${ms(f.emptyMs)}; the entry imports ${f.entryImports.join(", ") || "nothing"}); ${f.invoked ? `init + first invocation ${ms(f.initFirstMs)} (loads the chunks it needs, builds the composition); second ${ms(f.secondMs)}` : "not invoked (each invocation builds a real export)"}${f.error ? ` (handler error: ${f.error})` : ""}`,
    "import <= 60 ms",
    // A handler that fails on /health (a configuration the bench does not give, a bug) is not a measured cold start.
    f.importMs <= 60 && !f.error ? "yes" : "no",
  ]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
  const result = await measureColdStart({ runs: Number(values.runs) });
  for (const row of coldStartRows(result)) console.log(row.join(" | "));
}
