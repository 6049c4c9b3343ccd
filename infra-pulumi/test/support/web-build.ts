/**
 * Small stand-ins for packages/monitor-web's `npm run build` output, written to temporary directories that are
 * removed when the test process exits. Tests never depend on the real app having been built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** Shaped like a Vite build: index.html, hashed bundles under assets/, a file copied from public/. */
export const SAMPLE_WEB_FILES: Readonly<Record<string, string>> = {
  "index.html":
    '<!doctype html><html lang="es"><head><script type="module" src="/assets/index-B4x9Qe1z.js"></script></head></html>',
  "assets/index-B4x9Qe1z.js": 'console.log("monitor");',
  "assets/index-Cq2Lm8Rt.css": "body{margin:0}",
  "favicon.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

const created: string[] = [];
process.on("exit", () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (object key -> content) into a new temporary directory and returns its absolute path. */
export function writeWebBuild(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cargo-express-web-"));
  created.push(dir);
  for (const [key, content] of Object.entries(files)) {
    const file = path.join(dir, ...key.split("/"));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** A new directory name inside a fresh temporary directory; nothing is created at that path. */
export function missingWebBuildDir(): string {
  return path.join(writeWebBuild({}), "dist");
}

let sample: string | undefined;

/** One SAMPLE_WEB_FILES build per test process, written on first use. */
export function sampleWebBuildDir(): string {
  sample ??= writeWebBuild(SAMPLE_WEB_FILES);
  return sample;
}
