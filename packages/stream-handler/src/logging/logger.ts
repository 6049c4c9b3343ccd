/** The platform's one logger (each process names itself: `createLogger({ serviceName, level })`). */
export { createLogger, LOG_LEVELS, type LoggerOptions, type LogLevelName, silentLogger } from "@cargo-express/platform";
