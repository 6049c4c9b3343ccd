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
  ...TABLE_NAME_SETTINGS,
  AWS_REGION: requiredSetting("AWS_REGION"),
  BUSINESS_TIME_ZONE: businessTimeZoneSetting,
  LOG_LEVEL: logLevelSetting,
  DYNAMODB_ENDPOINT: z.url({ error: "DYNAMODB_ENDPOINT must be a URL such as http://127.0.0.1:8000" }).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
  LIVE_EVENTS_URL: z
    .url({ protocol: /^https?$/, error: "LIVE_EVENTS_URL must be the Event API's https://.../event URL" })
    .optional(),
  LIVE_EVENTS_CHANNEL: z
    .string()
    .regex(/^(\/[A-Za-z0-9-]+){2,5}$/, { error: "LIVE_EVENTS_CHANNEL must be a channel path such as /monitor/figures" })
    .optional(),
});

/** What the projector (Lambda or CLI) needs from its environment, validated once at start. */
export interface ProjectorConfig {
  readonly region: string;
  readonly tables: TableNames;
  readonly timeZone: string;
  readonly logLevel: LogLevelName;
  /** Only outside Lambda (DynamoDB Local); the Lambda function never sets it. */
  readonly endpoint?: string;
  /** Set by Lambda itself (AWS_LAMBDA_FUNCTION_NAME): the dimension of the dead-letter metric its alarm watches. */
  readonly functionName?: string;
  /** Where "the figures changed" is published after each commit (AppSync Events); absent: not published. */
  readonly live?: { readonly url: string; readonly channel: string };
}

/**
 * Reads and validates the environment; the ConfigurationError names every bad variable at once. With
 * DYNAMODB_ENDPOINT set (DynamoDB Local), AWS_REGION defaults to "local".
 */
export function readProjectorConfig(env: Readonly<Record<string, string | undefined>>): ProjectorConfig {
  const local = env.DYNAMODB_ENDPOINT !== undefined && env.DYNAMODB_ENDPOINT !== "" && !env.AWS_REGION;
  const e = readSettings(EnvSchema, local ? { ...env, AWS_REGION: "local" } : env, "projector");
  return {
    region: e.AWS_REGION,
    tables: tableNamesOf(e),
    timeZone: e.BUSINESS_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    ...(e.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: e.DYNAMODB_ENDPOINT }),
    ...(e.AWS_LAMBDA_FUNCTION_NAME === undefined ? {} : { functionName: e.AWS_LAMBDA_FUNCTION_NAME }),
    ...(e.LIVE_EVENTS_URL === undefined || e.LIVE_EVENTS_CHANNEL === undefined
      ? {}
      : { live: { url: e.LIVE_EVENTS_URL, channel: e.LIVE_EVENTS_CHANNEL } }),
  };
}
