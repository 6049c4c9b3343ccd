import { Logger } from "@aws-lambda-powertools/logger";

export type LogLevelName = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "CRITICAL" | "SILENT";

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"] as const satisfies readonly LogLevelName[];

export interface LoggerOptions {
  /** Default "cargo-express-stream-projector". */
  readonly serviceName?: string;
  /** Default "INFO". */
  readonly level?: LogLevelName;
}

/** The one logger: Powertools' structured JSON, one line per entry (the same as the HTTP functions use). */
export function createLogger(options: LoggerOptions = {}): Logger {
  return new Logger({ serviceName: options.serviceName ?? "cargo-express-stream-projector", logLevel: options.level ?? "INFO" });
}

/** A logger that writes nothing: for tests and benchmarks that measure, not read, the projector. */
export const silentLogger = (): Logger => createLogger({ level: "SILENT" });
