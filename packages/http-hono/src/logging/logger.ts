import { Logger } from "@aws-lambda-powertools/logger";

export type LogLevelName = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "CRITICAL" | "SILENT";

export interface LoggerOptions {
  /** Default "cargo-express-api"; each Lambda names itself. */
  readonly serviceName?: string;
  /** Default "INFO". */
  readonly level?: LogLevelName;
}

/** The one logger: Powertools' structured JSON, one line per entry. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return new Logger({ serviceName: options.serviceName ?? "cargo-express-api", logLevel: options.level ?? "INFO" });
}
