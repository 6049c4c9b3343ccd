import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { LAMBDA_BUNDLES, REPOSITORY_ROOT } from "../../src/bundles.js";

/** Runs in a package directory: its own tsup.config.ts, only the outputs that go to dist/lambda. */
const BUILD_SCRIPT = `
const { build } = await import("tsup");
const configs = (await import("./tsup.config.ts")).default;
const lambda = [configs].flat().filter((options) => options.outDir === "dist/lambda");
if (lambda.length === 0) throw new Error("tsup.config.ts builds nothing into dist/lambda");
for (const options of lambda) await build({ ...options, silent: true });
process.exit(0);
`;

/**
 * Builds the Lambda bundles the program uploads (LAMBDA_BUNDLES), with the packages' own tsup configuration, as
 * `npm run build` does, leaving out the packages' library builds (type declarations), which the program never
 * uploads. CI runs `npm test` without a build step, so a test that needs the bundles builds them.
 */
export async function buildLambdaBundles(): Promise<void> {
  const packageDirs = [
    ...new Set(
      Object.values(LAMBDA_BUNDLES).map((bundle) => bundle.file.slice(0, bundle.file.indexOf("/dist/lambda/"))),
    ),
  ];
  await Promise.all(
    packageDirs.map((dir) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", BUILD_SCRIPT], {
        cwd: path.join(REPOSITORY_ROOT, dir),
        timeout: 120_000,
      }),
    ),
  );
}
