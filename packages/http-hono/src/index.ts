export {
  createApp,
  createMonitorApp,
  type AppDependencies,
} from "./app.js";
export type { AccessTokenVerifier } from "./auth/access-token-verifier.js";
export { createCognitoAccessTokenVerifier } from "./auth/cognito-verifier.js";
export {
  createLocalIssuerAccessTokenVerifier,
  isLoopbackUrl,
} from "./auth/local-issuer-verifier.js";
export { createLogger } from "@cargo-express/platform";
export {
  PROBLEM_TYPES,
  problemTypeUri,
  type ProblemKind,
} from "./http/problem.js";
export { openApiDocument } from "./openapi/document.js";
export {
  OrderResponseSchema,
  LegacyOrderAcceptedSchema,
  MonitorReportResponseSchema,
  ProblemSchema,
} from "./contract/schemas.js";
