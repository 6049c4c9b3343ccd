import type { IncomingMessage } from "node:http";
import type { VerifiedAccessToken } from "./auth/access-token-verifier.js";

/**
 * What the Hono context carries. Bindings are whatever the runtime hands in: `hono/aws-lambda` passes the
 * Lambda context and the API Gateway request context; a Node server passes its own (or nothing).
 */
export interface AppEnv {
  Bindings: {
    lambdaContext?: { awsRequestId?: string };
    requestContext?: { requestId?: string };
    /** @hono/node-server's Node request (its `env.incoming`): bodies are read from it directly. */
    incoming?: IncomingMessage;
  };
  Variables: {
    /** Correlates the access log, error logs and problem documents of one request. */
    requestId: string;
    /** Set by the auth middleware on routes that require sign-in. */
    identity: VerifiedAccessToken;
    /** Personal text of the request's body (courier and product names): error logs leave it out. */
    personalData: readonly string[];
  };
}
