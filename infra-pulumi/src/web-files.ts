/**
 * The supervisors' web app as files to upload: the `npm run build` output of packages/monitor-web, listed once
 * with the Content-Type and Cache-Control each file is served with. Like the Lambda bundles, the program never
 * builds; it refuses to deploy a missing or incomplete build rather than publish an empty site.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CONTENT_TYPES } from "../../packages/monitor-web/src/serving.js";
import { REPOSITORY_ROOT } from "./bundles.js";

/** The Pulumi project directory; a relative `webDistDir` is read from here, wherever `pulumi` was started. */
export const PROJECT_DIR = path.join(REPOSITORY_ROOT, "infra-pulumi");

/** Written by the program from the stack's outputs; a file of that name in the build is not uploaded. */
export const RUNTIME_CONFIG_KEY = "config.json";

export const INDEX_KEY = "index.html";

/**
 * Vite writes every bundled file as `assets/<name>-<content hash>.<ext>`: a changed file gets a new name, so
 * browsers may keep these for a year without asking again. Everything else (index.html, config.json, files
 * copied from `public/`) keeps its name across releases and is revalidated on every use (`no-cache` lets the
 * browser keep a copy but makes it ask first; the answer is a 304 when nothing changed).
 */
export const CACHE_CONTROL = {
  hashedAsset: "public, max-age=31536000, immutable",
  revalidate: "no-cache",
} as const;

const HASHED_ASSETS_PREFIX = "assets/";

/** Types per extension, shared with the local stack (`packages/monitor-web/src/serving.ts`); an unknown extension stops the deployment. */
export { CONTENT_TYPES };

export interface WebFile {
  /** The object key, which is also the URL path below the site's origin (`assets/index-3f9a1c2b.js`). */
  readonly key: string;
  /** Absolute path of the file on this machine. */
  readonly source: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

export interface WebBuild {
  readonly distDir: string;
  readonly files: readonly WebFile[];
}

/** `webDistDir` as configured (relative to infra-pulumi/ or absolute) -> absolute path. */
export function resolveWebDistDir(configured: string, projectDir: string = PROJECT_DIR): string {
  return path.resolve(projectDir, configured);
}

export function cacheControlFor(key: string): string {
  return key.startsWith(HASHED_ASSETS_PREFIX) ? CACHE_CONTROL.hashedAsset : CACHE_CONTROL.revalidate;
}

export function contentTypeFor(key: string): string | undefined {
  return CONTENT_TYPES[path.posix.extname(key).toLowerCase()];
}

/**
 * Every file of the build, sorted by key. Stops the deployment, before any resource is touched, when the
 * directory or its index.html is missing or a file has no known Content-Type, naming the command that fixes it.
 */
export function readWebBuild(distDir: string): WebBuild {
  const rebuild = "Run `npm run build` at the repository root first (it builds packages/monitor-web).";
  if (!existsSync(distDir) || !statSync(distDir).isDirectory()) {
    throw new pulumi.RunError(`The supervisors' web app is not built: ${distDir} does not exist.\n${rebuild}`);
  }
  if (!existsSync(path.join(distDir, INDEX_KEY))) {
    throw new pulumi.RunError(`The supervisors' web app build in ${distDir} has no ${INDEX_KEY}.\n${rebuild}`);
  }

  const keys = listFiles(distDir)
    .filter((key) => key !== RUNTIME_CONFIG_KEY)
    .sort();
  const untyped = keys.filter((key) => contentTypeFor(key) === undefined);
  if (untyped.length > 0) {
    throw new pulumi.RunError(
      `No Content-Type is known for these files of ${distDir}:\n  - ${untyped.join("\n  - ")}\n` +
        "Add their extensions to CONTENT_TYPES in infra-pulumi/src/web-files.ts.",
    );
  }

  return {
    distDir,
    files: keys.map((key) => ({
      key,
      source: path.join(distDir, ...key.split("/")),
      contentType: contentTypeFor(key) as string,
      cacheControl: cacheControlFor(key),
    })),
  };
}

/** Paths of every regular file below `dir`, relative to it, with `/` separators (the object keys). */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const key = `${prefix}${entry.name}`;
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), `${key}/`);
    return entry.isFile() ? [key] : [];
  });
}
