import { Logger } from "@aws-lambda-powertools/logger";

export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL", "SILENT"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** The `service` field of every line: each process names itself. */
  readonly serviceName: string;
  /** Default "INFO". */
  readonly level?: LogLevelName;
}

/** The one logger: Powertools' structured JSON, one line per entry, for every Lambda and local process. */
export function createLogger(options: LoggerOptions): Logger {
  return new Logger({ serviceName: options.serviceName, logLevel: options.level ?? "INFO" });
}

/** A logger that writes nothing: for tests and benchmarks that measure, not read, what logs. */
export const silentLogger = (): Logger => createLogger({ serviceName: "cargo-express-silent", level: "SILENT" });
