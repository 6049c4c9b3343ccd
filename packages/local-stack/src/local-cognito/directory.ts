import type { AuthSessions } from "./auth-sessions.js";
import type { FailureBackoff } from "./backoff.js";
import { CognitoError, requiredString } from "./errors.js";
import type { LocalUserPool } from "./user-pool.js";

/** Everything the endpoint's calls share: the pools, the sign-ins waiting for a challenge, the backoffs. */
export interface Directory {
  readonly pools: readonly LocalUserPool[];
  readonly sessions: AuthSessions;
  /** Per pool and user name (known or not: an unknown user must look like a known one). */
  readonly userBackoff: FailureBackoff;
  /** Per client address, across users and pools. */
  readonly addressBackoff: FailureBackoff;
}

/** Who is calling: the client's address, for the per-address backoff. */
export interface CallContext {
  readonly address: string;
}

/** One call of the API: its JSON input, its JSON answer (or a thrown CognitoError). */
export type Operation = (input: Record<string, unknown>, context: CallContext) => Record<string, unknown>;

export function poolOfClient(directory: Directory, input: Record<string, unknown>): LocalUserPool {
  const clientId = requiredString(input, "ClientId");
  const pool = directory.pools.find((candidate) => candidate.clientId === clientId);
  if (pool === undefined)
    throw new CognitoError("ResourceNotFoundException", `User pool client ${clientId} does not exist.`);
  return pool;
}

export const userKey = (pool: LocalUserPool, username: string) => `${pool.id}/${username}`;

/** Refuses a user locked out by repeated failures, as Cognito does (a right password included). */
export function refuseLockedOut(directory: Directory, pool: LocalUserPool, username: string): void {
  if (directory.userBackoff.isLockedOut(userKey(pool, username)))
    throw new CognitoError("NotAuthorizedException", "Password attempts exceeded");
}

/** Counts a failed password or code against the user and the address. */
export function countFailure(directory: Directory, pool: LocalUserPool, username: string, context: CallContext): void {
  directory.userBackoff.failed(userKey(pool, username));
  directory.addressBackoff.failed(context.address);
}

/** The user an access token speaks for, in whichever pool issued it, once the token has the scope the call needs. */
export function userOfAccessToken(directory: Directory, input: Record<string, unknown>, scope: string) {
  const token = requiredString(input, "AccessToken");
  for (const pool of directory.pools) {
    const user = pool.userOfAccessToken(token, scope);
    if (user !== undefined) return { pool, user };
  }
  throw new CognitoError("NotAuthorizedException", "Invalid Access Token");
}

/** The string map a parameter such as `ChallengeResponses` holds ({} when absent). */
export function stringMap(input: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = input[name];
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
