import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import {
  assertRequiredClaims,
  cachingAccessTokenVerifier,
  type AccessTokenVerifier,
  type TokenCacheOptions,
} from "./access-token-verifier.js";

/** A user pool and the app client its tokens must have been issued to. */
interface CognitoPoolClient {
  /** e.g. `us-east-1_AbCdEfGhI`; the issuer and JWKS URL follow from it. */
  readonly userPoolId: string;
  /** The app client the tokens must have been issued to (`client_id` claim). */
  readonly clientId: string;
}

export interface CognitoAccessTokenVerifierOptions extends CognitoPoolClient {
  /**
   * Further pools whose access tokens are accepted too, each only for its own app client, under the same group
   * rules: the staff pool (supervisors, TOTP required) beside the couriers' pool. A token is checked against the
   * pool its issuer names and no other.
   */
  readonly otherPools?: readonly CognitoPoolClient[];
  /** How the JWKS is fetched. Default: aws-jwt-verify's HTTPS fetcher. Tests hand in their own keys here. */
  readonly fetcher?: Fetcher;
  /**
   * The cache of verified tokens (each token is verified in full once, then reused until its exp; see
   * VerifiedTokenCache). Default 1,000 tokens; `{ maxEntries: 0 }` verifies every request in full.
   */
  readonly tokenCache?: TokenCacheOptions;
}

/**
 * Verifies Cognito access tokens of a user pool and app client, and of any `otherPools` (what the deployed Lambdas
 * use): aws-jwt-verify's multi-issuer verifier picks the pool by the token's issuer, then checks everything as for
 * one pool.
 */
export function createCognitoAccessTokenVerifier(options: CognitoAccessTokenVerifierOptions): AccessTokenVerifier {
  const pools = [options, ...(options.otherPools ?? [])].map(({ userPoolId, clientId }) => ({
    userPoolId,
    tokenUse: "access" as const,
    clientId,
    customJwtCheck: assertRequiredClaims,
  }));
  const verifier = CognitoJwtVerifier.create(
    pools,
    options.fetcher ? { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher }) } : undefined,
  );
  return cachingAccessTokenVerifier((token) => verifier.verify(token), options.tokenCache);
}
