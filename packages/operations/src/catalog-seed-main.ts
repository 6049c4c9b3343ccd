/**
 * `npm run catalog:seed`: stores Cargo Express's catalogue and fleet (ten products, ten couriers) in a deployed
 * stack's catalogue table, put-if-absent: entries already there (edited by supervisors or seeded before) are left
 * as they are. Configuration from the environment: CATALOG_TABLE, AWS_REGION, and DYNAMODB_ENDPOINT for DynamoDB
 * Local (docs/deploy.md).
 */
import { createDocumentClient } from "@cargo-express/adapters-dynamodb";
import { readCatalogSeedConfig, seedCatalogue } from "./catalog-seed.js";

async function main(): Promise<void> {
  const config = readCatalogSeedConfig(process.env);
  const local = config.endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID;
  const client = createDocumentClient({
    region: config.region,
    maxAttempts: 5,
    requestTimeoutMs: 10_000,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
  const summary = await seedCatalogue(client, config.catalogTable);
  process.stderr.write(
    `catalog:seed: ${summary.stored} stored, ${summary.kept} already in ${config.catalogTable} (left as they are)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`catalog:seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
