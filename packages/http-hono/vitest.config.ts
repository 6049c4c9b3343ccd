import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  test: { name: "http-hono", include: ["test/**/*.test.ts"] },
});
