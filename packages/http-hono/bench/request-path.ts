/**
 * The request-path bench: POST /orders and GET /monitor of the API in memory, each against a bare node:http
 * server doing the same JSON parse/serialise work (the ceiling), same load generator (autocannon), same run.
 * Every server runs in its own process on the bench's Node (24 by default; see node-runtime.ts); the load
 * generator runs in this process, on the same machine.
 *
 *   node tools/run-ts.mjs packages/http-hono/bench/request-path.ts [--seconds 10] [--connections 32] [--profile DIR]
 *
 * Target (the performance brief): each route >= 0.30 of its ceiling. A benchmark, not a test: it prints a table.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { fleet, randomOrderPayload } from "@cargo-express/testkit/catalogue";
import { RUN_TS_NODE_ARGS } from "../../../tools/source-condition.mjs";
import { nodeBinary } from "./node-runtime.js";

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, "../../..");

interface RouteFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface RequestPathResult {
  readonly node: string;
  readonly seconds: number;
  readonly rounds: number;
  readonly connections: number;
  readonly app: { post: RouteFigures; get: RouteFigures };
  readonly ceiling: { post: RouteFigures; get: RouteFigures };
  /** app / ceiling of each round (sorted) and their median. */
  readonly ratio: { post: { median: number; all: number[] }; get: { median: number; all: number[] } };
}

interface Started {
  readonly child: ChildProcess;
  readonly info: {
    port: number;
    courierToken?: string;
    supervisorToken?: string;
    courierId?: number;
    courierName?: string;
  };
  stop(): Promise<void>;
}

function startServer(node: string, args: string[], nodeFlags: string[] = []): Promise<Started> {
  const child = spawn(node, [...nodeFlags, ...RUN_TS_NODE_ARGS, join(here, "request-path-server.ts"), ...args], {
    cwd: repositoryRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGINT");
    });
  return new Promise((resolveStarted, reject) => {
    let buffer = "";
    child.once("exit", (code) =>
      reject(new Error(`bench server ${args.join(" ")} exited with ${code} before listening`)),
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf("\n");
      if (newline >= 0) resolveStarted({ child, info: JSON.parse(buffer.slice(0, newline)), stop });
    });
  });
}

async function load(options: autocannon.Options): Promise<RouteFigures> {
  const result = await autocannon({
    ...options,
    renderProgressBar: false,
    renderResultsTable: false,
    renderLatencyTable: false,
  } as autocannon.Options);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function measureRequestPath(
  options: {
    seconds?: number;
    connections?: number;
    warmupSeconds?: number;
    profileDir?: string;
    only?: "post" | "get";
    rounds?: number;
    log?: (line: string) => void;
  } = {},
): Promise<RequestPathResult> {
  const seconds = options.seconds ?? 6;
  const connections = options.connections ?? 32;
  const warmup = options.warmupSeconds ?? Math.min(3, seconds);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const node = nodeBinary(24);
  const work = mkdtempSync(join(tmpdir(), "cargo-express-request-path-"));
  const started: Started[] = [];
  try {
    log(
      `request path: servers on ${node.version}; ${connections} connections, ${warmup} s warm-up + ${seconds} s per route`,
    );
    const profileFlags = (name: string) =>
      options.profileDir
        ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
        : [];
    const app = await startServer(node.path, ["--mode", "app"], profileFlags("app"));
    started.push(app);
    const base = `http://127.0.0.1:${app.info.port}`;

    const courier = fleet.find((c) => c.IdRepartidor === app.info.courierId)!;
    const template = JSON.stringify({
      ...randomOrderPayload({ id: "__ID__", lines: 3 }),
      repartidor: { IdRepartidor: courier.IdRepartidor, Nombre: courier.Nombre },
    });
    const run = `${process.pid}-${Date.now().toString(36)}`;
    let counter = 0;
    const postRequest = (url: string, token?: string): autocannon.Options => ({
      url,
      connections,
      duration: seconds,
      requests: [
        {
          method: "POST",
          path: "/orders",
          headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
          // A new order every request (a repeated one is an idempotent replay, a cheaper path).
          setupRequest: (request) => ({ ...request, body: template.replace("__ID__", `${run}-${(counter += 1)}`) }),
        },
      ],
    });
    const getRequest = (url: string, token?: string): autocannon.Options => ({
      url: `${url}/monitor`,
      connections,
      duration: seconds,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const measured = async (what: string, request: autocannon.Options, warm: boolean) => {
      if (warm) await load({ ...request, duration: warmup });
      const figures = await load(request);
      log(
        `  ${what}: ${figures.requestsPerSecond.toFixed(0)} req/s, p99 ${figures.p99Ms} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`,
      );
      return figures;
    };

    const report = await (
      await fetch(`${base}/monitor`, { headers: { authorization: `Bearer ${app.info.supervisorToken}` } })
    ).text();
    const reportFile = join(work, "report.json");
    writeFileSync(reportFile, report);
    const ceiling = await startServer(
      node.path,
      ["--mode", "ceiling", "--report", reportFile],
      profileFlags("ceiling"),
    );
    started.push(ceiling);
    const ceilingBase = `http://127.0.0.1:${ceiling.info.port}`;

    // The machine may be busy with other work that comes and goes: app and ceiling take turns, `rounds` times,
    // and each figure is the median of its rounds (both servers run throughout; the idle one costs nothing).
    const rounds = options.rounds ?? 5;
    const skipped: RouteFigures = {
      requestsPerSecond: Number.NaN,
      p50Ms: Number.NaN,
      p99Ms: Number.NaN,
      non2xx: 0,
      errors: 0,
    };
    const series = {
      appPost: [] as RouteFigures[],
      appGet: [] as RouteFigures[],
      ceilingPost: [] as RouteFigures[],
      ceilingGet: [] as RouteFigures[],
    };
    for (let round = 1; round <= rounds; round += 1) {
      log(` round ${round} of ${rounds}`);
      if (options.only !== "get") {
        series.appPost.push(await measured("app POST /orders", postRequest(base, app.info.courierToken), round === 1));
        series.ceilingPost.push(await measured("ceiling POST /orders", postRequest(ceilingBase), round === 1));
      }
      if (options.only !== "post") {
        series.appGet.push(await measured("app GET /monitor", getRequest(base, app.info.supervisorToken), round === 1));
        series.ceilingGet.push(await measured("ceiling GET /monitor", getRequest(ceilingBase), round === 1));
      }
    }
    const median = (list: RouteFigures[]): RouteFigures => {
      if (list.length === 0) return skipped;
      const sorted = [...list].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
      const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
      return {
        ...middle,
        non2xx: list.reduce((sum, f) => sum + f.non2xx, 0),
        errors: list.reduce((sum, f) => sum + f.errors, 0),
      };
    };
    const appPost = median(series.appPost);
    const appGet = median(series.appGet);
    const ceilingPost = median(series.ceilingPost);
    const ceilingGet = median(series.ceilingGet);
    // Each round's app and ceiling ran back to back, so their ratio is the least disturbed by other load.
    const ratios = (app: RouteFigures[], ceiling: RouteFigures[]) => {
      const list = app.map((a, i) => a.requestsPerSecond / ceiling[i]!.requestsPerSecond).sort((x, y) => x - y);
      return { median: list.length ? list[Math.floor((list.length - 1) / 2)]! : Number.NaN, all: list };
    };
    const postRatio = ratios(series.appPost, series.ceilingPost);
    const getRatio = ratios(series.appGet, series.ceilingGet);
    return {
      node: node.version,
      seconds,
      rounds,
      connections,
      app: { post: appPost, get: appGet },
      ceiling: { post: ceilingPost, get: ceilingGet },
      ratio: { post: postRatio, get: getRatio },
    };
  } finally {
    for (const server of started) await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

export function requestPathRows(r: RequestPathResult): string[][] {
  const rps = (f: RouteFigures) => f.requestsPerSecond.toFixed(0);
  const row = (
    route: string,
    app: RouteFigures,
    ceiling: RouteFigures,
    ratio: { median: number; all: number[] },
  ): string[] => {
    const failures = app.non2xx + app.errors;
    return [
      `request path: ${route} (in memory, access log off, ${r.node}, ${r.connections} connections, ${r.rounds} rounds of ${r.seconds} s, app and ceiling in turn)`,
      `ratio ${ratio.median.toFixed(2)} (median of the rounds' app / ceiling: ${ratio.all.map((x) => x.toFixed(2)).join(", ")}); app ${rps(app)} req/s (p50 ${app.p50Ms} ms, p99 ${app.p99Ms} ms${failures ? `, ${failures} failed` : ""}), ceiling ${rps(ceiling)} req/s (medians)`,
      ">= 0.30 of ceiling",
      failures ? "NO (failed requests)" : ratio.median >= 0.3 ? "yes" : "no",
    ];
  };
  return [
    row("POST /orders", r.app.post, r.ceiling.post, r.ratio.post),
    row("GET /monitor", r.app.get, r.ceiling.get, r.ratio.get),
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "6" },
      connections: { type: "string", default: "32" },
      rounds: { type: "string", default: "5" },
      profile: { type: "string" },
      only: { type: "string" },
    },
  });
  const result = await measureRequestPath({
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    rounds: Number(values.rounds),
    ...(values.profile ? { profileDir: resolve(values.profile) } : {}),
    ...(values.only ? { only: values.only as "post" | "get" } : {}),
  });
  for (const row of requestPathRows(result)) console.log(row.join(" | "));
}
