import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DemoSettingsSchema, formatReport, runDemo } from "./demo.js";
import { readEnvFile, repositoryRoot } from "./env-file.js";

/** `npm run demo [-- --count N] [--env FILE]`: sign in, post orders, print the monitor. */
const { values } = parseArgs({ options: { count: { type: "string", default: "3" }, env: { type: "string" } } });
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 1000) {
  console.error("--count must be a whole number from 1 to 1000");
  process.exit(2);
}
const envPath = values.env ?? join(repositoryRoot(), ".env");
if (!existsSync(envPath)) {
  console.error(`${envPath} not found: start the local stack with \`npm start\` (it writes .env), or write one for a deployed stack (docs/deploy.md).`);
  process.exit(2);
}
const settings = DemoSettingsSchema.safeParse({ ...readEnvFile(envPath) });
if (!settings.success) {
  console.error(`${envPath} is incomplete: ${settings.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(2);
}
try {
  const { report } = await runDemo(settings.data, { count, log: (line) => console.log(line) });
  console.log(`\n${formatReport(report)}`);
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
