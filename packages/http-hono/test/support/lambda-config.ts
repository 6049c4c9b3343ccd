import { DynamoDbCatalogueStore, ensureCatalogTable, type TableNames } from "@cargo-express/adapters-dynamodb";
import { testClient } from "@cargo-express/adapters-dynamodb/testing";
import { readLambdaConfig, type LambdaConfig } from "../../src/lambda/config.js";

/** The Lambda configuration of tests that run the composition roots on DynamoDB Local tables. */
export function lambdaConfigOn(
  tables: TableNames,
  cognito: { readonly userPoolId: string; readonly clientId: string },
): LambdaConfig {
  return readLambdaConfig({
    AWS_REGION: "us-east-1",
    ORDERS_TABLE: tables.orders,
    DELIVERIES_TABLE: tables.deliveries,
    PROJECTOR_STATE_TABLE: tables.projectorState,
    // Beside the other tables of the same prefix (the catalogue table is created on its own, when a test reads it).
    CATALOG_TABLE: tables.orders.replace(/-orders$/, "-catalog"),
    // The orders function's exports (their AWS clients are built, never called, unless a test asks for an export).
    EXPORTS_TABLE: tables.orders.replace(/-orders$/, "-exports"),
    EXPORT_FUNCTION_NAME: "cargo-express-test-export",
    EXPORTS_BUCKET: "cargo-express-test-exports-123456789012",
    COGNITO_USER_POOL_ID: cognito.userPoolId,
    COGNITO_CLIENT_ID: cognito.clientId,
    LOG_LEVEL: "silent",
  });
}

/** The catalogue the configuration names, on DynamoDB Local (its table created if need be), as the functions read it. */
export async function dynamoDbCatalogueOf(config: LambdaConfig): Promise<DynamoDbCatalogueStore> {
  await ensureCatalogTable(testClient(), config.catalogTable);
  return new DynamoDbCatalogueStore({ client: testClient(), tableName: config.catalogTable });
}
