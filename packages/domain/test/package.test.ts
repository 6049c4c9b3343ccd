import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const packageDir = resolve(import.meta.dirname, "..");
const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/**
 * Engineers outside this repository consume the domain as a package: build it, pack it, install the
 * tarball in a scratch project outside the workspace, then import it from ESM and from CommonJS.
 */
describe("the published @cargo-express/domain package", () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "cargo-express-domain-pack-"));
    npm(["run", "build"], packageDir);
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", scratch], packageDir)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const tarball = join(scratch, packed[0]!.filename);
    expect(
      packed[0]!.files
        .map((f) => f.path)
        .every((p) => p.startsWith("dist/") || p === "package.json" || p === "README.md"),
    ).toBe(true);
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", version: "1.0.0", private: true }));
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], scratch);
  }, 180_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const program = `
    const payload = { orderId: "p-1", courier: { id: "106", name: "Pedro" },
      lines: [{ productId: "pk1", productName: "A", unitPrice: "0.10" }, { productId: "pk2", productName: "B", unitPrice: "0.2" }],
      deliveredAt: "2024-09-11 18:27:09.039464" };
    const result = domain.parseOrderInput(payload);
    console.log(JSON.stringify({ total: domain.formatCents(result.value.total), at: result.value.deliveredAt, useCase: typeof domain.PlaceOrder }));`;
  const expected = { total: "0.30", at: "2024-09-11T23:27:09.039464Z", useCase: "function" };

  it("imports from ESM", () => {
    const out = execFileSync(
      "node",
      ["--input-type=module", "-e", `import * as domain from "@cargo-express/domain"; ${program}`],
      { cwd: scratch, encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual(expected);
  });

  it("requires from CommonJS", () => {
    const out = execFileSync(
      "node",
      ["--input-type=commonjs", "-e", `const domain = require("@cargo-express/domain"); ${program}`],
      { cwd: scratch, encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual(expected);
  });

  it("ships type declarations for both module systems", () => {
    const dist = readdirSync(join(scratch, "node_modules/@cargo-express/domain/dist"));
    expect(dist).toEqual(expect.arrayContaining(["index.js", "index.cjs", "index.d.ts", "index.d.cts"]));
  });
});
