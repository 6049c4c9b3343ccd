import {
  CATALOG_TABLE_SETTING,
  EXPORTS_TABLE_SETTING,
  TABLE_NAME_SETTINGS,
  type TableNames,
  tableNamesOf,
} from "@cargo-express/adapters-dynamodb";
import {
  businessTimeZoneSetting,
  type LogLevelName,
  logLevelSetting,
  maxDeliveryAgeDaysSetting,
  readSettings,
  requiredSetting,
} from "@cargo-express/platform";
import * as z from "zod";

export { ConfigurationError } from "@cargo-express/platform";

const USER_POOL_ID = /^(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d_[0-9A-Za-z]+$/;

const EnvSchema = z
  .object({
    AWS_REGION: requiredSetting("AWS_REGION"),
    ...TABLE_NAME_SETTINGS,
    ...CATALOG_TABLE_SETTING,
    COGNITO_USER_POOL_ID: requiredSetting("COGNITO_USER_POOL_ID").regex(USER_POOL_ID, {
      error: "COGNITO_USER_POOL_ID must look like us-east-1_AbCdEfGhI",
    }),
    COGNITO_CLIENT_ID: requiredSetting("COGNITO_CLIENT_ID"),
    // The staff pool (supervisors, TOTP required) beside the couriers' pool above; set together or not at all.
    STAFF_USER_POOL_ID: z
      .string()
      .trim()
      .regex(USER_POOL_ID, { error: "STAFF_USER_POOL_ID must look like us-east-1_AbCdEfGhI" })
      .optional(),
    STAFF_CLIENT_ID: z.string().trim().min(1).optional(),
    COURIERS_GROUP: z.string().trim().min(1).default("couriers"),
    SUPERVISORS_GROUP: z.string().trim().min(1).default("supervisors"),
    DISPATCHERS_GROUP: z.string().trim().min(1).default("dispatchers"),
    // The ledger's exports (the orders function only): the jobs' table, the export function, the files' bucket.
    EXPORTS_TABLE: EXPORTS_TABLE_SETTING.EXPORTS_TABLE.optional(),
    EXPORT_FUNCTION_NAME: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_:.-]{1,170}$/, { error: "EXPORT_FUNCTION_NAME must be a Lambda function name or ARN" })
      .optional(),
    EXPORTS_BUCKET: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "EXPORTS_BUCKET must be an S3 bucket name" })
      .optional(),
    BUSINESS_TIME_ZONE: businessTimeZoneSetting,
    LOG_LEVEL: logLevelSetting,
    MAX_DELIVERY_AGE_DAYS: maxDeliveryAgeDaysSetting,
  })
  .refine((env) => (env.STAFF_USER_POOL_ID === undefined) === (env.STAFF_CLIENT_ID === undefined), {
    error: "STAFF_USER_POOL_ID and STAFF_CLIENT_ID are set together or not at all",
    path: ["STAFF_CLIENT_ID"],
  })
  .refine(
    (env) =>
      new Set([env.EXPORTS_TABLE, env.EXPORT_FUNCTION_NAME, env.EXPORTS_BUCKET].map((v) => v === undefined)).size === 1,
    {
      error: "EXPORTS_TABLE, EXPORT_FUNCTION_NAME and EXPORTS_BUCKET are set together or not at all",
      path: ["EXPORTS_TABLE"],
    },
  );

/** Everything a Lambda entry point needs from its environment, validated once at start. */
export interface LambdaConfig {
  readonly region: string;
  readonly tables: TableNames;
  /** The catalogue table's name (CATALOG_TABLE). */
  readonly catalogTable: string;
  readonly cognito: { readonly userPoolId: string; readonly clientId: string };
  /** The staff pool's, when the stack has one (the deployed stack always does). */
  readonly staff: { readonly userPoolId: string; readonly clientId: string } | undefined;
  readonly groups: { readonly couriers: string; readonly supervisors: string; readonly dispatchers: string };
  readonly timeZone: string;
  readonly logLevel: LogLevelName;
  /** How long before receipt a courier may date a delivery, ms (MAX_DELIVERY_AGE_DAYS, default 7 days). */
  readonly courierMaxDeliveryAgeMs: number;
  /** Where exports are kept, built and stored: the orders function has them, the monitor function does not. */
  readonly exports: { readonly table: string; readonly functionName: string; readonly bucket: string } | undefined;
}

/** Reads and validates the environment; the ConfigurationError names every bad variable. */
export function readLambdaConfig(env: Record<string, string | undefined>): LambdaConfig {
  const e = readSettings(EnvSchema, env, "Lambda");
  return {
    region: e.AWS_REGION,
    tables: tableNamesOf(e),
    catalogTable: e.CATALOG_TABLE,
    cognito: { userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID },
    staff:
      e.STAFF_USER_POOL_ID === undefined || e.STAFF_CLIENT_ID === undefined
        ? undefined
        : { userPoolId: e.STAFF_USER_POOL_ID, clientId: e.STAFF_CLIENT_ID },
    groups: { couriers: e.COURIERS_GROUP, supervisors: e.SUPERVISORS_GROUP, dispatchers: e.DISPATCHERS_GROUP },
    timeZone: e.BUSINESS_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    courierMaxDeliveryAgeMs: e.MAX_DELIVERY_AGE_DAYS,
    exports:
      e.EXPORTS_TABLE === undefined || e.EXPORT_FUNCTION_NAME === undefined || e.EXPORTS_BUCKET === undefined
        ? undefined
        : { table: e.EXPORTS_TABLE, functionName: e.EXPORT_FUNCTION_NAME, bucket: e.EXPORTS_BUCKET },
  };
}
