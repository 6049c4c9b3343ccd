/**
 * Pulumi entry point (Pulumi.yaml `main`). Pulumi calls the default export and publishes what it returns as
 * the stack outputs: `pulumi stack output apiUrl`, `webUrl`, `userPoolId`, ... (docs/deploy.md).
 */
import { assertBundlesBuilt, bundlePaths } from "./bundles.js";
import { readStackConfig } from "./config.js";
import { deployCargoExpress, type CargoExpressOutputs } from "./program.js";
import { readWebBuild, resolveWebDistDir } from "./web-files.js";

export default function main(): CargoExpressOutputs {
  const config = readStackConfig();
  const bundles = bundlePaths();
  assertBundlesBuilt(bundles);
  const webBuild = readWebBuild(resolveWebDistDir(config.webDistDir));
  return deployCargoExpress(config, bundles, webBuild).outputs;
}
