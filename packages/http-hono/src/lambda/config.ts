import { businessTimeZoneSetting, logLevelSetting } from "@cargo-express/platform";
import * as z from "zod";
import type { LogLevelName } from "../logging/logger.js";

const required = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, { error: `${name} is required` });

/** DynamoDB's rule for table names. */
const tableName = (name: string) =>
  required(name).regex(/^[A-Za-z0-9_.-]{3,255}$/, {
    error: `${name} must be a DynamoDB table name (3-255 letters, digits, _ . -)`,
  });

const EnvSchema = z.object({
  AWS_REGION: required("AWS_REGION"),
  ORDERS_TABLE: tableName("ORDERS_TABLE"),
  DELIVERIES_TABLE: tableName("DELIVERIES_TABLE"),
  PROJECTOR_STATE_TABLE: tableName("PROJECTOR_STATE_TABLE"),
  COGNITO_USER_POOL_ID: required("COGNITO_USER_POOL_ID").regex(
    /^(?:eusc-[a-z]{2}|[a-z]{2})-(?:gov-)?[a-z]+-\d_[0-9A-Za-z]+$/,
    {
      error: "COGNITO_USER_POOL_ID must look like us-east-1_AbCdEfGhI",
    },
  ),
  COGNITO_CLIENT_ID: required("COGNITO_CLIENT_ID"),
  COURIERS_GROUP: z.string().trim().min(1).default("couriers"),
  SUPERVISORS_GROUP: z.string().trim().min(1).default("supervisors"),
  DISPATCHERS_GROUP: z.string().trim().min(1).default("dispatchers"),
  BUSINESS_TIME_ZONE: businessTimeZoneSetting,
  LOG_LEVEL: logLevelSetting,
});

/** Everything a Lambda entry point needs from its environment, validated once at start. */
export interface LambdaConfig {
  readonly region: string;
  readonly tables: {
    readonly orders: string;
    readonly deliveries: string;
    readonly projectorState: string;
  };
  readonly cognito: { readonly userPoolId: string; readonly clientId: string };
  readonly groups: { readonly couriers: string; readonly supervisors: string; readonly dispatchers: string };
  readonly timeZone: string;
  readonly logLevel: LogLevelName;
}

export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

/** Reads and validates the environment; the error names every bad variable. */
export function readLambdaConfig(env: Record<string, string | undefined>): LambdaConfig {
  // Empty strings count as unset so that defaults apply to `VAR=` as well.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`);
    throw new ConfigurationError(`invalid Lambda configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  return {
    region: e.AWS_REGION,
    tables: {
      orders: e.ORDERS_TABLE,
      deliveries: e.DELIVERIES_TABLE,
      projectorState: e.PROJECTOR_STATE_TABLE,
    },
    cognito: { userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID },
    groups: { couriers: e.COURIERS_GROUP, supervisors: e.SUPERVISORS_GROUP, dispatchers: e.DISPATCHERS_GROUP },
    timeZone: e.BUSINESS_TIME_ZONE,
    logLevel: e.LOG_LEVEL,
  };
}
