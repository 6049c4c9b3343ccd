import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { CONTENT_TYPES, contentSecurityPolicy, type WebRuntimeConfig } from "../../monitor-web/src/serving.js";

/**
 * The supervisors' web app (packages/monitor-web) on the local stack: built when its sources are newer
 * than its build, then served from the API's origin with the runtime settings it reads at /config.json.
 */

const SOURCES = ["src", "public", "index.html", "vite.config.ts", "package.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when dist/index.html is missing or older than any source of the app. */
export function webBuildIsStale(packageDir: string): boolean {
  const built = join(packageDir, "dist", "index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(packageDir, source)) > builtAt);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the app if needed (`npm run build` in its package, which prints its size). Two stacks starting
 * at once (parallel tests) take turns through a lock folder, so neither serves a half-written build.
 */
export async function ensureWebBuilt(packageDir: string, log: (line: string) => void): Promise<void> {
  const lock = join(packageDir, ".build-lock");
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than the deadline is a leftover from a killed build.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`another build of the web app holds ${lock}`);
      await sleep(200);
    }
  }
  try {
    if (!webBuildIsStale(packageDir)) return;
    log("Building the supervisors' web app (packages/monitor-web)...");
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(npm, ["run", "build", "--silent"], { cwd: packageDir, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`building the web app failed:\n${result.stdout}\n${result.stderr}`);
    for (const line of result.stdout.split("\n").filter((l) => /gzip|JavaScript total/.test(l)))
      log(`  ${line.trim()}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
export interface WebSiteOptions {
  /** The built app (packages/monitor-web/dist). */
  readonly dir: string;
  /** /config.json for a request: the sign-in endpoint is named with the host the browser used. */
  readonly runtimeConfig: (requestUrl: URL) => WebRuntimeConfig;
}

/**
 * Answers GET/HEAD for the built files and /config.json; `undefined` for anything else, which the
 * caller leaves to the API.
 */
export function createWebSite(options: WebSiteOptions): (request: Request) => Response | undefined {
  const root = resolve(options.dir);
  return (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return undefined;
    const url = new URL(request.url);
    const head = request.method === "HEAD";
    if (url.pathname === "/config.json") {
      const config = options.runtimeConfig(url);
      return new Response(head ? null : JSON.stringify(config, null, 2), {
        headers: {
          "content-type": "application/json",
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
        },
      });
    }
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname);
    } catch {
      return undefined;
    }
    const file = normalize(join(root, relative));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) return undefined;
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    const config = options.runtimeConfig(url);
    const headers: Record<string, string> = {
      "content-type": type,
      // Vite names bundles by content hash; everything else must be asked for again.
      "cache-control": relative.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    };
    if (type.startsWith("text/html")) {
      headers["content-security-policy"] = contentSecurityPolicy(
        new URL(config.cognitoEndpoint).origin,
        config.live === undefined ? undefined : new URL(config.live.url).origin,
      );
      headers["x-frame-options"] = "DENY";
    }
    return new Response(head ? null : readFileSync(file), { headers });
  };
}
