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
 * The two outputs of a package that ships Lambda handlers, shared by http-hono and stream-handler:
 * - dist/lambda/<name>.mjs: one self-contained ESM file per handler. Everything is bundled (tsup would
 *   leave `dependencies` external) except the AWS SDK, which the Node.js 24 runtime provides. Workspace
 *   packages are bundled from their TypeScript sources through the "@cargo-express/source" condition.
 * - dist/index.js + .d.ts: the library face for other packages; its dependencies stay external (zod
 *   too: one instance at run time, so schemas stay interoperable).
 */
export function lambdaPackageBuild(handlers: Record<string, string>): Options[] {
  return [
    {
      entry: handlers,
      outDir: "dist/lambda",
      format: ["esm"],
      outExtension: () => ({ js: ".mjs" }),
      platform: "node",
      target: "node24",
      bundle: true,
      splitting: false,
      noExternal: [/^(?!@aws-sdk\/)/],
      external: [/^@aws-sdk\//],
      minify: true,
      sourcemap: true,
      clean: true,
      dts: false,
      // Some bundled packages reach for `require` (node builtins); an ESM file has none of its own.
      banner: {
        js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
      },
      esbuildOptions(options) {
        options.conditions = ["@cargo-express/source", "module"];
      },
      esbuildPlugins: [zodWithoutTranslations],
    },
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
