export { createLogger, LOG_LEVELS, type LogLevelName, type LoggerOptions } from "./logger.js";
export { logLevelSetting, businessTimeZoneSetting } from "./settings.js";
