import { ConfigurationError } from "@cargo-express/platform";
import { describe, expect, it } from "vitest";
import { loadLocalStackConfig } from "../src/config.js";

describe("the local stack's configuration", () => {
  it("defaults every setting and generates the passwords not given", () => {
    const config = loadLocalStackConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      STORAGE: "auto",
      LOG_LEVEL: "INFO",
      BUSINESS_TIME_ZONE: "America/Bogota",
    });
    expect(config.LOCAL_PASSWORD).toMatch(/^Demo-.+-1$/);
    expect(config.MAX_DELIVERY_AGE_DAYS).toBe(7 * 86_400_000);
  });

  it("reads MAX_DELIVERY_AGE_DAYS (how far back a courier may date a delivery) as milliseconds, whole days only", () => {
    expect(loadLocalStackConfig({ MAX_DELIVERY_AGE_DAYS: "2" }).MAX_DELIVERY_AGE_DAYS).toBe(2 * 86_400_000);
    expect(() => loadLocalStackConfig({ MAX_DELIVERY_AGE_DAYS: "0.5" })).toThrow(
      "invalid local stack configuration: MAX_DELIVERY_AGE_DAYS: MAX_DELIVERY_AGE_DAYS must be a whole number of days from 1 to 365, such as 7",
    );
  });

  it("names every bad variable in one ConfigurationError, as the Lambdas' configurations do", () => {
    const read = () => loadLocalStackConfig({ PORT: "70000", STORAGE: "disk", LOG_LEVEL: "loud" });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(
      /^invalid local stack configuration: PORT: .*; STORAGE: .*; LOG_LEVEL: LOG_LEVEL must be one of/,
    );
  });
});
