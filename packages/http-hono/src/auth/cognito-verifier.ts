import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import {
  assertRequiredClaims,
  cachingAccessTokenVerifier,
  type AccessTokenVerifier,
  type TokenCacheOptions,
} from "./access-token-verifier.js";

export interface CognitoAccessTokenVerifierOptions {
  /** e.g. `us-east-1_AbCdEfGhI`; the issuer and JWKS URL follow from it. */
  readonly userPoolId: string;
  /** The app client the tokens must have been issued to (`client_id` claim). */
  readonly clientId: string;
  /** How the JWKS is fetched. Default: aws-jwt-verify's HTTPS fetcher. Tests hand in their own keys here. */
  readonly fetcher?: Fetcher;
  /**
   * The cache of verified tokens (each token is verified in full once, then reused until its exp; see
   * VerifiedTokenCache). Default 1,000 tokens; `{ maxEntries: 0 }` verifies every request in full.
   */
  readonly tokenCache?: TokenCacheOptions;
}

/** Verifies Cognito access tokens of one user pool and app client (what the deployed Lambdas use). */
export function createCognitoAccessTokenVerifier(options: CognitoAccessTokenVerifierOptions): AccessTokenVerifier {
  const verifier = CognitoJwtVerifier.create(
    {
      userPoolId: options.userPoolId,
      tokenUse: "access",
      clientId: options.clientId,
      customJwtCheck: assertRequiredClaims,
    },
    options.fetcher ? { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher }) } : undefined,
  );
  return cachingAccessTokenVerifier((token) => verifier.verify(token), options.tokenCache);
}
