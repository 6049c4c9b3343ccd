export { ConfigurationError, describeError } from "./errors.js";
export { createLogger, type LogLevelName, silentLogger } from "./logger.js";
export { commonModule, portsModule, useCasesModule, type BuiltPorts } from "./modules.js";
export { SERVICES, serviceId } from "./services.js";
export {
  businessTimeZoneSetting,
  logLevelSetting,
  maxDeliveryAgeDaysSetting,
  readSettings,
  requiredSetting,
} from "./settings.js";
