export {
  createApp,
  createOrdersApp,
  createMonitorApp,
  DEFAULT_BODY_LIMIT_BYTES,
  type AppDependencies,
  type OrdersAppDependencies,
  type MonitorAppDependencies,
} from "./app.js";
export type { AppEnv } from "./app-env.js";
export { COURIER_ID_CLAIM, type AccessTokenVerifier, type VerifiedAccessToken } from "./auth/access-token-verifier.js";
export { createCognitoAccessTokenVerifier, type CognitoAccessTokenVerifierOptions } from "./auth/cognito-verifier.js";
export {
  createLocalIssuerAccessTokenVerifier,
  isLoopbackUrl,
  type LocalIssuerAccessTokenVerifierOptions,
} from "./auth/local-issuer-verifier.js";
export type { GroupNames, Role } from "./auth/require-group.js";
export { createLogger, type LoggerOptions, type LogLevelName } from "@cargo-express/platform";
export {
  PROBLEM_TYPES,
  PROBLEM_CONTENT_TYPE,
  problemTypeUri,
  type ProblemDocument,
  type ProblemKind,
} from "./http/problem.js";
export { openApiDocument } from "./openapi/document.js";
export {
  OrderResponseSchema,
  LegacyOrderAcceptedSchema,
  MonitorReportResponseSchema,
  ProblemSchema,
  type OrderResponse,
  type LegacyOrderAccepted,
  type MonitorReportResponse,
} from "./contract/schemas.js";
