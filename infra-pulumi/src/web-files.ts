/**
 * The supervisors' web app as files to upload: the `npm run build` output of packages/monitor-web, listed once
 * with the Content-Type and Cache-Control each file is served with. Like the Lambda bundles, the program never
 * builds; it refuses to deploy a missing or incomplete build rather than publish an empty site. Beside them go
 * the assets of the API's interactive GET /docs (Swagger UI, from the npm package swagger-ui-dist), which
 * CloudFront serves from the same bucket under docs/assets/ so the Lambda bundles need not carry them.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DOCS_ASSETS, DOCS_ASSETS_PREFIX } from "@cargo-express/http-hono/docs-files";
import { CONTENT_TYPES } from "@cargo-express/monitor-web/serving";
import { REPOSITORY_ROOT } from "./bundles.js";

/** The Pulumi project directory; a relative `webDistDir` is read from here, wherever `pulumi` was started. */
const PROJECT_DIR = path.join(REPOSITORY_ROOT, "infra-pulumi");

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

export type WebFile = {
  /** The object key, which is also the URL path below the site's origin (`assets/index-3f9a1c2b.js`). */
  readonly key: string;
  readonly contentType: string;
  readonly cacheControl: string;
} & (
  | {
      /** Absolute path of the file on this machine. */
      readonly source: string;
    }
  | {
      /** The file's text, when it is written by the code rather than read from disk (the docs' start-up script). */
      readonly content: string;
    }
);

export interface WebBuild {
  readonly distDir: string;
  readonly files: readonly WebFile[];
}

/** `webDistDir` as configured (relative to infra-pulumi/ or absolute) -> absolute path. */
export function resolveWebDistDir(configured: string, projectDir: string = PROJECT_DIR): string {
  return path.resolve(projectDir, configured);
}

function cacheControlFor(key: string): string {
  return key.startsWith(HASHED_ASSETS_PREFIX) ? CACHE_CONTROL.hashedAsset : CACHE_CONTROL.revalidate;
}

function contentTypeFor(key: string): string | undefined {
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
        "Add their extensions to CONTENT_TYPES in packages/monitor-web/src/serving.ts.",
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

/** The directory npm packages are resolved from for the docs' assets: http-hono's, which depends on swagger-ui-dist. */
const DOCS_PACKAGE_JSON = path.join(REPOSITORY_ROOT, "packages", "http-hono", "package.json");

/**
 * The interactive GET /docs's assets as objects under docs/assets/ (the list, the start-up script and their types
 * are http-hono's: interactive-docs-files.ts, the same files the local stack serves). Their names carry no content
 * hash, so they are revalidated like index.html. Stops the deployment when swagger-ui-dist is not installed.
 */
export function docsAssetFiles(packageJson: string = DOCS_PACKAGE_JSON): WebFile[] {
  const require = createRequire(packageJson);
  return DOCS_ASSETS.map((asset) => {
    const key = `${DOCS_ASSETS_PREFIX.slice(1)}${asset.name}`;
    const common = { key, contentType: asset.contentType, cacheControl: CACHE_CONTROL.revalidate };
    if ("text" in asset) return { ...common, content: asset.text };
    let source: string;
    try {
      source = require.resolve(asset.npmFile);
    } catch {
      throw new pulumi.RunError(
        `The API documentation's asset ${asset.npmFile} is not installed (http-hono depends on it).\n` +
          "Run `npm ci` at the repository root first.",
      );
    }
    return { ...common, source };
  });
}

/** The web app's files and the API docs' assets, one list; stops the deployment when a file of the build is at a key of theirs. */
export function withDocsAssets(files: readonly WebFile[], docs: readonly WebFile[] = docsAssetFiles()): WebFile[] {
  const clashes = files.filter((file) => docs.some((asset) => asset.key === file.key)).map((file) => file.key);
  if (clashes.length > 0) {
    throw new pulumi.RunError(
      `The web app's build has files where the API documentation's assets go: ${clashes.join(", ")}.`,
    );
  }
  return [...files, ...docs];
}
