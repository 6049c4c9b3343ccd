import { type Directory, type Operation, poolOfClient, userOfAccessToken } from "./directory.js";
import { CognitoError, requiredString } from "./errors.js";
import { USER_ADMIN_SCOPE } from "./user-pool.js";

/**
 * RevokeToken: the refresh token is refused from now on, and so are the access tokens minted from it in the
 * calls Cognito authorises with one (the API, which verifies signatures only, accepts them until they expire:
 * hence the short access-token lifetime of the staff pool). An access or ID token is not revocable this way.
 */
export function revokeToken(directory: Directory): Operation {
  return (input) => {
    const token = requiredString(input, "Token");
    const pool = poolOfClient(directory, input);
    if (directory.pools.some((candidate) => candidate.key.claimsOf(token) !== undefined))
      throw new CognitoError("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.");
    pool.revoke(token, pool.clientId);
    return {};
  };
}

/**
 * UpdateUserAttributes, as Cognito answers it: the access token must carry the user-admin scope (the deployed
 * pools' trigger suppresses it, so one stolen token cannot set the thief's email and take the account over), and
 * even then no attribute is writable by the app clients (email, phone and `custom:` are the operator's).
 */
export function updateUserAttributes(directory: Directory): Operation {
  return (input) => {
    userOfAccessToken(directory, input, USER_ADMIN_SCOPE);
    const attributes = Array.isArray(input.UserAttributes) ? input.UserAttributes : [];
    if (attributes.length > 0)
      throw new CognitoError("NotAuthorizedException", "A client attempted to write unauthorized attribute");
    return { CodeDeliveryDetailsList: [] };
  };
}

/** DeleteUser: with the user-admin scope only (which the deployed tokens no longer carry). */
export function deleteUser(directory: Directory): Operation {
  return (input) => {
    const { pool, user } = userOfAccessToken(directory, input, USER_ADMIN_SCOPE);
    pool.deleteUser(user.username);
    return {};
  };
}
