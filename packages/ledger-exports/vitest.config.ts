import { defineProject } from "vitest/config";

/** Some tests run against the DynamoDB Local instance started by the root vitest global setup. */
export default defineProject({
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  test: { name: "ledger-exports", include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
