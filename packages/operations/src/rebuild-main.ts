/**
 * `npm run projections:rebuild [-- options]`: recomputes every projection from the Orders table into a
 * new generation and swaps it in (the domain's RebuildProjections, see ./rebuild.ts). Configuration from the
 * environment: ORDERS_TABLE, DELIVERIES_TABLE, PROJECTOR_STATE_TABLE,
 * AWS_REGION, BUSINESS_TIME_ZONE, LOG_LEVEL, and DYNAMODB_ENDPOINT for DynamoDB Local.
 */
import { parseArgs } from "node:util";
import {
  abandonBuild,
  deleteGeneration,
  GENERATION_CACHE_MS,
  readGenerationState,
} from "@cargo-express/adapters-dynamodb";
import { REBUILD_DEFAULTS } from "@cargo-express/domain";
import { createLogger } from "@cargo-express/platform";
import { readProjectorConfig } from "@cargo-express/stream-handler";
import { operatorClient } from "./cli-support.js";
import { minimumCutoffMarginMs, ProjectionsRebuild } from "./rebuild.js";

/**
 * How long after the swap the old generation may still be used: a projector's cache of the plan, plus a batch
 * running on it (30 s), plus a monitor's cache of the active generation (the same cache lifetime).
 */
const OLD_GENERATION_WAIT_MS = GENERATION_CACHE_MS + 30_000 + GENERATION_CACHE_MS;

const USAGE = `Usage: npm run projections:rebuild [-- options]

  --restart                 take over from a rebuild that was interrupted (its generation is abandoned)
  --abort                   only remove the BUILDING marker of an interrupted rebuild, then exit
  --delete-old              after the swap, wait until no projector or monitor can still use the old
                            generation (${OLD_GENERATION_WAIT_MS / 1000} s), then delete its items
  --segments <n>            parallel scan segments (default ${REBUILD_DEFAULTS.segments})
  --page-size <n>           orders per scan page (default ${REBUILD_DEFAULTS.pageSize})
  --cutoff-margin-ms <ms>   default ${REBUILD_DEFAULTS.cutoffMarginMs} (AWS) or ${minimumCutoffMarginMs()} (DYNAMODB_ENDPOINT set)
  --settle-ms <ms>          default ${REBUILD_DEFAULTS.settleMs} (AWS) or 2000 (DYNAMODB_ENDPOINT set)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      restart: { type: "boolean", default: false },
      abort: { type: "boolean", default: false },
      "delete-old": { type: "boolean", default: false },
      segments: { type: "string" },
      "page-size": { type: "string" },
      "cutoff-margin-ms": { type: "string" },
      "settle-ms": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const config = readProjectorConfig(process.env);
  const client = operatorClient(config, process.env);
  const logger = createLogger({ serviceName: "cargo-express-projections-rebuild", level: config.logLevel });
  const local = config.endpoint !== undefined;
  const number = (text: string | undefined, name: string, fallback: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${text}`);
    return value;
  };

  if (values.abort) {
    const state = await readGenerationState(client, config.tables.projectorState);
    if (!state.building) {
      process.stdout.write("no rebuild is in progress\n");
      return;
    }
    await abandonBuild(client, config.tables.projectorState, state.building.generation);
    process.stdout.write(
      `removed the BUILDING marker of generation ${state.building.generation}; its items are left in the tables\n`,
    );
    return;
  }

  const summary = await new ProjectionsRebuild({
    client,
    tables: config.tables,
    timeZone: config.timeZone,
    logger,
    restart: values.restart,
    segments: number(values.segments, "segments", REBUILD_DEFAULTS.segments) || 1,
    pageSize: number(values["page-size"], "page-size", REBUILD_DEFAULTS.pageSize) || 1,
    cutoffMarginMs: number(
      values["cutoff-margin-ms"],
      "cutoff-margin-ms",
      local ? minimumCutoffMarginMs() : REBUILD_DEFAULTS.cutoffMarginMs,
    ),
    settleMs: number(values["settle-ms"], "settle-ms", local ? 2_000 : REBUILD_DEFAULTS.settleMs),
    onProgress: (progress) => {
      if (progress.phase !== "page" && progress.phase !== "started")
        process.stderr.write(`${JSON.stringify(progress)}\n`);
    },
  }).run();
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);

  if (values["delete-old"]) {
    const old = [
      summary.previousGeneration,
      ...(summary.abandonedGeneration === undefined ? [] : [summary.abandonedGeneration]),
    ];
    const waitMs = OLD_GENERATION_WAIT_MS;
    process.stderr.write(`waiting ${waitMs / 1000} s before deleting generation(s) ${old.join(", ")}\n`);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    for (const generation of old) {
      const { deleted } = await deleteGeneration(client, config.tables, generation);
      process.stdout.write(`deleted ${deleted} items of generation ${generation}\n`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`projections:rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
