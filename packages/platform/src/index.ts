export { ConfigurationError, describeError } from "./errors.js";
export { createLogger, LOG_LEVELS, type LogLevelName, type LoggerOptions, silentLogger } from "./logger.js";
export { commonModule, portsModule, useCasesModule, type BuiltPorts, type CommonSettings } from "./modules.js";
export { SERVICES, serviceId, type ServiceId } from "./services.js";
export { businessTimeZoneSetting, logLevelSetting, readSettings, requiredSetting } from "./settings.js";
