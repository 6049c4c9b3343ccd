import { describe, expect, it } from "vitest";
import { readLambdaConfig } from "../src/lambda/config.js";

const couriersPoolOnly = {
  AWS_REGION: "us-east-1",
  ORDERS_TABLE: "cx-orders",
  DELIVERIES_TABLE: "cx-deliveries",
  PROJECTOR_STATE_TABLE: "cx-state",
  CATALOG_TABLE: "cx-catalog",
  COGNITO_USER_POOL_ID: "us-east-1_AbCdEfGhI",
  COGNITO_CLIENT_ID: "1example23456789",
};

describe("readLambdaConfig: the staff pool beside the couriers' pool", () => {
  it("reads STAFF_USER_POOL_ID and STAFF_CLIENT_ID, as the deployed stack sets them", () => {
    const config = readLambdaConfig({
      ...couriersPoolOnly,
      STAFF_USER_POOL_ID: "us-east-1_StAfF1234",
      STAFF_CLIENT_ID: "2staffclient345678",
    });
    expect(config.staff).toEqual({ userPoolId: "us-east-1_StAfF1234", clientId: "2staffclient345678" });
    expect(config.cognito).toEqual({ userPoolId: "us-east-1_AbCdEfGhI", clientId: "1example23456789" });
  });

  it("has no staff pool when neither is set", () => {
    expect(readLambdaConfig(couriersPoolOnly).staff).toBeUndefined();
  });

  it.each([
    [
      { STAFF_USER_POOL_ID: "us-east-1_StAfF1234" },
      /STAFF_CLIENT_ID: STAFF_USER_POOL_ID and STAFF_CLIENT_ID are set together/,
    ],
    [{ STAFF_CLIENT_ID: "2staffclient345678" }, /STAFF_USER_POOL_ID and STAFF_CLIENT_ID are set together/],
    [{ STAFF_USER_POOL_ID: "staff", STAFF_CLIENT_ID: "x" }, /STAFF_USER_POOL_ID must look like us-east-1_AbCdEfGhI/],
  ])("refuses a half or malformed staff pool setting %o", (staff, message) => {
    expect(() => readLambdaConfig({ ...couriersPoolOnly, ...staff })).toThrow(message);
  });
});
