/**
 * The OpenAPI document the app serves, linted by Redocly's CLI (`@redocly/cli`) with its `recommended` rules, as a
 * reader's tooling would judge it: no error and no warning. The document is taken from GET /openapi.json and
 * written to a temporary folder outside the checkout, which the test removes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { AccessTokenVerifier } from "../src/index.js";
import { buildApp } from "./support/harness.js";

const redoclyCli = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly { readonly ruleId: string; readonly message: string; readonly location: unknown }[];
}

/** Runs `redocly lint --extends recommended --format json` on one file; its exit code is not the verdict, the report is. */
async function lint(file: string): Promise<LintReport> {
  const run = promisify(execFile);
  const result = await run(
    process.execPath,
    [redoclyCli, "lint", "--extends", "recommended", "--format", "json", file],
    {
      // No usage data sent and no update check: the test reads a local file and nothing else.
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
    // Redocly exits 1 when it finds an error; the JSON report is on stdout either way.
    if (error.code === 1 && error.stdout) return { stdout: error.stdout, stderr: error.stderr ?? "" };
    throw error;
  });
  return JSON.parse(result.stdout) as LintReport;
}

/** No test here signs in: any token is refused. */
const refuseEveryToken: AccessTokenVerifier = {
  verify: () => Promise.reject(new Error("no route of this test needs a token")),
};

const workDir = mkdtempSync(join(tmpdir(), "cargo-express-openapi-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function servedDocument(): Promise<Record<string, unknown>> {
  const { app } = buildApp({ verifier: refuseEveryToken });
  const response = await app.request("/openapi.json");
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("GET /openapi.json under Redocly's recommended rules", () => {
  it("has no error and no warning", { timeout: 120_000 }, async () => {
    const file = join(workDir, "openapi.json");
    writeFileSync(file, JSON.stringify(await servedDocument(), null, 2));
    const report = await lint(file);
    expect(report.problems.map(({ ruleId, message }) => `${ruleId}: ${message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("would fail on a regression: the same document without servers, license or a public route's security", {
    timeout: 120_000,
  }, async () => {
    const document = await servedDocument();
    const {
      servers: _servers,
      info,
      paths,
      ...rest
    } = document as {
      servers: unknown;
      info: Record<string, unknown>;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const { license: _license, ...infoWithoutLicense } = info;
    const { security: _security, ...healthWithoutSecurity } = paths["/health"]!.get!;
    const file = join(workDir, "regressed.json");
    writeFileSync(
      file,
      JSON.stringify({
        ...rest,
        info: infoWithoutLicense,
        paths: { ...paths, "/health": { get: healthWithoutSecurity } },
      }),
    );
    const report = await lint(file);
    expect(new Set(report.problems.map((problem) => problem.ruleId))).toEqual(
      new Set(["no-empty-servers", "info-license", "security-defined"]),
    );
    expect(report.totals.errors).toBeGreaterThan(0);
  });
});
