import { defineConfig } from "tsup";

/**
 * Two outputs, as in @cargo-express/http-hono:
 * - dist/lambda/projector.mjs: the stream projector Lambda, one self-contained ESM file. Everything is
 *   bundled except the AWS SDK, which the Node.js 22 runtime provides; workspace packages are bundled from
 *   their TypeScript sources through the "@cargo-express/source" condition.
 * - dist/index.js + .d.ts: the library face (LocalStreamPoller, createProjectorHandler, rebuild) for other
 *   packages; its dependencies stay external.
 */
export default defineConfig([
  {
    entry: { projector: "src/lambda/projector.ts" },
    outDir: "dist/lambda",
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    platform: "node",
    target: "node22",
    bundle: true,
    splitting: false,
    noExternal: [/^(?!@aws-sdk\/)/],
    external: [/^@aws-sdk\//],
    minify: true,
    sourcemap: true,
    clean: true,
    dts: false,
    // Some bundled packages reach for `require` (node builtins); an ESM file has none of its own.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    esbuildOptions(options) {
      options.conditions = ["@cargo-express/source", "module"];
    },
  },
  {
    entry: { index: "src/index.ts" },
    outDir: "dist",
    format: ["esm"],
    platform: "node",
    target: "node20",
    sourcemap: true,
    clean: false,
    dts: true,
    external: ["zod"],
  },
]);
