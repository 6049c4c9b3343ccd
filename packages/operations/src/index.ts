export { ProjectionsRebuild } from "./rebuild.js";
export { seedCatalogue } from "./catalog-seed.js";
