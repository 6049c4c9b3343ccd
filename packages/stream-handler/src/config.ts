import { tableNamesFromEnv, type TableNames } from "@cargo-express/adapters-dynamodb";
import { businessTimeZoneSetting, logLevelSetting } from "@cargo-express/platform";
import * as z from "zod";
import type { LogLevelName } from "./logging/logger.js";

const EnvSchema = z.object({
  AWS_REGION: z.string({ error: "AWS_REGION is required" }).trim().min(1, { error: "AWS_REGION is required" }),
  BUSINESS_TIME_ZONE: businessTimeZoneSetting,
  LOG_LEVEL: logLevelSetting,
  DYNAMODB_ENDPOINT: z.url({ error: "DYNAMODB_ENDPOINT must be a URL such as http://127.0.0.1:8000" }).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
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
}

export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

/**
 * Reads and validates the environment; the error names every bad variable at once. With
 * DYNAMODB_ENDPOINT set (DynamoDB Local), AWS_REGION defaults to "local".
 */
export function readProjectorConfig(env: Readonly<Record<string, string | undefined>>): ProjectorConfig {
  // Empty strings count as unset so that defaults apply to `VAR=` as well.
  const present: Record<string, string> = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
  if (present.DYNAMODB_ENDPOINT !== undefined) present.AWS_REGION ??= "local";
  const problems: string[] = [];
  let tables: TableNames | undefined;
  try {
    tables = tableNamesFromEnv(present);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success)
    problems.push(
      ...parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`),
    );
  if (!parsed.success || tables === undefined)
    throw new ConfigurationError(`invalid projector configuration: ${problems.join("; ")}`);
  const e = parsed.data;
  return {
    region: e.AWS_REGION,
    tables,
    timeZone: e.BUSINESS_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    ...(e.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: e.DYNAMODB_ENDPOINT }),
    ...(e.AWS_LAMBDA_FUNCTION_NAME === undefined ? {} : { functionName: e.AWS_LAMBDA_FUNCTION_NAME }),
  };
}
