/** Service identifiers of the Lambda composition roots (inversify binds them; nothing else sees them). */
export const TOKENS = {
  Config: Symbol.for("cargo-express.Config"),
  Logger: Symbol.for("cargo-express.Logger"),
  Clock: Symbol.for("cargo-express.Clock"),
  Verifier: Symbol.for("cargo-express.AccessTokenVerifier"),
  DynamoDbAdapters: Symbol.for("cargo-express.DynamoDbAdapters"),
  OrderRepository: Symbol.for("cargo-express.OrderRepository"),
  MonitorQueries: Symbol.for("cargo-express.MonitorQueries"),
  PlaceOrder: Symbol.for("cargo-express.PlaceOrder"),
  GetOrder: Symbol.for("cargo-express.GetOrder"),
  GetMonitorReport: Symbol.for("cargo-express.GetMonitorReport"),
  App: Symbol.for("cargo-express.App"),
} as const;
