import { describe, expect, it } from "vitest";
import { ConfigurationError, readLambdaConfig } from "../src/lambda/config.js";

const valid = {
  AWS_REGION: "us-east-1",
  ORDERS_TABLE: "cx-orders",
  DELIVERIES_TABLE: "cx-deliveries",
  PROJECTOR_STATE_TABLE: "cx-state",
  CATALOG_TABLE: "cx-catalog",
  COGNITO_USER_POOL_ID: "us-east-1_AbCdEfGhI",
  COGNITO_CLIENT_ID: "1example23456789",
};

describe("readLambdaConfig", () => {
  it("reads a valid environment and applies the defaults", () => {
    expect(readLambdaConfig(valid)).toEqual({
      region: "us-east-1",
      tables: { orders: "cx-orders", deliveries: "cx-deliveries", projectorState: "cx-state" },
      catalogTable: "cx-catalog",
      cognito: { userPoolId: "us-east-1_AbCdEfGhI", clientId: "1example23456789" },
      groups: { couriers: "couriers", supervisors: "supervisors", dispatchers: "dispatchers" },
      timeZone: "America/Bogota",
      logLevel: "INFO",
      courierMaxDeliveryAgeMs: 7 * 86_400_000,
    });
  });

  it("reads MAX_DELIVERY_AGE_DAYS as milliseconds, and refuses anything but whole days from 1 to 365", () => {
    expect(readLambdaConfig({ ...valid, MAX_DELIVERY_AGE_DAYS: "30" }).courierMaxDeliveryAgeMs).toBe(30 * 86_400_000);
    expect(readLambdaConfig({ ...valid, MAX_DELIVERY_AGE_DAYS: " 1 " }).courierMaxDeliveryAgeMs).toBe(86_400_000);
    for (const bad of ["0", "366", "7.5", "-1", "1e3", "seven"])
      expect(() => readLambdaConfig({ ...valid, MAX_DELIVERY_AGE_DAYS: bad })).toThrow(
        "MAX_DELIVERY_AGE_DAYS: MAX_DELIVERY_AGE_DAYS must be a whole number of days from 1 to 365, such as 7",
      );
  });

  it("reads the exports' table, function and bucket, which are set together or not at all", () => {
    const exports = {
      EXPORTS_TABLE: "cx-exports",
      EXPORT_FUNCTION_NAME: "cx-export",
      EXPORTS_BUCKET: "cx-exports-123456789012",
    };
    expect(readLambdaConfig({ ...valid, ...exports }).exports).toEqual({
      table: "cx-exports",
      functionName: "cx-export",
      bucket: "cx-exports-123456789012",
    });
    expect(readLambdaConfig(valid).exports).toBeUndefined();
    expect(() => readLambdaConfig({ ...valid, EXPORTS_TABLE: "cx-exports" })).toThrow(
      /EXPORTS_TABLE, EXPORT_FUNCTION_NAME and EXPORTS_BUCKET are set together or not at all/,
    );
    expect(() => readLambdaConfig({ ...valid, ...exports, EXPORTS_BUCKET: "Not_A_Bucket" })).toThrow(
      /EXPORTS_BUCKET must be an S3 bucket name/,
    );
  });

  it("takes configured group names, time zone and log level (any case)", () => {
    const config = readLambdaConfig({
      ...valid,
      COURIERS_GROUP: "riders",
      SUPERVISORS_GROUP: "ops",
      DISPATCHERS_GROUP: "back-office",
      BUSINESS_TIME_ZONE: "America/Lima",
      LOG_LEVEL: "debug",
    });
    expect(config.groups).toEqual({ couriers: "riders", supervisors: "ops", dispatchers: "back-office" });
    expect(config.timeZone).toBe("America/Lima");
    expect(config.logLevel).toBe("DEBUG");
  });

  it("treats empty variables as unset", () => {
    expect(readLambdaConfig({ ...valid, COURIERS_GROUP: "", LOG_LEVEL: "" })).toMatchObject({
      groups: { couriers: "couriers" },
      logLevel: "INFO",
    });
    expect(() => readLambdaConfig({ ...valid, ORDERS_TABLE: "" })).toThrow(/ORDERS_TABLE: ORDERS_TABLE is required/);
  });

  it.each([
    [{ COGNITO_USER_POOL_ID: "local_pool" }, /COGNITO_USER_POOL_ID must look like/],
    [{ BUSINESS_TIME_ZONE: "Mars/Olympus" }, /BUSINESS_TIME_ZONE must be an IANA time zone/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of/],
    [{ DELIVERIES_TABLE: "a b" }, /DELIVERIES_TABLE must be a DynamoDB table name/],
  ])("names the bad variable: %o", (change, message) => {
    expect(() => readLambdaConfig({ ...valid, ...change })).toThrow(message);
  });

  it("reports every missing variable at once, as a ConfigurationError", () => {
    let error: unknown;
    try {
      readLambdaConfig({});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    for (const name of Object.keys(valid)) expect((error as Error).message).toContain(name);
  });
});
