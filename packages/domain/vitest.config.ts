import { defineProject } from "vitest/config";

// Under Stryker (`npm run test:mutation`) the tests that never load src/ in-process are left out: the package
// test builds and packs dist/, the architecture test runs dependency-cruiser. They can kill no mutant.
const mutationRun = process.env.STRYKER_MUTATOR_WORKER !== undefined;

export default defineProject({
  resolve: { conditions: ["@cargo-express/source"] },
  ssr: { resolve: { conditions: ["@cargo-express/source"] } },
  test: {
    name: "domain",
    include: ["test/**/*.test.ts"],
    ...(mutationRun ? { exclude: ["test/package.test.ts", "test/architecture.test.ts"] } : {}),
  },
});
