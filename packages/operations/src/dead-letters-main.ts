/**
 * `npm run dead-letters [-- --limit N --partition P]`: lists the stream records the projector skipped
 * (an image that is not a readable order, or an order DynamoDB refuses for good, with its orderId),
 * oldest first per shard, one JSON object per line.
 * Configuration from the environment as for the projector (table names, AWS_REGION, DYNAMODB_ENDPOINT).
 */
import { parseArgs } from "node:util";
import { listDeadLetters } from "@cargo-express/adapters-dynamodb";
import { operatorClient } from "./cli-support.js";
import { readProjectorConfig } from "@cargo-express/stream-handler";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { limit: { type: "string" }, partition: { type: "string" } } });
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit > 0)) throw new Error(`--limit must be a positive number, got ${values.limit}`);
  const config = readProjectorConfig(process.env);
  const client = operatorClient(config, process.env);
  let printed = 0;
  let after: string | undefined;
  do {
    const page = await listDeadLetters(client, config.tables.projectorState, {
      limit: Math.min(100, limit - printed),
      ...(after === undefined ? {} : { after }),
      ...(values.partition === undefined ? {} : { partition: values.partition }),
    });
    for (const letter of page.items) process.stdout.write(`${JSON.stringify(letter)}\n`);
    printed += page.items.length;
    after = page.next;
  } while (after !== undefined && printed < limit);
  process.stderr.write(`${printed} dead letter(s)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`dead-letters failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
