import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEMO_USAGE, DemoSettingsSchema, formatReport, parseDemoArgs, runDemo } from "./demo.js";
import { readEnvFile, repositoryRoot } from "./env-file.js";

/** `npm run demo [-- --count N] [--env FILE] [--lang en|es] [--help]`: sign in, post orders, print the monitor. */
const args = parseDemoArgs(process.argv.slice(2));
if (args.kind === "help") {
  console.log(DEMO_USAGE);
  process.exit(0);
}
if (args.kind === "invalid") {
  console.error(`${args.message}\n\n${DEMO_USAGE}`);
  process.exit(2);
}
const envPath = args.env ?? join(repositoryRoot(), ".env");
if (!existsSync(envPath)) {
  console.error(
    `${envPath} not found: is \`npm start\` running? It writes .env when it starts (run it in another terminal). ` +
      "For a deployed stack, write .env by hand (docs/deploy.md, section 9).",
  );
  process.exit(2);
}
const settings = DemoSettingsSchema.safeParse({ ...readEnvFile(envPath) });
if (!settings.success) {
  console.error(
    `${envPath} is incomplete: ${settings.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
  );
  process.exit(2);
}
try {
  const { report } = await runDemo(settings.data, {
    count: args.count,
    language: args.language,
    log: (line) => console.log(line),
  });
  console.log(`\n${formatReport(report, args.language)}`);
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
