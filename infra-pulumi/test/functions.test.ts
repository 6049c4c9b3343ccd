import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tableNamesFor } from "@cargo-express/adapters-dynamodb/tables";
import {
  archiveFiles,
  BUCKET_SUFFIX,
  deployUnderMocks,
  USER_POOL_ID,
  CLIENT_ID,
  LIVE_HTTP_HOST,
  STAFF_CLIENT_ID,
  STAFF_USER_POOL_ID,
  type MockedDeployment,
} from "./support/mocked-deployment.js";

const FUNCTION = "aws:lambda/function:Function";
// Independent of src/bundles.ts on purpose: these are the paths `npm run build` writes (what the functions deploy).
const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "..", "..");
const EXPECTED = {
  ordersApi: { name: "cargo-express-dev-orders-api", bundle: "packages/http-hono/dist/lambda/orders.mjs" },
  monitorApi: { name: "cargo-express-dev-monitor-api", bundle: "packages/http-hono/dist/lambda/monitor.mjs" },
  streamProjector: {
    name: "cargo-express-dev-stream-projector",
    bundle: "packages/stream-handler/dist/lambda/projector.mjs",
  },
  exportBuilder: {
    name: "cargo-express-dev-export-builder",
    bundle: "packages/ledger-exports/dist/lambda/export.mjs",
  },
} as const;
const KEYS = Object.keys(EXPECTED) as (keyof typeof EXPECTED)[];

const TABLE_VARIABLES = {
  ORDERS_TABLE: "cargo-express-dev-orders",
  DELIVERIES_TABLE: "cargo-express-dev-deliveries",
  PROJECTOR_STATE_TABLE: "cargo-express-dev-projector-state",
};

describe("Lambda functions", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    // Bundles need not exist: the program only records their paths, and Pulumi reads them at `pulumi up`.
    deployment = await deployUnderMocks({
      logLevel: "WARN",
      businessTimeZone: "America/Bogota",
      logRetentionDays: "14",
    });
  });

  it("the table variables match the adapters' naming", () => {
    const names = tableNamesFor("cargo-express-dev");
    expect(Object.values(TABLE_VARIABLES).sort()).toEqual(Object.values(names).sort());
  });

  it.each(KEYS)("%s runs its own built bundle, uploaded as index.mjs, through index.handler", async (key) => {
    const fn = deployment.named(FUNCTION, key);
    expect(fn.inputs.name).toBe(EXPECTED[key].name);
    expect(fn.inputs.handler).toBe("index.handler");
    const entry = path.join(REPOSITORY_ROOT, EXPECTED[key].bundle);
    const { "index.mjs": uploadedEntry, ...chunks } = await archiveFiles(fn.inputs.code);
    expect(uploadedEntry).toBe(entry);
    // Its chunks (when built), under the folder name the entry imports them from, and nothing else.
    const folder = entry.replace(/\.mjs$/, "");
    for (const [name, file] of Object.entries(chunks)) {
      expect(name).toMatch(new RegExp(`^${path.basename(folder)}/[^/]+\\.mjs$`));
      expect(file).toBe(path.join(folder, path.basename(name)));
    }
  });

  it("runs every function on Node 24, arm64, with memory and timeout set", () => {
    const settings = Object.fromEntries(
      KEYS.map((key) => {
        const { runtime, architectures, memorySize, timeout } = deployment.named(FUNCTION, key).inputs;
        return [key, { runtime, architectures, memorySize, timeout }];
      }),
    );
    expect(settings).toEqual({
      ordersApi: { runtime: "nodejs24.x", architectures: ["arm64"], memorySize: 512, timeout: 10 },
      monitorApi: { runtime: "nodejs24.x", architectures: ["arm64"], memorySize: 512, timeout: 10 },
      streamProjector: { runtime: "nodejs24.x", architectures: ["arm64"], memorySize: 512, timeout: 30 },
      exportBuilder: { runtime: "nodejs24.x", architectures: ["arm64"], memorySize: 1024, timeout: 900 },
    });
    // The export function writes its file to /tmp before the upload: room for a year at x12 as CSV.
    expect(deployment.named(FUNCTION, "exportBuilder").inputs.ephemeralStorage).toEqual({ size: 2048 });
    for (const key of ["ordersApi", "monitorApi", "streamProjector"] as const)
      expect(deployment.named(FUNCTION, key).inputs.ephemeralStorage, key).toBeUndefined();
  });

  it("reserves concurrency for each function, sized from the API's per-route limits (issue 11), leaving 100 of a 152 quota unreserved", () => {
    const reserved = Object.fromEntries(
      KEYS.map((key) => [key, deployment.named(FUNCTION, key).inputs.reservedConcurrentExecutions]),
    );
    expect(reserved).toEqual({ ordersApi: 20, monitorApi: 20, streamProjector: 10, exportBuilder: 2 });
    expect(Object.values(reserved).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(152 - 100);
  });

  it.each(["ordersApi", "monitorApi"] as const)(
    "%s gets the tables, both user pools, the group names, the zone and the log level (the orders function: the backdating bound and the exports')",
    (key) => {
      expect(deployment.named(FUNCTION, key).inputs.environment.variables).toEqual({
        ...(key === "ordersApi"
          ? {
              EXPORTS_TABLE: "cargo-express-dev-exports",
              EXPORTS_BUCKET: `cargo-express-dev-exports-${BUCKET_SUFFIX}`,
              EXPORT_FUNCTION_NAME: "cargo-express-dev-export-builder",
            }
          : {}),
        ...TABLE_VARIABLES,
        CATALOG_TABLE: "cargo-express-dev-catalog",
        COGNITO_USER_POOL_ID: USER_POOL_ID,
        COGNITO_CLIENT_ID: CLIENT_ID,
        STAFF_USER_POOL_ID,
        STAFF_CLIENT_ID,
        COURIERS_GROUP: "couriers",
        SUPERVISORS_GROUP: "supervisors",
        DISPATCHERS_GROUP: "dispatchers",
        BUSINESS_TIME_ZONE: "America/Bogota",
        LOG_LEVEL: "WARN",
        POWERTOOLS_SERVICE_NAME: key === "ordersApi" ? "cargo-express-orders-api" : "cargo-express-monitor-api",
        // Only the orders function takes orders, so only it reads how far back a courier may date one.
        ...(key === "ordersApi" ? { MAX_DELIVERY_AGE_DAYS: "7" } : {}),
      });
    },
  );

  it("gives the projector the tables, the zone, the log level and the live channel, and no sign-in settings", () => {
    expect(deployment.named(FUNCTION, "streamProjector").inputs.environment.variables).toEqual({
      ...TABLE_VARIABLES,
      BUSINESS_TIME_ZONE: "America/Bogota",
      LOG_LEVEL: "WARN",
      POWERTOOLS_SERVICE_NAME: "cargo-express-stream-projector",
      LIVE_EVENTS_URL: `https://${LIVE_HTTP_HOST}/event`,
      LIVE_EVENTS_CHANNEL: "/monitor/figures",
    });
  });

  it("gives the export function the Orders table, the exports' table and bucket, the zone and the log level only", () => {
    expect(deployment.named(FUNCTION, "exportBuilder").inputs.environment.variables).toEqual({
      ORDERS_TABLE: "cargo-express-dev-orders",
      EXPORTS_TABLE: "cargo-express-dev-exports",
      EXPORTS_BUCKET: `cargo-express-dev-exports-${BUCKET_SUFFIX}`,
      BUSINESS_TIME_ZONE: "America/Bogota",
      LOG_LEVEL: "WARN",
      POWERTOOLS_SERVICE_NAME: "cargo-express-export-builder",
    });
  });

  it("invokes the export function without Lambda's retries (its job records a failure) and drops events older than an hour", () => {
    expect(
      deployment.named("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "export-invoke-config").inputs,
    ).toEqual({
      functionName: "cargo-express-dev-export-builder",
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 3600,
    });
  });

  it.each(KEYS)("%s logs as JSON to its own log group, kept for the configured retention", (key) => {
    const fn = deployment.named(FUNCTION, key);
    const logGroup = deployment.named("aws:cloudwatch/logGroup:LogGroup", `${key}-logs`);
    expect(logGroup.inputs).toMatchObject({ name: `/aws/lambda/${EXPECTED[key].name}`, retentionInDays: 14 });
    expect(fn.inputs.loggingConfig).toEqual({ logFormat: "JSON", logGroup: `/aws/lambda/${EXPECTED[key].name}` });
  });
});

describe("a function's code archive", () => {
  it("holds the entry as index.mjs and its chunk folder's .mjs files under the folder's name, no source maps", async () => {
    const { bundleArchive } = await import("../src/bundles.js");
    const dir = mkdtempSync(path.join(tmpdir(), "bundle-archive-"));
    try {
      mkdirSync(path.join(dir, "orders"));
      for (const file of ["orders.mjs", "orders.mjs.map", "orders/compose-A1.mjs", "orders/compose-A1.mjs.map"])
        writeFileSync(path.join(dir, file), "export {};\n");
      expect(await archiveFiles(bundleArchive(path.join(dir, "orders.mjs")))).toEqual({
        "index.mjs": path.join(dir, "orders.mjs"),
        "orders/compose-A1.mjs": path.join(dir, "orders", "compose-A1.mjs"),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("bundle check at the entry point", () => {
  it("names every missing bundle and the command that builds it", async () => {
    const { assertBundlesBuilt, bundlePaths } = await import("../src/bundles.js");
    const paths = bundlePaths("/checkout");
    expect(() => assertBundlesBuilt(paths, (file) => file.endsWith("orders.mjs"))).toThrow(
      /orders\n[\s\S]*monitor\.mjs[\s\S]*projector\.mjs[\s\S]*npm run build/,
    );
    expect(() => assertBundlesBuilt(paths, (file) => !file.endsWith("/projector"))).toThrow(
      /^Lambda bundles not found:\n {2}- \/checkout\/packages\/stream-handler\/dist\/lambda\/projector\n/,
    );
    expect(() => assertBundlesBuilt(paths, () => true)).not.toThrow();
  });
});
