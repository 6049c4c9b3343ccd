import { randomBytes } from "node:crypto";
import {
  businessTimeZoneSetting,
  ConfigurationError,
  logLevelSetting,
  maxDeliveryAgeDaysSetting,
} from "@cargo-express/platform";
import * as z from "zod";
import { isTotpSecret, newTotpSecret } from "./local-cognito/totp.js";

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** The local stack's settings, read once from the environment and validated. */
const LocalStackConfigSchema = z.object({
  PORT: port(3000).describe("API port"),
  COGNITO_PORT: port(3001).describe("local sign-in endpoint port"),
  // 0: a free port; the web app learns it from /config.json, so no fixed port is needed.
  LIVE_PORT: port(0).describe("port of the local stand-in for AppSync Events (the web app's live channel)"),
  HOST: z.string().default("127.0.0.1"),
  AWS_REGION: z.string().min(1).default("us-east-1"),
  BUSINESS_TIME_ZONE: businessTimeZoneSetting,
  /** Days before receipt a courier may date a delivery (dispatchers are not bound); read as milliseconds. */
  MAX_DELIVERY_AGE_DAYS: maxDeliveryAgeDaysSetting,
  LOCAL_USERNAME: z.string().min(1).default("demo"),
  /** Generated per run unless given; never stored in the repository. */
  LOCAL_PASSWORD: z.string().min(8).optional(),
  /** A user in `supervisors` only: the one to sign in to the web app with. */
  LOCAL_SUPERVISOR_USERNAME: z.string().min(1).default("supervisor"),
  LOCAL_SUPERVISOR_PASSWORD: z.string().min(8).optional(),
  /**
   * The supervisor's enrolled authenticator secret (base32), so people and tests can produce its codes
   * (`npm run totp`). Generated per run unless given; written to .env as SUPERVISOR_TOTP_SECRET.
   */
  LOCAL_SUPERVISOR_TOTP_SECRET: z
    .string()
    .refine(isTotpSecret, { error: "LOCAL_SUPERVISOR_TOTP_SECRET must be a base32 secret of at least 16 bytes" })
    .optional(),
  /** A user in `couriers` only, bound to courier `LOCAL_COURIER_ID`: posts that courier's orders, is refused by the monitor. */
  LOCAL_COURIER_USERNAME: z.string().min(1).default("repartidor"),
  LOCAL_COURIER_PASSWORD: z.string().min(8).optional(),
  /** The fleet courier the courier-only user is (its `custom:courier_id`); default 106, the brief's sample order's courier. */
  LOCAL_COURIER_ID: z
    .string()
    .regex(/^\d{1,15}$/, { error: "LOCAL_COURIER_ID must be a courier id (digits)" })
    .default("106"),
  /** A user in `dispatchers` only: posts orders for any courier, is refused by the monitor. */
  LOCAL_DISPATCHER_USERNAME: z.string().min(1).default("dispatcher"),
  LOCAL_DISPATCHER_PASSWORD: z.string().min(8).optional(),
  /**
   * A second supervisor in the staff pool with no authenticator enrolled yet: its first sign-in enrols one
   * (MFA_SETUP), to show and try enrolment.
   */
  LOCAL_NEW_SUPERVISOR_USERNAME: z.string().min(1).default("supervisor-nuevo"),
  LOCAL_NEW_SUPERVISOR_PASSWORD: z.string().min(8).optional(),
  /**
   * LOCAL ONLY, for tests: lifetime of the local sign-in's access tokens and refresh tokens, seconds
   * (defaults: Cognito's 1 hour and 30 days). Deployed stacks take token lifetimes from their user pool.
   */
  LOCAL_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(1).default(3600),
  LOCAL_REFRESH_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30 * 24 * 3600),
  /** LOCAL ONLY, for tests: the staff pool's token lifetimes (defaults: the deployed pool's 15 minutes and 1 day). */
  LOCAL_STAFF_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  LOCAL_STAFF_REFRESH_TOKEN_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
  /** The built web app to serve at the API's origin. Default <repository>/packages/monitor-web/dist, built at start when stale. */
  WEB_DIR: z.string().optional(),
  /** "auto": DynamoDB Local when Java is available, else in memory (said in one line at start). */
  STORAGE: z.enum(["auto", "dynamodb", "memory"]).default("auto"),
  DYNAMODB_PORT: port(8000).describe("DynamoDB Local port"),
  /** Where DynamoDB Local keeps its data between runs (git-ignored). Default <repository>/.local-data. */
  DATA_DIR: z.string().optional(),
  LOG_LEVEL: logLevelSetting,
});

export type LocalStackConfig = z.infer<typeof LocalStackConfigSchema> & {
  LOCAL_PASSWORD: string;
  LOCAL_SUPERVISOR_PASSWORD: string;
  LOCAL_COURIER_PASSWORD: string;
  LOCAL_DISPATCHER_PASSWORD: string;
  LOCAL_NEW_SUPERVISOR_PASSWORD: string;
  LOCAL_SUPERVISOR_TOTP_SECRET: string;
};

/** A password generated for one run (each fleet courier gets its own), never stored in the repository. */
export const generatedPassword = (prefix: string): string => `${prefix}-${randomBytes(12).toString("base64url")}-1`;

export function loadLocalStackConfig(env: Record<string, string | undefined>): LocalStackConfig {
  const parsed = LocalStackConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ConfigurationError(`invalid local stack configuration: ${problems}`);
  }
  const generated = generatedPassword;
  return {
    ...parsed.data,
    LOCAL_PASSWORD: parsed.data.LOCAL_PASSWORD ?? generated("Demo"),
    LOCAL_SUPERVISOR_PASSWORD: parsed.data.LOCAL_SUPERVISOR_PASSWORD ?? generated("Super"),
    LOCAL_COURIER_PASSWORD: parsed.data.LOCAL_COURIER_PASSWORD ?? generated("Courier"),
    LOCAL_DISPATCHER_PASSWORD: parsed.data.LOCAL_DISPATCHER_PASSWORD ?? generated("Dispatch"),
    LOCAL_NEW_SUPERVISOR_PASSWORD: parsed.data.LOCAL_NEW_SUPERVISOR_PASSWORD ?? generated("Nuevo"),
    LOCAL_SUPERVISOR_TOTP_SECRET: parsed.data.LOCAL_SUPERVISOR_TOTP_SECRET ?? newTotpSecret(),
  };
}
