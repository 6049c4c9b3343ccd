import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * zod re-exports every translation of its error messages (`z.locales`, 40-odd languages, about 265 KiB of
 * minified code) from `zod/v4/locales/index.js`; `@hono/zod-openapi` imports all of zod, so a bundle would carry
 * them though no code here calls `z.config(z.locales.xx())`. This plugin answers that one module, when zod imports
 * it, with an empty one. English stays: zod's schemas import `locales/en.js` directly and configure it themselves
 * (and every message the API returns is its own anyway). `z.locales` is then an empty namespace.
 */
const zodWithoutTranslations: EsbuildPlugin = {
  name: "zod-without-translations",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "zod-no-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-no-locales" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/**
 * Empties a handler's chunk folder before each build, so chunks of an older build (their names carry a content
 * hash) never linger there and get uploaded with the function.
 */
function cleanChunkFolder(folder: string): EsbuildPlugin {
  return {
    name: "clean-chunk-folder",
    setup(build) {
      build.onStart(() => {
        rmSync(join(build.initialOptions.outdir ?? "dist/lambda", folder), { recursive: true, force: true });
      });
    },
  };
}

/**
 * One handler's Lambda bundle: dist/lambda/<name>.mjs, the entry Lambda imports, and dist/lambda/<name>/, the
 * chunks it loads on its first invocation. Everything is bundled and minified, the AWS SDK v3 clients too (tsup
 * would leave `dependencies` external); workspace packages from their TypeScript sources through the
 * "@cargo-express/source" condition.
 *
 * Why split: a cold start pays for compiling the whole entry file at import, and for every module the file
 * imports at its top (esbuild hoists every import of a single-file ESM bundle, Node's `http`/`https`/`crypto`
 * included). The entry points import their composition with `import()` (@cargo-express/platform/lazy-handler),
 * so with splitting the entry is a few hundred bytes and everything else, Node's modules too, is loaded on the
 * first invocation. Why the SDK is bundled rather than left to the runtime: loaded from one minified chunk it
 * costs less CPU and memory at the first invocation than resolving and loading hundreds of `@aws-sdk/*` files
 * from the runtime's node_modules (measured, whole process, both lazily loaded: 0.77-0.84 of the CPU, 80 MiB
 * against 91 MiB peak), and the function runs the SDK version it was tested with.
 */
export function lambdaBundleBuild(name: string, entry: string): Options {
  return {
    entry: { [name]: entry },
    outDir: "dist/lambda",
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    platform: "node",
    target: "node24",
    bundle: true,
    splitting: true,
    noExternal: [/.*/],
    // Node's own modules are the only imports left (esbuild keeps builtins external on the node platform).
    minify: true,
    sourcemap: true,
    // Several handlers share dist/lambda: each cleans its own chunk folder, and its entry is overwritten.
    clean: false,
    dts: false,
    // Some bundled packages reach for `require` (node builtins); an ESM file has none of its own.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
    esbuildOptions(options) {
      options.conditions = ["@cargo-express/source", "module"];
      options.chunkNames = `${name}/[name]-[hash]`;
    },
    esbuildPlugins: [zodWithoutTranslations, cleanChunkFolder(name)],
  };
}

/**
 * The outputs of a package that ships Lambda handlers, shared by http-hono and stream-handler: one bundle per
 * handler (lambdaBundleBuild), and dist/index.js + .d.ts, the library face for other packages, whose dependencies
 * stay external (zod too: one instance at run time, so schemas stay interoperable).
 */
export function lambdaPackageBuild(handlers: Record<string, string>): Options[] {
  return [
    ...Object.entries(handlers).map(([name, entry]) => lambdaBundleBuild(name, entry)),
    {
      entry: { index: "src/index.ts" },
      outDir: "dist",
      format: ["esm"],
      platform: "node",
      target: "node24",
      sourcemap: true,
      clean: false,
      dts: true,
      external: ["zod"],
    },
  ];
}
