import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");

function cruise(file: string, source: string) {
  const path = resolve(root, file);
  writeFileSync(path, source);
  try {
    return spawnSync("npx", ["depcruise", file, "--config", ".dependency-cruiser.cjs"], {
      cwd: root,
      encoding: "utf8",
    });
  } finally {
    rmSync(path, { force: true });
  }
}

/**
 * The rule `npm run lint` enforces, proven to bite: a violating import makes the check fail. Each case
 * starts dependency-cruiser in a child process: seconds on a busy machine, hence the longer timeout.
 */
describe("the dependency rule", { timeout: 60_000 }, () => {
  it("fails when the domain imports a Node module or a framework", () => {
    const result = cruise(
      "packages/domain/src/zz-architecture-probe.ts",
      'import { readFileSync } from "node:fs";\nimport { Hono } from "hono";\nexport const probe = [readFileSync, Hono];\n',
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("domain-imports-only-zod");
    expect(result.stdout).toContain("node_modules/hono");
  });

  it("passes when the domain imports zod and itself", () => {
    const result = cruise(
      "packages/domain/src/zz-architecture-probe-ok.ts",
      'import * as z from "zod";\nimport { formatCents } from "./money.js";\nexport const probe = [z, formatCents];\n',
    );
    expect(result.stdout).toContain("no dependency violations");
    expect(result.status).toBe(0);
  });

  it("fails when one adapter imports another", () => {
    const result = cruise(
      "packages/adapters-memory/src/zz-architecture-probe.ts",
      'import * as other from "@cargo-express/adapters-dynamodb";\nexport const probe = other;\n',
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("adapters-do-not-import-each-other");
  });
});
