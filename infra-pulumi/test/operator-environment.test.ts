/**
 * docs/deploy.md's environment for the operator commands, run as written: bash runs the guide's block from the
 * repository root, with a stand-in `pulumi` on PATH that answers `stack output` and `config get` from the mocked
 * stack and, like the real CLI, finds no project unless it is pointed at infra-pulumi/. What the block exports
 * must be exactly what the projector function gets from the program (the operator commands read the projector's
 * configuration), so a rebuild runs with the stack's tables, region, time zone and log level.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../src/bundles.js";
import type { RawConfig } from "../src/config.js";
import { readProjectorConfig } from "../../packages/stream-handler/src/index.js";
import { runtimeEnvironment } from "./support/deployed-functions.js";
import { deployUnderMocks, type MockedDeployment } from "./support/mocked-deployment.js";

const guide = readFileSync(path.join(REPOSITORY_ROOT, "docs", "deploy.md"), "utf8");

/** The guide's bash block that sets the operator environment, up to the first command that uses it. */
function environmentBlock(): string {
  const block = [...guide.matchAll(/```bash\n([\s\S]*?)```/g)]
    .map((match) => match[1]!)
    .find((text) => text.includes("export BUSINESS_TIME_ZONE="));
  if (block === undefined) throw new Error("docs/deploy.md has no bash block exporting BUSINESS_TIME_ZONE");
  return block.slice(0, block.indexOf("\nnpm run "));
}

/**
 * A `pulumi` that knows one stack: `stack output <name> [--json]` and `config get <key>` (exit 1 when the key is
 * not set, as the CLI does), both only where a Pulumi.yaml is found from the working directory upwards (`--cwd`
 * moves it), as the CLI finds its project.
 */
const STUB = (answers: string) => `#!${process.execPath}
const fs = require("fs"), path = require("path");
const args = process.argv.slice(2);
const at = args.indexOf("--cwd");
let dir = path.resolve(at >= 0 ? args.splice(at, 2)[1] : ".");
while (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
  if (path.dirname(dir) === dir) { console.error("error: no Pulumi.yaml project file found"); process.exit(255); }
  dir = path.dirname(dir);
}
const { outputs, config } = JSON.parse(fs.readFileSync(${JSON.stringify(answers)}, "utf8"));
const json = args.includes("--json");
const words = args.filter((a) => a !== "--json");
if (words[0] === "stack" && words[1] === "output" && words[2] in outputs) {
  const value = outputs[words[2]];
  console.log(json || typeof value !== "string" ? JSON.stringify(value, null, 2) : value);
} else if (words[0] === "config" && words[1] === "get") {
  if (!(words[2] in config)) { console.error("error: configuration key '" + words[2] + "' not found for stack 'test'"); process.exit(1); }
  console.log(config[words[2]]);
} else {
  console.error("stub pulumi does not know: " + args.join(" ")); process.exit(2);
}
`;

const workDirs: string[] = [];
afterAll(() => {
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the guide's block from the repository root against `deployment`, in a shell that has loaded the local
 * stack's `.env` before (DYNAMODB_ENDPOINT set); returns what the block exported, and whether the endpoint is left.
 */
async function exportedBy(
  deployment: MockedDeployment,
  config: RawConfig,
): Promise<{ exported: Record<string, string>; localEndpointLeft: boolean }> {
  const dir = mkdtempSync(path.join(tmpdir(), "cargo-express-guide-"));
  workDirs.push(dir);
  const answers = path.join(dir, "answers.json");
  const { tableNames, region } = deployment.system.outputs;
  writeFileSync(answers, JSON.stringify({ outputs: { tableNames, region }, config }));
  writeFileSync(path.join(dir, "pulumi"), STUB(answers));
  chmodSync(path.join(dir, "pulumi"), 0o755);
  // The environment before and after the block, NUL-separated, one after the other: what the block exported.
  const script = `set -euo pipefail\nenv -0\nprintf '\\0---\\0'\n${environmentBlock()}\nenv -0`;
  const { stdout } = await promisify(execFile)("bash", ["-c", script], {
    cwd: REPOSITORY_ROOT,
    env: {
      PATH: [dir, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
      DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
    },
  });
  const parse = (text: string) =>
    new Map(
      text
        .split("\0")
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)] as const),
    );
  const [before, after] = stdout.split("\0---\0").map(parse) as [Map<string, string>, Map<string, string>];
  // `_` and SHLVL are bash's own bookkeeping, not something the block set.
  return {
    exported: Object.fromEntries(
      [...after].filter(([name, value]) => name !== "_" && name !== "SHLVL" && before.get(name) !== value),
    ),
    localEndpointLeft: after.has("DYNAMODB_ENDPOINT"),
  };
}

/**
 * The projector's environment at run time, minus what only the Lambda reads: its logger's service name, and the live
 * channel it publishes to after each commit (the operator commands publish nothing; a rebuild swaps generations, and
 * open pages see it at their next event or poll).
 */
function projectorSettings(deployment: MockedDeployment): Record<string, string> {
  const {
    POWERTOOLS_SERVICE_NAME: _serviceName,
    LIVE_EVENTS_URL: _liveUrl,
    LIVE_EVENTS_CHANNEL: _liveChannel,
    ...settings
  } = runtimeEnvironment(deployment, "streamProjector");
  return settings;
}

describe("the operator commands' environment (docs/deploy.md, run from the repository root)", () => {
  it("exports exactly the projector's settings of a stack with its own time zone and log level", async () => {
    const config = { stage: "qa", businessTimeZone: "America/Lima", logLevel: "WARN" };
    const deployment = await deployUnderMocks({ ...config, "aws:region": "us-east-1" });
    const { exported, localEndpointLeft } = await exportedBy(deployment, config);
    expect(exported).toEqual(projectorSettings(deployment));
    expect(localEndpointLeft).toBe(false);
    expect(readProjectorConfig(exported)).toMatchObject({
      tables: deployment.system.outputs.tableNames,
      timeZone: "America/Lima",
      logLevel: "WARN",
    });
  });

  it("falls back to the program's defaults for keys the stack never set", async () => {
    const deployment = await deployUnderMocks({});
    expect((await exportedBy(deployment, {})).exported).toEqual(projectorSettings(deployment));
  });

  it("needs the project directory: the stand-in `pulumi` finds no project from the repository root", async () => {
    expect(existsSync(path.join(REPOSITORY_ROOT, "Pulumi.yaml"))).toBe(false);
    const deployment = await deployUnderMocks({});
    const dir = mkdtempSync(path.join(tmpdir(), "cargo-express-guide-"));
    workDirs.push(dir);
    writeFileSync(
      path.join(dir, "answers.json"),
      JSON.stringify({ outputs: { region: deployment.config.region }, config: {} }),
    );
    writeFileSync(path.join(dir, "pulumi"), STUB(path.join(dir, "answers.json")));
    chmodSync(path.join(dir, "pulumi"), 0o755);
    const run = (args: string) =>
      promisify(execFile)(path.join(dir, "pulumi"), args.split(" "), { cwd: REPOSITORY_ROOT });
    await expect(run("stack output region")).rejects.toThrow(/no Pulumi.yaml/);
    expect((await run("stack output region --cwd infra-pulumi")).stdout.trim()).toBe(deployment.config.region);
  });
});
