import { countFailure, type Directory, type Operation, refuseLockedOut, userOfAccessToken } from "./directory.js";
import { CognitoError, requiredString } from "./errors.js";
import { newTotpSecret, totpCodeMatches } from "./totp.js";
import { USER_ADMIN_SCOPE } from "./user-pool.js";

/**
 * AssociateSoftwareToken: a new TOTP secret for the user, by the Session of a sign-in in MFA_SETUP (what the web
 * app's first sign-in uses), or by an access token, which Cognito accepts only with the user-admin scope (the
 * deployed tokens no longer carry it, so a stolen token cannot enrol the thief's authenticator).
 */
export function associateSoftwareToken(directory: Directory): Operation {
  return (input) => {
    const secret = newTotpSecret();
    if (typeof input.Session === "string" && input.Session !== "") {
      const session = directory.sessions.get(input.Session);
      if (session.challenge !== "MFA_SETUP")
        throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
      const next = directory.sessions.advance(input.Session, { ...session, pendingSecret: secret, verified: false });
      return { SecretCode: secret, Session: next };
    }
    if (input.AccessToken === undefined)
      throw new CognitoError("InvalidParameterException", "Missing required parameter Session or AccessToken");
    const { user } = userOfAccessToken(directory, input, USER_ADMIN_SCOPE);
    pendingSecrets.set(user, secret);
    return { SecretCode: secret };
  };
}

/** Secrets associated by access token and not yet verified, per user object (gone with the user). */
const pendingSecrets = new WeakMap<object, string>();

const codeMismatch = () =>
  new CognitoError("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");
const notAssociated = () => new CognitoError("SoftwareTokenMFANotFoundException", "Software token TOTP MFA not found.");

/**
 * VerifySoftwareToken: the user's first code of the associated secret. By Session, the sign-in may then complete
 * its MFA_SETUP challenge; by access token (user-admin scope), the user is enrolled at once. A wrong code counts
 * towards the backoff like a wrong password.
 */
export function verifySoftwareToken(directory: Directory): Operation {
  return (input, context) => {
    const code = requiredString(input, "UserCode");
    if (typeof input.Session === "string" && input.Session !== "") {
      const session = directory.sessions.get(input.Session);
      const pool = directory.pools.find((candidate) => candidate.id === session.poolId);
      if (pool === undefined || session.challenge !== "MFA_SETUP")
        throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
      if (session.pendingSecret === undefined) throw notAssociated();
      refuseLockedOut(directory, pool, session.username);
      if (!totpCodeMatches(session.pendingSecret, code)) {
        countFailure(directory, pool, session.username, context);
        throw codeMismatch();
      }
      return { Status: "SUCCESS", Session: directory.sessions.advance(input.Session, { ...session, verified: true }) };
    }
    if (input.AccessToken === undefined)
      throw new CognitoError("InvalidParameterException", "Missing required parameter Session or AccessToken");
    const { pool, user } = userOfAccessToken(directory, input, USER_ADMIN_SCOPE);
    const secret = pendingSecrets.get(user);
    if (secret === undefined) throw notAssociated();
    refuseLockedOut(directory, pool, user.username);
    if (!totpCodeMatches(secret, code)) {
      countFailure(directory, pool, user.username, context);
      throw codeMismatch();
    }
    user.totpSecret = secret;
    pendingSecrets.delete(user);
    return { Status: "SUCCESS" };
  };
}
