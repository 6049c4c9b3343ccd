import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  // The end-to-end cases start a whole local stack and a browser.
  test: {
    name: "monitor-web",
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
