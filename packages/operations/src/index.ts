export { ProjectionsRebuild, minimumCutoffMarginMs, type ProjectionsRebuildOptions } from "./rebuild.js";
export { operatorClient } from "./cli-support.js";
