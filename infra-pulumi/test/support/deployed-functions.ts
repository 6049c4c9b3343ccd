/**
 * What a deployed function is given, read from the mocked program rather than retyped: its environment
 * variables (plus what Lambda's runtime adds), and Cognito access tokens for the user pool and app client its
 * environment names, signed with a test key whose JWKS is served at the pool's real JWKS address. The HTTP
 * helpers are the http-hono package's own test support (events as API Gateway sends them, tokens).
 */
import type { TableKey, TableNames } from "@cargo-express/adapters-dynamodb/tables";
import type { Fetcher } from "aws-jwt-verify/https";
import type { FunctionKey } from "../../src/bundles.js";
import { TABLE_ENVIRONMENT_VARIABLES } from "../../src/tables.js";
import {
  accessTokenClaims,
  createSigningKey,
  jwksOf,
  signRs256,
  type SigningKey,
} from "../../../packages/http-hono/test/support/tokens.js";
import type { MockedDeployment } from "./mocked-deployment.js";

export { httpApiEvent, lambdaContext } from "../../../packages/http-hono/test/support/http-api-events.js";

/** The environment variables the program sets on a function, exactly as the mock received them. */
export function programEnvironment(deployment: MockedDeployment, key: FunctionKey): Record<string, string> {
  const variables = deployment.named("aws:lambda/function:Function", key).inputs.environment?.variables as
    | Record<string, unknown>
    | undefined;
  if (variables === undefined) throw new Error(`the program sets no environment on ${key}`);
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)]));
}

/**
 * What the function sees at run time: the program's variables, and AWS_REGION, which Lambda's runtime sets
 * to the function's region. `tables` points the table variables at other physical tables (DynamoDB Local's);
 * every other variable stays the program's.
 */
export function runtimeEnvironment(
  deployment: MockedDeployment,
  key: FunctionKey,
  tables?: TableNames,
): Record<string, string> {
  const env: Record<string, string> = { ...programEnvironment(deployment, key), AWS_REGION: deployment.config.region };
  if (tables !== undefined) {
    for (const [table, variable] of Object.entries(TABLE_ENVIRONMENT_VARIABLES) as [TableKey, string][]) {
      if (!(variable in env)) throw new Error(`${key} has no ${variable} to point at a local table`);
      env[variable] = tables[table];
    }
  }
  return env;
}

export interface CognitoTokens {
  /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`, from the function's COGNITO_USER_POOL_ID. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly key: SigningKey;
  /** Serves the test key at exactly `jwksUri` and refuses any other address. */
  readonly jwksFetcher: Fetcher;
  readonly courier: { readonly token: string; readonly claims: Record<string, unknown> };
  readonly supervisor: { readonly token: string; readonly claims: Record<string, unknown> };
}

/** Access tokens as the function's user pool and app client would issue them, for its two groups. */
export function cognitoTokensFor(env: Readonly<Record<string, string>>): CognitoTokens {
  const poolId = env.COGNITO_USER_POOL_ID;
  const clientId = env.COGNITO_CLIENT_ID;
  if (!poolId || !clientId) throw new Error("the function's environment names no Cognito user pool or app client");
  const region = poolId.split("_")[0];
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
  const jwksUri = `${issuer}/.well-known/jwks.json`;
  const key = createSigningKey("cognito-key-1");
  const tokenFor = (...groups: (string | undefined)[]) => {
    const claims = accessTokenClaims({
      issuer,
      clientId,
      groups: groups.filter((group): group is string => group !== undefined),
    });
    return { claims, token: signRs256(claims, key) };
  };
  return {
    issuer,
    jwksUri,
    key,
    jwksFetcher: {
      fetch: async (uri) => {
        if (uri !== jwksUri) throw new Error(`unexpected JWKS URI ${uri}`);
        return new TextEncoder().encode(JSON.stringify(jwksOf(key))).buffer as ArrayBuffer;
      },
    },
    // Posts random fleet couriers' orders, so it may post for any courier (a courier alone posts only its own).
    courier: tokenFor(env.COURIERS_GROUP, env.DISPATCHERS_GROUP),
    supervisor: tokenFor(env.SUPERVISORS_GROUP),
  };
}
