import type { Logger } from "@aws-lambda-powertools/logger";
import { createLogger as createPlatformLogger, type LogLevelName } from "@cargo-express/platform";

export { LOG_LEVELS, type LogLevelName } from "@cargo-express/platform";

export interface LoggerOptions {
  /** Default "cargo-express-stream-projector". */
  readonly serviceName?: string;
  /** Default "INFO". */
  readonly level?: LogLevelName;
}

/** The platform's one logger, named for the stream projector unless told otherwise. */
export const createLogger = (options: LoggerOptions = {}): Logger =>
  createPlatformLogger({
    serviceName: options.serviceName ?? "cargo-express-stream-projector",
    ...(options.level ? { level: options.level } : {}),
  });

/** A logger that writes nothing: for tests and benchmarks that measure, not read, the projector. */
export const silentLogger = (): Logger => createLogger({ level: "SILENT" });
