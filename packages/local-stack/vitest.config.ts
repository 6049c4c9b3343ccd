import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  // Each end-to-end case may start a whole stack (DynamoDB Local answers after ~5 s).
  test: { name: "local-stack", include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
});
