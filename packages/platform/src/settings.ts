import { DEFAULT_BUSINESS_TIME_ZONE, isValidTimeZone } from "@cargo-express/domain";
import * as z from "zod";
import { LOG_LEVELS } from "./logger.js";

/** `LOG_LEVEL`: any case, default INFO. */
export const logLevelSetting = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }))
  .default("INFO");

/** `BUSINESS_TIME_ZONE`: an IANA zone, default America/Bogota. */
export const businessTimeZoneSetting = z
  .string()
  .trim()
  .default(DEFAULT_BUSINESS_TIME_ZONE)
  .refine(isValidTimeZone, { error: "BUSINESS_TIME_ZONE must be an IANA time zone such as America/Bogota" });
