/**
 * Everything an operator may change, read once from Pulumi configuration, defaulted and validated here.
 * Nothing else in the program reads configuration. The names below are the names operators type after
 * `pulumi config set` (docs/deploy.md lists them; a test checks that the guide and this file agree).
 */
import * as pulumi from "@pulumi/pulumi";

/** Retention periods CloudWatch Logs accepts (anything else is rejected by the service at deploy time). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The largest batching window that still keeps an order's trip to the monitor well inside the brief's 10 s:
 * stream delivery (< 1 s) + window + projector run (< 1 s) + one retry must fit.
 */
export const MAX_BATCHING_WINDOW_SECONDS = 5;

export interface StackConfig {
  /** Short environment name; prefixes every physical name (`cargo-express-<stage>-...`). */
  readonly stage: string;
  /** AWS region of every resource (the provider is created explicitly with it). */
  readonly region: string;
  /** Where alarm notifications go; no subscription when absent (the SNS topic exists either way). */
  readonly alarmEmail: string | undefined;
  readonly logRetentionDays: number;
  /** DynamoDB tables and the Cognito user pool refuse deletion while this is on. */
  readonly deletionProtection: boolean;
  /** IANA zone in which naive courier timestamps and the hourly buckets are read. */
  readonly businessTimeZone: string;
  readonly logLevel: LogLevel;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly projector: { readonly batchSize: number; readonly batchingWindowSeconds: number };
  /** The supervisors' web app build (`npm run build`), as configured: absolute, or relative to infra-pulumi/. */
  readonly webDistDir: string;
}

/** Configuration keys in the project's namespace (`cargo-express:<key>`), as typed by operators. */
export const CONFIG_KEYS = [
  "stage",
  "alarmEmail",
  "logRetentionDays",
  "deletionProtection",
  "businessTimeZone",
  "logLevel",
  "apiThrottleRateLimit",
  "apiThrottleBurstLimit",
  "projectorBatchSize",
  "projectorBatchingWindowSeconds",
  "webDistDir",
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** The one key read from the AWS provider's namespace. */
export const REGION_KEY = "aws:region";

/** Raw values as Pulumi hands them over: strings, or undefined when not set. */
export type RawConfig = Partial<Record<ConfigKey | typeof REGION_KEY, string>>;

export const DEFAULTS = {
  stage: "dev",
  logRetentionDays: 30,
  businessTimeZone: "America/Bogota",
  logLevel: "INFO",
  // Today's peak is a handful of requests per second (10 couriers, a few supervisors polling every 10 s);
  // these leave 10x headroom for growth while capping what a leaked token or a runaway client can cost.
  apiThrottleRateLimit: 50,
  apiThrottleBurstLimit: 100,
  projectorBatchSize: 100,
  projectorBatchingWindowSeconds: 1,
  webDistDir: "../packages/monitor-web/dist",
} as const;

export type ConfigResult = { ok: true; config: StackConfig } | { ok: false; problems: string[] };

/**
 * Turns raw configuration into a validated StackConfig, collecting every problem at once so an operator
 * fixes them in one round instead of one `pulumi up` per mistake.
 */
export function parseStackConfig(raw: RawConfig): ConfigResult {
  const problems: string[] = [];

  const text = (key: ConfigKey): string | undefined => {
    const value = raw[key]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const integer = (key: ConfigKey, fallback: number, min: number, max: number): number => {
    const value = text(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      problems.push(`${key} must be an integer from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  };

  const stage = text("stage") ?? DEFAULTS.stage;
  // Used in table, function, queue and log group names; kept short so the longest name stays within
  // Lambda's and IAM's 64-character limits.
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage) || stage.endsWith("-")) {
    problems.push(`stage must be 1-20 lowercase letters, digits or hyphens, starting with a letter (got "${stage}")`);
  }

  const region = raw[REGION_KEY]?.trim() ?? "";
  if (region === "") {
    problems.push("aws:region is required: pulumi config set aws:region us-east-1");
  } else if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/.test(region)) {
    problems.push(`aws:region does not look like an AWS region (got "${region}")`);
  }

  const alarmEmail = text("alarmEmail");
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    problems.push(`alarmEmail must be an email address (got "${alarmEmail}")`);
  }

  const logRetentionDays = integer("logRetentionDays", DEFAULTS.logRetentionDays, 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    problems.push(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (got ${logRetentionDays})`);
  }

  let deletionProtection = stage === "prod";
  const deletionProtectionText = text("deletionProtection");
  if (deletionProtectionText !== undefined) {
    if (deletionProtectionText === "true" || deletionProtectionText === "false") {
      deletionProtection = deletionProtectionText === "true";
    } else {
      problems.push(`deletionProtection must be true or false (got "${deletionProtectionText}")`);
    }
  }

  const businessTimeZone = text("businessTimeZone") ?? DEFAULTS.businessTimeZone;
  if (!isTimeZone(businessTimeZone)) {
    problems.push(`businessTimeZone must be an IANA time zone such as America/Bogota (got "${businessTimeZone}")`);
  }

  const logLevelText = (text("logLevel") ?? DEFAULTS.logLevel).toUpperCase();
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelText) ? (logLevelText as LogLevel) : "INFO";
  if (logLevel !== logLevelText)
    problems.push(`logLevel must be one of ${LOG_LEVELS.join(", ")} (got "${logLevelText}")`);

  const rateLimit = integer("apiThrottleRateLimit", DEFAULTS.apiThrottleRateLimit, 1, 10_000);
  const burstLimit = integer("apiThrottleBurstLimit", DEFAULTS.apiThrottleBurstLimit, 1, 5_000);

  const batchSize = integer("projectorBatchSize", DEFAULTS.projectorBatchSize, 1, 10_000);
  const batchingWindowSeconds = integer(
    "projectorBatchingWindowSeconds",
    DEFAULTS.projectorBatchingWindowSeconds,
    0,
    MAX_BATCHING_WINDOW_SECONDS,
  );

  const webDistDir = text("webDistDir") ?? DEFAULTS.webDistDir;

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      stage,
      region,
      alarmEmail,
      logRetentionDays,
      deletionProtection,
      businessTimeZone,
      logLevel,
      apiThrottle: { rateLimit, burstLimit },
      projector: { batchSize, batchingWindowSeconds },
      webDistDir,
    },
  };
}

/** Reads the stack's configuration once; stops the deployment with every problem listed. */
export function readStackConfig(): StackConfig {
  const project = new pulumi.Config();
  const raw: RawConfig = { [REGION_KEY]: new pulumi.Config("aws").get("region") };
  for (const key of CONFIG_KEYS) raw[key] = project.get(key);
  const result = parseStackConfig(raw);
  if (!result.ok) {
    throw new pulumi.RunError(`Invalid stack configuration:\n  - ${result.problems.join("\n  - ")}`);
  }
  return result.config;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
