import { JwtVerifier } from "aws-jwt-verify";
import { validateCognitoJwtFields } from "aws-jwt-verify/cognito-verifier";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import {
  assertRequiredClaims,
  cachingAccessTokenVerifier,
  type AccessTokenVerifier,
  type TokenCacheOptions,
} from "./access-token-verifier.js";
import { FetchJwksFetcher } from "./fetch-jwks-fetcher.js";

/** A local issuer (one local user pool) and the app client its tokens must have been issued to. */
interface LocalIssuer {
  /** The local Cognito-compatible issuer, e.g. `http://localhost:9229/local_pool`. Must be on loopback. */
  readonly issuer: string;
  /** The local app client the tokens must have been issued to (`client_id` claim). */
  readonly clientId: string;
  /** Default `<issuer>/.well-known/jwks.json`. Must be on loopback. */
  readonly jwksUri?: string;
}

export interface LocalIssuerAccessTokenVerifierOptions extends LocalIssuer {
  /**
   * Further local issuers whose tokens are accepted too, each only for its own app client, under the same group
   * rules (the local staff pool beside the couriers' pool). Each must be on loopback.
   */
  readonly otherIssuers?: readonly LocalIssuer[];
  /** Default: a `fetch`-based fetcher (HTTP allowed). */
  readonly fetcher?: Fetcher;
  /**
   * The cache of verified tokens (each token is verified in full once, then reused until its exp; see
   * VerifiedTokenCache). Default 1,000 tokens; `{ maxEntries: 0 }` verifies every request in full.
   */
  readonly tokenCache?: TokenCacheOptions;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** True only for http(s) URLs whose host is localhost, 127.0.0.1 or [::1]. */
export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * Verifies access tokens minted by the local stack's sign-in endpoint, checked the way Cognito's are
 * (signature, issuer, expiry, `token_use` = access, `client_id`). Anyone can mint tokens for a local key,
 * so this refuses to exist for an issuer that is not on this machine; the Lambda entry points never import it.
 */
export function createLocalIssuerAccessTokenVerifier(
  options: LocalIssuerAccessTokenVerifierOptions,
): AccessTokenVerifier {
  const issuers = [options, ...(options.otherIssuers ?? [])].map(checkedLocalIssuer);
  const verifier = JwtVerifier.create(
    issuers.map(({ issuer, jwksUri, clientId }) => ({
      issuer,
      audience: null, // Cognito access tokens carry client_id, not aud; checked below
      jwksUri,
      customJwtCheck: (props: Parameters<typeof assertRequiredClaims>[0]) => {
        assertRequiredClaims(props);
        validateCognitoJwtFields(props.payload, { tokenUse: "access", clientId });
      },
    })),
    { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher ?? new FetchJwksFetcher() }) },
  );
  return cachingAccessTokenVerifier((token) => verifier.verify(token), options.tokenCache);
}

/** The issuer with its JWKS URI, refused unless both are on this machine and the client id is set. */
function checkedLocalIssuer(local: LocalIssuer): Required<LocalIssuer> {
  const issuer = local.issuer.replace(/\/+$/, "");
  const jwksUri = local.jwksUri ?? `${issuer}/.well-known/jwks.json`;
  for (const [name, value] of [
    ["issuer", issuer],
    ["jwksUri", jwksUri],
  ] as const) {
    if (!isLoopbackUrl(value)) {
      throw new Error(
        `local token issuer refused: ${name} ${JSON.stringify(value)} is not on loopback (localhost, 127.0.0.1, [::1])`,
      );
    }
  }
  if (local.clientId === "") throw new Error("local token issuer refused: clientId is empty");
  return { issuer, jwksUri, clientId: local.clientId };
}
