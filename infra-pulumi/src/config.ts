/**
 * Everything an operator may change, read once from Pulumi configuration, defaulted and validated here.
 * Nothing else in the program reads configuration. The names below are the names operators type after
 * `pulumi config set` (docs/deploy.md lists them; a test checks that the guide and this file agree).
 */
import { LOG_LEVELS } from "@cargo-express/platform/logger";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** Retention periods CloudWatch Logs accepts (anything else is rejected by the service at deploy time). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * The functions' log levels an operator may choose: the platform logger's levels (one list, in
 * packages/platform/src/logger.ts) that still write every error. CRITICAL and SILENT would hide the ERROR lines an
 * operator reads after an alarm, so a deployment refuses them (docs/deploy.md says so).
 */
const HIDES_ERRORS: readonly string[] = ["CRITICAL", "SILENT"];
const DEPLOYABLE_LOG_LEVELS = LOG_LEVELS.filter(
  (level): level is Exclude<(typeof LOG_LEVELS)[number], "CRITICAL" | "SILENT"> => !HIDES_ERRORS.includes(level),
);
type LogLevel = (typeof DEPLOYABLE_LOG_LEVELS)[number];

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
  /** How many days before its receipt a courier may date a delivery (the orders function's MAX_DELIVERY_AGE_DAYS). */
  readonly maxDeliveryAgeDays: number;
  readonly logLevel: LogLevel;
  readonly apiThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly projector: { readonly batchSize: number; readonly batchingWindowSeconds: number };
  /** The supervisors' web app build (`npm run build`), as configured: absolute, or relative to infra-pulumi/. */
  readonly webDistDir: string;
  /** The web app's company address and its ACM certificate in us-east-1; absent: `*.cloudfront.net`. */
  readonly webDomain: { readonly name: string; readonly certificateArn: string } | undefined;
  /** The API's company address (API Gateway custom domain) and its ACM certificate in the stack's region. */
  readonly apiDomain: { readonly name: string; readonly certificateArn: string } | undefined;
  /**
   * Whether the API still answers at its own `execute-api` address. Closed, it answers only through CloudFront (and
   * so only past the WAF limits); open keeps the phones working while they move (docs/deploy.md).
   */
  readonly executeApiEndpoint: "open" | "closed";
}

/** Configuration keys in the project's namespace (`cargo-express:<key>`), as typed by operators. */
export const CONFIG_KEYS = [
  "stage",
  "alarmEmail",
  "logRetentionDays",
  "deletionProtection",
  "businessTimeZone",
  "maxDeliveryAgeDays",
  "logLevel",
  "apiThrottleRateLimit",
  "apiThrottleBurstLimit",
  "projectorBatchSize",
  "projectorBatchingWindowSeconds",
  "webDistDir",
  "webDomain",
  "webCertificateArn",
  "apiDomain",
  "apiCertificateArn",
  "executeApiEndpoint",
] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

/** The one key read from the AWS provider's namespace. */
export const REGION_KEY = "aws:region";

/** Raw values as Pulumi hands them over: strings, or undefined when not set. */
export type RawConfig = Partial<Record<ConfigKey | typeof REGION_KEY, string>>;

export const DEFAULTS = {
  stage: "dev",
  logRetentionDays: 30,
  businessTimeZone: "America/Bogota",
  // Phones may be offline for days; dispatchers (the back office) may enter older deliveries.
  maxDeliveryAgeDays: 7,
  logLevel: "INFO",
  // Today's peak is a handful of requests per second (10 couriers, a few supervisors polling every 10 s);
  // these leave 10x headroom for growth while capping what a leaked token or a runaway client can cost.
  apiThrottleRateLimit: 50,
  apiThrottleBurstLimit: 100,
  projectorBatchSize: 100,
  // No batching window: Lambda invokes the projector as soon as a poll (4 a second) finds records, which keeps an
  // order's time on screen on AWS within 2 s (docs/growth.md). At today's and ×12's rates a 1 s window gathered
  // about one order per batch anyway; the bill prices one projector call per order either way.
  projectorBatchingWindowSeconds: 0,
  webDistDir: "../packages/monitor-web/dist",
} as const;

export type ConfigResult = { ok: true; config: StackConfig } | { ok: false; problems: string[] };

/** A raw value trimmed; an empty one reads as unset. */
const text = z
  .string()
  .optional()
  .transform((value) => {
    const trimmed = value?.trim();
    return trimmed === "" ? undefined : trimmed;
  });

/** Text with a default when unset, then checked by `schema`. */
const textOr = <T extends z.ZodType<unknown, string>>(fallback: string, schema: T) =>
  text.transform((value) => value ?? fallback).pipe(schema);

const integer = (key: ConfigKey, fallback: number, min: number, max: number) => {
  const error = (issue: { input?: unknown }) =>
    `${key} must be an integer from ${min} to ${max} (got "${String(issue.input)}")`;
  return textOr(
    String(fallback),
    z
      .string()
      .regex(/^-?\d+$/, { error })
      .transform(Number)
      .pipe(z.number().min(min, { error }).max(max, { error })),
  );
};

const optionalDomain = (key: ConfigKey) =>
  text.pipe(
    z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
        error: (issue) =>
          `${key} must be a lower-case domain name such as monitor.example.com (got "${String(issue.input)}")`,
      })
      .optional(),
  );

const optionalCertificate = (key: ConfigKey) =>
  text.pipe(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, {
        error: (issue) => `${key} must be an ACM certificate ARN (got "${String(issue.input)}")`,
      })
      .optional(),
  );

const STACK_CONFIG = z
  .object({
    // Used in table, function, queue and log group names; kept short so the longest name stays within
    // Lambda's and IAM's 64-character limits.
    stage: textOr(
      DEFAULTS.stage,
      z.string().refine((stage) => /^[a-z][a-z0-9-]{0,19}$/.test(stage) && !stage.endsWith("-"), {
        error: (issue) =>
          `stage must be 1-20 lowercase letters, digits or hyphens, starting with a letter (got "${String(issue.input)}")`,
      }),
    ),
    [REGION_KEY]: text.pipe(
      z
        .string({ error: `${REGION_KEY} is required: pulumi config set ${REGION_KEY} us-east-1` })
        .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/, {
          error: (issue) => `${REGION_KEY} does not look like an AWS region (got "${String(issue.input)}")`,
        }),
    ),
    alarmEmail: text.pipe(
      z
        .string()
        .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, {
          error: (issue) => `alarmEmail must be an email address (got "${String(issue.input)}")`,
        })
        .optional(),
    ),
    logRetentionDays: integer("logRetentionDays", DEFAULTS.logRetentionDays, 1, 3653).refine(
      (days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days),
      {
        error: (issue) =>
          `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (got ${String(issue.input)})`,
      },
    ),
    // Unset: on for the prod stage only (decided below, once the stage is known).
    deletionProtection: text.pipe(
      z
        .enum(["true", "false"], {
          error: (issue) => `deletionProtection must be true or false (got "${String(issue.input)}")`,
        })
        .optional(),
    ),
    businessTimeZone: textOr(
      DEFAULTS.businessTimeZone,
      z.string().refine(isTimeZone, {
        error: (issue) =>
          `businessTimeZone must be an IANA time zone such as America/Bogota (got "${String(issue.input)}")`,
      }),
    ),
    maxDeliveryAgeDays: integer("maxDeliveryAgeDays", DEFAULTS.maxDeliveryAgeDays, 1, 365),
    logLevel: textOr(
      DEFAULTS.logLevel,
      z
        .string()
        .transform((level) => level.toUpperCase())
        .pipe(
          z.enum(DEPLOYABLE_LOG_LEVELS, {
            error: (issue) =>
              `logLevel must be one of ${DEPLOYABLE_LOG_LEVELS.join(", ")} (got "${String(issue.input)}"` +
              (HIDES_ERRORS.includes(String(issue.input)) ? ": it would hide the functions' errors)" : ")"),
          }),
        ),
    ),
    apiThrottleRateLimit: integer("apiThrottleRateLimit", DEFAULTS.apiThrottleRateLimit, 1, 10_000),
    apiThrottleBurstLimit: integer("apiThrottleBurstLimit", DEFAULTS.apiThrottleBurstLimit, 1, 5_000),
    projectorBatchSize: integer("projectorBatchSize", DEFAULTS.projectorBatchSize, 1, 10_000),
    projectorBatchingWindowSeconds: integer(
      "projectorBatchingWindowSeconds",
      DEFAULTS.projectorBatchingWindowSeconds,
      0,
      MAX_BATCHING_WINDOW_SECONDS,
    ),
    webDistDir: textOr(DEFAULTS.webDistDir, z.string()),
    webDomain: optionalDomain("webDomain"),
    webCertificateArn: optionalCertificate("webCertificateArn"),
    apiDomain: optionalDomain("apiDomain"),
    apiCertificateArn: optionalCertificate("apiCertificateArn"),
    executeApiEndpoint: text.pipe(
      z
        .enum(["open", "closed"], {
          error: (issue) => `executeApiEndpoint must be open or closed (got "${String(issue.input)}")`,
        })
        .optional(),
    ),
  })
  .superRefine((raw, context) => {
    const pair = (domain: "webDomain" | "apiDomain", certificate: "webCertificateArn" | "apiCertificateArn") => {
      if ((raw[domain] === undefined) !== (raw[certificate] === undefined))
        context.addIssue({
          code: "custom",
          path: [raw[domain] === undefined ? domain : certificate],
          message: `${domain} and ${certificate} are set together or not at all`,
        });
    };
    pair("webDomain", "webCertificateArn");
    pair("apiDomain", "apiCertificateArn");
    if (raw.webCertificateArn !== undefined && !raw.webCertificateArn.includes(":us-east-1:"))
      context.addIssue({
        code: "custom",
        path: ["webCertificateArn"],
        message: `webCertificateArn must be a certificate in us-east-1, where CloudFront reads certificates (got "${raw.webCertificateArn}")`,
      });
    if (raw.executeApiEndpoint === "closed" && raw.apiDomain === undefined)
      context.addIssue({
        code: "custom",
        path: ["executeApiEndpoint"],
        message:
          "executeApiEndpoint closed needs apiDomain: with the execute-api address closed, CloudFront reaches the API through its custom domain",
      });
  })
  .transform(
    (raw): StackConfig => ({
      stage: raw.stage,
      region: raw[REGION_KEY],
      alarmEmail: raw.alarmEmail,
      logRetentionDays: raw.logRetentionDays,
      deletionProtection:
        raw.deletionProtection === undefined ? raw.stage === "prod" : raw.deletionProtection === "true",
      businessTimeZone: raw.businessTimeZone,
      maxDeliveryAgeDays: raw.maxDeliveryAgeDays,
      logLevel: raw.logLevel,
      apiThrottle: { rateLimit: raw.apiThrottleRateLimit, burstLimit: raw.apiThrottleBurstLimit },
      projector: { batchSize: raw.projectorBatchSize, batchingWindowSeconds: raw.projectorBatchingWindowSeconds },
      webDistDir: raw.webDistDir,
      webDomain: domainOf(raw.webDomain, raw.webCertificateArn),
      apiDomain: domainOf(raw.apiDomain, raw.apiCertificateArn),
      // Unset: closed when the API has a custom domain for CloudFront to reach it by, open otherwise.
      executeApiEndpoint: raw.executeApiEndpoint ?? (raw.apiDomain === undefined ? "open" : "closed"),
    }),
  );

function domainOf(name: string | undefined, certificateArn: string | undefined) {
  return name === undefined || certificateArn === undefined ? undefined : { name, certificateArn };
}

/**
 * Turns raw configuration into a validated StackConfig, collecting every problem at once (one per key, in the
 * order above) so an operator fixes them in one round instead of one `pulumi up` per mistake. Every message
 * starts with the key it is about.
 */
export function parseStackConfig(raw: RawConfig): ConfigResult {
  const result = STACK_CONFIG.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "configuration");
      return issue.message.startsWith(key) ? issue.message : `${key}: ${issue.message}`;
    }),
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
