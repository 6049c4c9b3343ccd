import type { Logger } from "@aws-lambda-powertools/logger";
import { createLogger as createPlatformLogger, type LogLevelName } from "@cargo-express/platform";

export type { LogLevelName } from "@cargo-express/platform";

export interface LoggerOptions {
  /** Default "cargo-express-api"; each Lambda names itself. */
  readonly serviceName?: string;
  /** Default "INFO". */
  readonly level?: LogLevelName;
}

/** The platform's one logger, named for the HTTP API unless told otherwise. */
export const createLogger = (options: LoggerOptions = {}): Logger =>
  createPlatformLogger({
    serviceName: options.serviceName ?? "cargo-express-api",
    ...(options.level ? { level: options.level } : {}),
  });
