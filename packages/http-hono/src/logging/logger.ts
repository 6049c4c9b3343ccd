/** The platform's one logger (each process names itself: `createLogger({ serviceName, level })`). */
export { createLogger, type LoggerOptions, type LogLevelName } from "@cargo-express/platform";
