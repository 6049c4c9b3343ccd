import { CATALOG_TABLE_SETTING, DynamoDbCatalogueStore, type DocumentClient } from "@cargo-express/adapters-dynamodb";
import {
  CARGO_EXPRESS_REFERENCE_DATA,
  type Clock,
  REFERENCE_DATA_AUTHOR,
  SeedCatalogue,
  type SeedSummary,
  systemClock,
} from "@cargo-express/domain";
import { readSettings, requiredSetting } from "@cargo-express/platform";
import * as z from "zod";

const EnvSchema = z.object({
  ...CATALOG_TABLE_SETTING,
  AWS_REGION: requiredSetting("AWS_REGION"),
  DYNAMODB_ENDPOINT: z.url({ error: "DYNAMODB_ENDPOINT must be a URL such as http://127.0.0.1:8000" }).optional(),
});

/** What `npm run catalog:seed` needs: the catalogue table, the region, and DynamoDB Local's address if any. */
export interface CatalogSeedConfig {
  readonly catalogTable: string;
  readonly region: string;
  readonly endpoint?: string;
}

/** Reads and validates the environment (AWS_REGION defaults to "local" beside DYNAMODB_ENDPOINT). */
export function readCatalogSeedConfig(env: Readonly<Record<string, string | undefined>>): CatalogSeedConfig {
  const local = env.DYNAMODB_ENDPOINT !== undefined && env.DYNAMODB_ENDPOINT !== "" && !env.AWS_REGION;
  const e = readSettings(EnvSchema, local ? { ...env, AWS_REGION: "local" } : env, "catalog:seed");
  return {
    catalogTable: e.CATALOG_TABLE,
    region: e.AWS_REGION,
    ...(e.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: e.DYNAMODB_ENDPOINT }),
  };
}

/**
 * Stores Cargo Express's ten products and ten couriers where the catalogue does not know their ids yet, each put
 * under a condition that the id is absent: an entry a supervisor edited is never overwritten, and running it again
 * changes nothing.
 */
export function seedCatalogue(
  client: DocumentClient,
  tableName: string,
  clock: Clock = systemClock,
): Promise<SeedSummary> {
  const catalogue = new DynamoDbCatalogueStore({ client, tableName });
  return new SeedCatalogue({ catalogue, clock }).execute(CARGO_EXPRESS_REFERENCE_DATA, REFERENCE_DATA_AUTHOR);
}
