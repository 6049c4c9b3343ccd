import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { assertRequiredClaims, verifyWith, type AccessTokenVerifier } from "./access-token-verifier.js";

export interface CognitoAccessTokenVerifierOptions {
  /** e.g. `us-east-1_AbCdEfGhI`; the issuer and JWKS URL follow from it. */
  readonly userPoolId: string;
  /** The app client the tokens must have been issued to (`client_id` claim). */
  readonly clientId: string;
  /** How the JWKS is fetched. Default: aws-jwt-verify's HTTPS fetcher. Tests hand in their own keys here. */
  readonly fetcher?: Fetcher;
}

/** Verifies Cognito access tokens of one user pool and app client (what the deployed Lambdas use). */
export function createCognitoAccessTokenVerifier(options: CognitoAccessTokenVerifierOptions): AccessTokenVerifier {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: options.userPoolId, tokenUse: "access", clientId: options.clientId, customJwtCheck: assertRequiredClaims },
    options.fetcher ? { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher }) } : undefined,
  );
  return { verify: (token) => verifyWith(() => verifier.verify(token)) };
}
