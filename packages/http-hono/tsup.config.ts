import { defineConfig } from "tsup";

/**
 * Two outputs:
 * - dist/lambda/{orders,monitor}.mjs: one self-contained ESM file per Lambda handler. Everything is bundled
 *   (tsup would leave `dependencies` external) except the AWS SDK, which the Node.js 22 runtime provides.
 *   Workspace packages are bundled from their TypeScript sources through the "@cargo-express/source" condition.
 * - dist/index.js + .d.ts: the library face for other packages (dependencies stay external).
 */
export default defineConfig([
  {
    entry: { orders: "src/lambda/orders.ts", monitor: "src/lambda/monitor.ts" },
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
    // Shared with @cargo-express/domain: one zod instance at run time, so schemas stay interoperable.
    external: ["zod"],
  },
]);
