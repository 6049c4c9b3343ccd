/**
 * `npm run orders:backfill-ledger`: gives orders stored before the ledger's indexes existed the attributes those
 * indexes key on, so GET /orders lists them. Safe to stop and run again. Configuration from the environment as
 * for the projector (table names, AWS_REGION, DYNAMODB_ENDPOINT).
 */
import { backfillLedger } from "@cargo-express/adapters-dynamodb";
import { readProjectorConfig } from "@cargo-express/stream-handler";
import { operatorClient } from "./cli-support.js";

async function main(): Promise<void> {
  const config = readProjectorConfig(process.env);
  const client = operatorClient(config, process.env);
  const summary = await backfillLedger(client, config.tables.orders, {
    onProgress: (progress) => process.stderr.write(`${progress.updated} order(s) updated so far\n`),
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (summary.malformed > 0)
    process.stderr.write(`${summary.malformed} item(s) are not orders this code can read: left as they are\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`orders:backfill-ledger failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
