/**
 * The Lambda code: the ESM bundles produced by `npm run build` in the HTTP and stream packages, each an entry file
 * (`dist/lambda/<name>.mjs`) and the folder of chunks it loads on its first invocation (`dist/lambda/<name>/`).
 * The program only points at them; it never builds.
 */
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

export type FunctionKey = "ordersApi" | "monitorApi" | "streamProjector" | "exportBuilder";

/** Each bundle, relative to the repository root, and the export Lambda calls. */
export const LAMBDA_BUNDLES: Readonly<Record<FunctionKey, { readonly file: string; readonly exportName: string }>> = {
  ordersApi: { file: "packages/http-hono/dist/lambda/orders.mjs", exportName: "handler" },
  monitorApi: { file: "packages/http-hono/dist/lambda/monitor.mjs", exportName: "handler" },
  streamProjector: { file: "packages/stream-handler/dist/lambda/projector.mjs", exportName: "handler" },
  exportBuilder: { file: "packages/ledger-exports/dist/lambda/export.mjs", exportName: "handler" },
};

/**
 * Every bundle is uploaded under the same name, so every function has the same handler string and a
 * renamed source file never silently breaks one. `.mjs` makes Node 22 load it as ESM without a package.json.
 */
const ARCHIVE_ENTRY_FILE = "index.mjs";

export function handlerFor(key: FunctionKey): string {
  return `${path.parse(ARCHIVE_ENTRY_FILE).name}.${LAMBDA_BUNDLES[key].exportName}`;
}

/** The repository root, found from this file's place in it (infra-pulumi/src/bundles.ts). */
export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export type BundlePaths = Readonly<Record<FunctionKey, string>>;

export function bundlePaths(repositoryRoot: string = REPOSITORY_ROOT): BundlePaths {
  const entries = Object.entries(LAMBDA_BUNDLES).map(([key, bundle]) => [key, path.join(repositoryRoot, bundle.file)]);
  return Object.fromEntries(entries) as Record<FunctionKey, string>;
}

/** The folder of an entry's chunks, beside it and named after it: dist/lambda/orders.mjs -> dist/lambda/orders. */
function chunkFolderOf(file: string): string {
  return file.replace(/\.mjs$/, "");
}

/** Fails before any resource is touched when a bundle (its entry or its chunks) is missing, with the command that makes it. */
export function assertBundlesBuilt(paths: BundlePaths, exists: (file: string) => boolean = existsSync): void {
  const missing = Object.values(paths).flatMap((file) => [file, chunkFolderOf(file)].filter((f) => !exists(f)));
  if (missing.length > 0) {
    throw new pulumi.RunError(
      `Lambda bundles not found:\n  - ${missing.join("\n  - ")}\nRun \`npm run build\` at the repository root first.`,
    );
  }
}

/**
 * A zip holding the bundle: its entry renamed to ARCHIVE_ENTRY_FILE and its chunks (the `.mjs` files, not the source
 * maps) under the folder name the entry imports them from. A folder not built yet adds nothing (the entry point
 * checks the build first, assertBundlesBuilt; mocked tests need no build).
 */
export function bundleArchive(file: string): pulumi.asset.AssetArchive {
  const folder = chunkFolderOf(file);
  const chunks = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".mjs")) : [];
  return new pulumi.asset.AssetArchive({
    [ARCHIVE_ENTRY_FILE]: new pulumi.asset.FileAsset(file),
    ...Object.fromEntries(
      chunks.map((name) => [`${path.basename(folder)}/${name}`, new pulumi.asset.FileAsset(path.join(folder, name))]),
    ),
  });
}
