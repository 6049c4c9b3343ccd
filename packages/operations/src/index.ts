export { ProjectionsRebuild } from "./rebuild.js";
