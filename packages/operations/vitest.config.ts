import { defineProject } from "vitest/config";

/**
 * Runs against the DynamoDB Local instance started by the root vitest global setup
 * (adapters-dynamodb/test-support/global-setup.ts); each test file creates its own tables.
 */
export default defineProject({
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  test: { name: "operations", include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
