import { defineConfig } from "tsup";
import { lambdaPackageBuild } from "../../tools/tsup-lambda.js";

export default defineConfig(lambdaPackageBuild({ orders: "src/lambda/orders.ts", monitor: "src/lambda/monitor.ts" }));
