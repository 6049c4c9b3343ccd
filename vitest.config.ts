import { defineConfig } from "vitest/config";

/**
 * One run for the whole monorepo: each package is a project. Workspace packages resolve to their
 * TypeScript sources through the "@cargo-express/source" export condition, so tests need no build.
 */
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "infra-pulumi/vitest.config.ts"],
    globalSetup: ["packages/adapters-dynamodb/test/support/global-setup.ts"],
  },
});
