import { describe, expect, it } from "vitest";
import * as z from "zod";
import { businessTimeZoneSetting, logLevelSetting } from "../src/index.js";

const settings = z.object({ LOG_LEVEL: logLevelSetting, BUSINESS_TIME_ZONE: businessTimeZoneSetting });

describe("settings every process reads", () => {
  it("defaults to INFO and America/Bogota", () => {
    expect(settings.parse({})).toEqual({ LOG_LEVEL: "INFO", BUSINESS_TIME_ZONE: "America/Bogota" });
  });

  it("accepts a log level in any case and a real zone", () => {
    expect(settings.parse({ LOG_LEVEL: " warn ", BUSINESS_TIME_ZONE: "Europe/Madrid" })).toEqual({
      LOG_LEVEL: "WARN",
      BUSINESS_TIME_ZONE: "Europe/Madrid",
    });
  });

  it("names what is wrong", () => {
    const result = settings.safeParse({ LOG_LEVEL: "loud", BUSINESS_TIME_ZONE: "Mars/Olympus" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT",
      "BUSINESS_TIME_ZONE must be an IANA time zone such as America/Bogota",
    ]);
  });
});
