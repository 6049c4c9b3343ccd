import { defineProject } from "vitest/config";

export default defineProject({
  // The figures come from other packages' TypeScript sources (the cost model, the web app's refresh, the Pulumi
  // program under its mocks), resolved as every other project resolves them.
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  // Loading @pulumi/aws for the mocked deployment takes a few seconds on a cold cache.
  test: { name: "docs-check", include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
});
