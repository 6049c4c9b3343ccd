import type { TableNames } from "@cargo-express/adapters-dynamodb";
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
    COGNITO_USER_POOL_ID: cognito.userPoolId,
    COGNITO_CLIENT_ID: cognito.clientId,
    LOG_LEVEL: "silent",
  });
}
