import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  test: { name: "courier-wire", include: ["test/**/*.test.ts"] },
});
