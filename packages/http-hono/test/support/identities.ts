import { createLocalIssuerAccessTokenVerifier, type AccessTokenVerifier } from "../../src/index.js";
import { startJwksServer, type JwksServer } from "./jwks-server.js";
import { accessTokenClaims, createSigningKey, jwksOf, signRs256, type SigningKey } from "./tokens.js";
import { GROUPS } from "./harness.js";

export const CLIENT_ID = "local-client-1";

/**
 * A local issuer for route tests: a real loopback JWKS server, the local-issuer verifier that the local
 * stack uses, and signed access tokens for each kind of user.
 */
export interface LocalIdentities {
  readonly server: JwksServer;
  readonly key: SigningKey;
  readonly verifier: AccessTokenVerifier;
  /**
   * Posts orders for any courier (groups `couriers` and `dispatchers`): most route tests are about the body, not
   * about who sends it. `test/courier-identity.test.ts` proves the courier binding with `boundCourier`.
   */
  readonly courier: string;
  /** `dispatchers` only. */
  readonly dispatcher: string;
  readonly supervisor: string;
  readonly both: string;
  readonly nobody: string;
  token(groups: string[]): string;
  /** A token in `couriers` only whose `custom:courier_id` claim is `courierId` (any JSON value, as a token may hold). */
  boundCourier(courierId: unknown, groups?: string[]): string;
}

export async function startLocalIdentities(): Promise<LocalIdentities> {
  const key = createSigningKey("local-key-1");
  const server = await startJwksServer(jwksOf(key));
  const token = (groups: string[]) =>
    signRs256(accessTokenClaims({ issuer: server.issuer, clientId: CLIENT_ID, groups }), key);
  return {
    server,
    key,
    verifier: createLocalIssuerAccessTokenVerifier({ issuer: server.issuer, clientId: CLIENT_ID }),
    courier: token([GROUPS.couriers, GROUPS.dispatchers]),
    dispatcher: token([GROUPS.dispatchers]),
    supervisor: token([GROUPS.supervisors]),
    // Like the local stack's demo user: reads the monitor and posts for any courier.
    both: token([GROUPS.couriers, GROUPS.supervisors, GROUPS.dispatchers]),
    nobody: token([]),
    token,
    boundCourier: (courierId, groups = [GROUPS.couriers]) =>
      signRs256(accessTokenClaims({ issuer: server.issuer, clientId: CLIENT_ID, groups, courierId }), key),
  };
}
