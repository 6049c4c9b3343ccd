/** `npm run generate:api-types -w @cargo-express/monitor-web`: rewrites src/api-types.ts from the API's document. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { API_TYPES_FILE, apiTypesSource } from "./api-types.js";

writeFileSync(API_TYPES_FILE, await apiTypesSource());
console.log(`wrote ${fileURLToPath(API_TYPES_FILE)}`);
