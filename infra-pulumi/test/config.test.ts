import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, DEFAULTS, MAX_BATCHING_WINDOW_SECONDS, parseStackConfig, type RawConfig } from "../src/config.js";

function parse(raw: RawConfig) {
  return parseStackConfig({ "aws:region": "us-east-1", ...raw });
}

function accepted(raw: RawConfig) {
  const result = parse(raw);
  if (!result.ok) throw new Error(`rejected: ${result.problems.join("; ")}`);
  return result.config;
}

function problemsOf(raw: RawConfig): string[] {
  const result = parse(raw);
  return result.ok ? [] : result.problems;
}

describe("stack configuration", () => {
  it("defaults every optional key, so a new stack needs only aws:region", () => {
    expect(accepted({})).toEqual({
      stage: "dev",
      region: "us-east-1",
      alarmEmail: undefined,
      logRetentionDays: 30,
      deletionProtection: false,
      businessTimeZone: "America/Bogota",
      maxDeliveryAgeDays: 7,
      logLevel: "INFO",
      apiThrottle: { rateLimit: DEFAULTS.apiThrottleRateLimit, burstLimit: DEFAULTS.apiThrottleBurstLimit },
      projector: { batchSize: 100, batchingWindowSeconds: 0 },
      webDistDir: "../packages/monitor-web/dist",
      webDomain: undefined,
      apiDomain: undefined,
      executeApiEndpoint: "open",
    });
  });

  it("turns deletion protection on by default for the prod stage only", () => {
    expect(accepted({ stage: "prod" }).deletionProtection).toBe(true);
    expect(accepted({ stage: "staging" }).deletionProtection).toBe(false);
  });

  it("lets the operator override deletion protection either way", () => {
    expect(accepted({ stage: "prod", deletionProtection: "false" }).deletionProtection).toBe(false);
    expect(accepted({ stage: "dev", deletionProtection: "true" }).deletionProtection).toBe(true);
  });

  it("reads every documented key", () => {
    const config = accepted({
      stage: "qa-2",
      alarmEmail: "ops@cargo-express.co",
      logRetentionDays: "90",
      businessTimeZone: "America/Lima",
      maxDeliveryAgeDays: "14",
      logLevel: "debug",
      apiThrottleRateLimit: "20",
      apiThrottleBurstLimit: "40",
      projectorBatchSize: "500",
      projectorBatchingWindowSeconds: "2",
      webDistDir: "/srv/cargo-express/monitor-web/dist",
      webDomain: "monitor.cargo-express.co",
      webCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
      apiDomain: "api.cargo-express.co",
      apiCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000",
      executeApiEndpoint: "open",
    });
    expect(config).toMatchObject({
      stage: "qa-2",
      alarmEmail: "ops@cargo-express.co",
      logRetentionDays: 90,
      businessTimeZone: "America/Lima",
      maxDeliveryAgeDays: 14,
      logLevel: "DEBUG",
      apiThrottle: { rateLimit: 20, burstLimit: 40 },
      projector: { batchSize: 500, batchingWindowSeconds: 2 },
      webDistDir: "/srv/cargo-express/monitor-web/dist",
      webDomain: {
        name: "monitor.cargo-express.co",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
      },
      apiDomain: {
        name: "api.cargo-express.co",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000",
      },
      executeApiEndpoint: "open",
    });
    // Every key in CONFIG_KEYS was exercised above: a new key must be added to this test and to the guide.
    expect(CONFIG_KEYS).toHaveLength(17);
  });

  it("requires aws:region", () => {
    expect(parseStackConfig({})).toEqual({ ok: false, problems: [expect.stringContaining("aws:region is required")] });
  });

  it("reports every invalid value at once", () => {
    const problems = problemsOf({
      stage: "Prod_1",
      alarmEmail: "not-an-email",
      logRetentionDays: "31",
      deletionProtection: "yes",
      businessTimeZone: "Mars/Olympus",
      maxDeliveryAgeDays: "0",
      logLevel: "verbose",
      apiThrottleRateLimit: "0",
      apiThrottleBurstLimit: "1.5",
      projectorBatchSize: "20000",
      projectorBatchingWindowSeconds: "30",
    });
    const keys = problems.map((problem) => problem.split(" ")[0]);
    expect(keys).toEqual([
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
    ]);
  });

  it("refuses a batching window that would endanger the 10-second freshness promise", () => {
    expect(
      accepted({ projectorBatchingWindowSeconds: String(MAX_BATCHING_WINDOW_SECONDS) }).projector.batchingWindowSeconds,
    ).toBe(5);
    expect(problemsOf({ projectorBatchingWindowSeconds: "6" })).toEqual([expect.stringContaining("from 0 to 5")]);
  });

  it("accepts the platform logger's levels that still write errors, in any case, and refuses CRITICAL and SILENT", () => {
    for (const level of ["trace", "DEBUG", "Info", "warn", "ERROR"]) {
      expect(accepted({ logLevel: level }).logLevel).toBe(level.toUpperCase());
    }
    expect(problemsOf({ logLevel: "silent" })).toEqual([
      `logLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR (got "SILENT": it would hide the functions' errors)`,
    ]);
    expect(problemsOf({ logLevel: "CRITICAL" })).toEqual([expect.stringContaining("would hide the functions' errors")]);
  });

  it("names the key and the value found in every message", () => {
    expect(
      problemsOf({ stage: "a-", logRetentionDays: "abc", apiThrottleBurstLimit: "1.5", deletionProtection: "yes" }),
    ).toEqual([
      'stage must be 1-20 lowercase letters, digits or hyphens, starting with a letter (got "a-")',
      'logRetentionDays must be an integer from 1 to 3653 (got "abc")',
      'deletionProtection must be true or false (got "yes")',
      'apiThrottleBurstLimit must be an integer from 1 to 5000 (got "1.5")',
    ]);
    expect(problemsOf({ logRetentionDays: "31" })).toEqual([
      expect.stringMatching(/^logRetentionDays must be one of 1, 3, .* \(got 31\)$/),
    ]);
    expect(parseStackConfig({ "aws:region": "mars" })).toEqual({
      ok: false,
      problems: ['aws:region does not look like an AWS region (got "mars")'],
    });
  });

  it("treats an empty value as unset", () => {
    expect(accepted({ alarmEmail: "", stage: " " })).toMatchObject({ alarmEmail: undefined, stage: "dev" });
  });
});
