import { EXPORTS_TABLE_SETTING, TABLE_NAME_SETTINGS } from "@cargo-express/adapters-dynamodb";
import {
  businessTimeZoneSetting,
  type LogLevelName,
  logLevelSetting,
  readSettings,
  requiredSetting,
} from "@cargo-express/platform";
import * as z from "zod";

const EnvSchema = z.object({
  AWS_REGION: requiredSetting("AWS_REGION"),
  ORDERS_TABLE: TABLE_NAME_SETTINGS.ORDERS_TABLE,
  ...EXPORTS_TABLE_SETTING,
  EXPORTS_BUCKET: requiredSetting("EXPORTS_BUCKET").regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    error: "EXPORTS_BUCKET must be an S3 bucket name",
  }),
  BUSINESS_TIME_ZONE: businessTimeZoneSetting,
  LOG_LEVEL: logLevelSetting,
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

/** What the export function needs from its environment, validated once at start. */
export interface ExportFunctionConfig {
  readonly region: string;
  readonly ordersTable: string;
  readonly exportsTable: string;
  readonly bucket: string;
  readonly timeZone: string;
  readonly logLevel: LogLevelName;
  /** Set by Lambda itself: the dimension of the failed-export metric. */
  readonly functionName?: string;
}

/** Reads and validates the environment; the ConfigurationError names every bad variable at once. */
export function readExportFunctionConfig(env: Readonly<Record<string, string | undefined>>): ExportFunctionConfig {
  const e = readSettings(EnvSchema, env, "export function");
  return {
    region: e.AWS_REGION,
    ordersTable: e.ORDERS_TABLE,
    exportsTable: e.EXPORTS_TABLE,
    bucket: e.EXPORTS_BUCKET,
    timeZone: e.BUSINESS_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    ...(e.AWS_LAMBDA_FUNCTION_NAME === undefined ? {} : { functionName: e.AWS_LAMBDA_FUNCTION_NAME }),
  };
}
