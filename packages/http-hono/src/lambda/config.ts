import { TABLE_NAME_SETTINGS, type TableNames, tableNamesOf } from "@cargo-express/adapters-dynamodb";
import {
  businessTimeZoneSetting,
  type LogLevelName,
  logLevelSetting,
  readSettings,
  requiredSetting,
} from "@cargo-express/platform";
import * as z from "zod";

export { ConfigurationError } from "@cargo-express/platform";

const EnvSchema = z.object({
  AWS_REGION: requiredSetting("AWS_REGION"),
  ...TABLE_NAME_SETTINGS,
  COGNITO_USER_POOL_ID: requiredSetting("COGNITO_USER_POOL_ID").regex(
    /^(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d_[0-9A-Za-z]+$/,
    {
      error: "COGNITO_USER_POOL_ID must look like us-east-1_AbCdEfGhI",
    },
  ),
  COGNITO_CLIENT_ID: requiredSetting("COGNITO_CLIENT_ID"),
  COURIERS_GROUP: z.string().trim().min(1).default("couriers"),
  SUPERVISORS_GROUP: z.string().trim().min(1).default("supervisors"),
  DISPATCHERS_GROUP: z.string().trim().min(1).default("dispatchers"),
  BUSINESS_TIME_ZONE: businessTimeZoneSetting,
  LOG_LEVEL: logLevelSetting,
});

/** Everything a Lambda entry point needs from its environment, validated once at start. */
export interface LambdaConfig {
  readonly region: string;
  readonly tables: TableNames;
  readonly cognito: { readonly userPoolId: string; readonly clientId: string };
  readonly groups: { readonly couriers: string; readonly supervisors: string; readonly dispatchers: string };
  readonly timeZone: string;
  readonly logLevel: LogLevelName;
}

/** Reads and validates the environment; the ConfigurationError names every bad variable. */
export function readLambdaConfig(env: Record<string, string | undefined>): LambdaConfig {
  const e = readSettings(EnvSchema, env, "Lambda");
  return {
    region: e.AWS_REGION,
    tables: tableNamesOf(e),
    cognito: { userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID },
    groups: { couriers: e.COURIERS_GROUP, supervisors: e.SUPERVISORS_GROUP, dispatchers: e.DISPATCHERS_GROUP },
    timeZone: e.BUSINESS_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
  };
}
