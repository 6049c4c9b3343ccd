import type { Options } from "tsup";

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
