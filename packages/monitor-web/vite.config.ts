import { defineConfig } from "vite";

/**
 * Static files for any origin that also serves /config.json. No inline scripts or styles end up in
 * index.html (the page runs under `script-src 'self'`), and no source maps ship.
 */
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: { host: "127.0.0.1" },
});
