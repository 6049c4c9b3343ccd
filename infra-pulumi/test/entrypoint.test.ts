import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const PROJECT_DIR = path.resolve(import.meta.dirname, "..");
const pulumiYaml = readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8");

/** A top-level or nested `key: value` of Pulumi.yaml (a flat file we own; no YAML library needed). */
function yamlValue(key: string): string | undefined {
  const match = new RegExp(`^\\s*${key}:\\s*(.+?)\\s*$`, "m").exec(pulumiYaml);
  return match?.[1]?.replace(/^"(.*)"$/, "$1");
}

describe("Pulumi entry point", () => {
  it("names the project cargo-express, the namespace of every `pulumi config set` key", () => {
    expect(yamlValue("name")).toBe("cargo-express");
  });

  it("points main at the program, which Pulumi runs through its default export", async () => {
    const main = yamlValue("main");
    expect(main).toBe("src/index.ts");
    expect(existsSync(path.join(PROJECT_DIR, main ?? ""))).toBe(true);
    const entry = await import("../src/index.js");
    expect(Object.keys(entry)).toEqual(["default"]);
    expect(entry.default).toBeTypeOf("function");
  });

  it("runs the program with tsx and the workspace source condition, not Pulumi's ts-node", () => {
    expect(yamlValue("typescript")).toBe("false");
    expect(yamlValue("nodeargs")?.split(/\s+/)).toEqual(["--import", "tsx", "--conditions=@cargo-express/source"]);
  });

  it("loads the program and the adapters' table definitions under exactly those node arguments", async () => {
    const nodeargs = yamlValue("nodeargs")?.split(/\s+/) ?? [];
    const script = [
      'const entry = await import("./src/index.ts");',
      'const tables = await import("@cargo-express/adapters-dynamodb/tables");',
      "console.log(JSON.stringify({ main: typeof entry.default, tables: tables.TABLE_DEFINITIONS.length }));",
    ].join("\n");
    const { stdout } = await promisify(execFile)(process.execPath, [...nodeargs, "--input-type=module", "-e", script], {
      cwd: PROJECT_DIR,
      timeout: 60_000,
    });
    const { TABLE_DEFINITIONS } = await import("@cargo-express/adapters-dynamodb/tables");
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")).toEqual({
      main: "function",
      tables: TABLE_DEFINITIONS.length,
    });
  });
});
