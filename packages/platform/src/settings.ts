import { DEFAULT_BUSINESS_TIME_ZONE, isValidTimeZone } from "@cargo-express/domain";
import * as z from "zod";
import { ConfigurationError } from "./errors.js";
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

/**
 * `MAX_DELIVERY_AGE_DAYS`: how many days before its receipt a courier may date a delivery (phones may be offline for
 * days; dispatchers are not bound), a whole number from 1 to 365, default 7. Read as milliseconds.
 */
export const maxDeliveryAgeDaysSetting = z
  .string()
  .trim()
  .regex(/^\d+$/, { error: "MAX_DELIVERY_AGE_DAYS must be a whole number of days from 1 to 365, such as 7" })
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(1, { error: "MAX_DELIVERY_AGE_DAYS must be a whole number of days from 1 to 365, such as 7" })
      .max(365, { error: "MAX_DELIVERY_AGE_DAYS must be a whole number of days from 1 to 365, such as 7" }),
  )
  .default(7)
  .transform((days) => days * 86_400_000);

/** A variable that must be set (blank counts as unset). */
export const requiredSetting = (variable: string) =>
  z
    .string({ error: `${variable} is required` })
    .trim()
    .min(1, { error: `${variable} is required` });

/**
 * Reads and validates a process's environment once, at start. Empty strings count as unset, so that defaults
 * apply to `VAR=` as well. Throws one ConfigurationError, `invalid <subject> configuration: …`, naming every bad
 * variable at once.
 */
export function readSettings<Schema extends z.ZodType>(
  schema: Schema,
  env: Readonly<Record<string, string | undefined>>,
  subject: string,
): z.output<Schema> {
  const present = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`);
  throw new ConfigurationError(`invalid ${subject} configuration: ${problems.join("; ")}`);
}
