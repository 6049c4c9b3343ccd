import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CONFIG_KEYS, REGION_KEY } from "../src/config.js";
import { deployUnderMocks } from "./support/mocked-deployment.js";

/** docs/deploy.md must use the program's names: a renamed key or output fails here, not at an operator's desk. */
const guide = readFileSync(path.resolve(import.meta.dirname, "..", "..", "docs", "deploy.md"), "utf8");

const configSetKeys = [...guide.matchAll(/pulumi config set (\S+)/g)].map((match) => match[1]);
const stackOutputNames = [...guide.matchAll(/pulumi stack output (\w+)/g)].map((match) => match[1]);

describe("operator guide (docs/deploy.md)", () => {
  let outputNames: string[];
  beforeAll(async () => {
    outputNames = Object.keys((await deployUnderMocks()).system.outputs);
  });

  it("shows `pulumi config set` for every configuration key, and for no other", () => {
    expect(new Set(configSetKeys)).toEqual(new Set([REGION_KEY, ...CONFIG_KEYS]));
  });

  it("documents every key in the configuration table", () => {
    for (const key of [REGION_KEY, ...CONFIG_KEYS]) expect(guide, key).toContain(`| \`${key}\` |`);
  });

  it("reads only outputs the stack has, and shows how to read each of them", () => {
    expect(stackOutputNames.length).toBeGreaterThan(0);
    for (const name of stackOutputNames) expect(outputNames, name).toContain(name);
    for (const name of outputNames) expect(stackOutputNames, name).toContain(name);
  });

  it("writes exactly the .env keys the demo reads for a deployed stack", () => {
    const envBlock = /cat > \.\.\/\.env <<EOF\n([\s\S]*?)\nEOF/.exec(guide)?.[1] ?? "";
    expect(envBlock.split("\n").map((line) => line.split("=")[0])).toEqual([
      "API",
      "CLIENT_ID",
      "USERNAME",
      "PASSWORD",
      "AWS_REGION",
    ]);
  });
});
