import { defineProject } from "vitest/config";

export default defineProject({
  // The program imports @cargo-express/adapters-dynamodb/tables; resolve it to its TypeScript source, as the
  // Pulumi runtime does (Pulumi.yaml nodeargs), so tests need no build.
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  test: {
    name: "infra-pulumi",
    include: ["test/**/*.test.ts"],
    // Loading @pulumi/aws takes a few seconds on a cold cache.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
