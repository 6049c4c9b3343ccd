import { defineConfig } from "tsup";
import { lambdaPackageBuild } from "../../tools/tsup-lambda.js";

export default defineConfig(lambdaPackageBuild({ export: "src/lambda/export.ts" }));
