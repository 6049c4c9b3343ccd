import { timingSafeEqual } from "node:crypto";
import {
  countFailure,
  type Directory,
  type Operation,
  poolOfClient,
  refuseLockedOut,
  stringMap,
  userKey,
} from "./directory.js";
import { CognitoError, incorrectCredentials, missingParameter, requiredString } from "./errors.js";
import { totpCodeMatches } from "./totp.js";
import type { LocalUserPool } from "./user-pool.js";

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** InitiateAuth: USER_PASSWORD_AUTH (answering an MFA challenge in a pool that requires it) and REFRESH_TOKEN_AUTH. */
export function initiateAuth(directory: Directory): Operation {
  return (input, context) => {
    const pool = poolOfClient(directory, input);
    const params = stringMap(input, "AuthParameters");
    switch (input.AuthFlow) {
      case "USER_PASSWORD_AUTH": {
        const username = params.USERNAME;
        const password = params.PASSWORD;
        if (typeof username !== "string" || typeof password !== "string")
          throw missingParameter("USERNAME or PASSWORD");
        refuseLockedOut(directory, pool, username);
        const user = pool.user(username);
        // Like a pool with user-existence errors prevented: an unknown user and a wrong password look the same.
        if (!user || !sameSecret(user.password, password)) {
          countFailure(directory, pool, username, context);
          throw incorrectCredentials();
        }
        if (pool.settings.mfa === "required")
          return challenge(directory, pool, username, user.totpSecret !== undefined);
        directory.userBackoff.succeeded(userKey(pool, username));
        return { ChallengeParameters: {}, AuthenticationResult: pool.tokensFor(username, "new") };
      }
      case "REFRESH_TOKEN_AUTH":
      case "REFRESH_TOKEN": {
        // A rotating client does not allow this flow: its renewals are GetTokensFromRefreshToken.
        if (pool.settings.refreshTokenRotation !== undefined)
          throw new CognitoError("InvalidParameterException", "REFRESH_TOKEN_AUTH flow not enabled for this client");
        const token = typeof params.REFRESH_TOKEN === "string" ? params.REFRESH_TOKEN : "";
        const grant = pool.refreshTokens.use(token, pool.clientId);
        return { ChallengeParameters: {}, AuthenticationResult: pool.tokensFor(grant.username, grant) };
      }
      case undefined:
        throw missingParameter("AuthFlow");
      default:
        throw new CognitoError(
          "InvalidParameterException",
          `Unsupported AuthFlow ${String(input.AuthFlow)} (this local endpoint supports USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH)`,
        );
    }
  };
}

/**
 * GetTokensFromRefreshToken: new access and ID tokens from a live refresh token, on any client; on a rotating one
 * also a replacement refresh token (the one given is refused once the grace is over).
 */
export function getTokensFromRefreshToken(directory: Directory): Operation {
  return (input) => {
    const pool = poolOfClient(directory, input);
    const token = requiredString(input, "RefreshToken");
    const rotation = pool.settings.refreshTokenRotation;
    if (rotation === undefined) {
      const grant = pool.refreshTokens.use(token, pool.clientId);
      return { AuthenticationResult: pool.tokensFor(grant.username, grant) };
    }
    const { grant, replacement } = pool.refreshTokens.replace(token, pool.clientId, rotation);
    return { AuthenticationResult: pool.tokensFor(grant.username, grant, replacement) };
  };
}

/** The second step of a sign-in to a pool that requires MFA: enrol first (MFA_SETUP), or answer a code. */
function challenge(directory: Directory, pool: LocalUserPool, username: string, enrolled: boolean) {
  const name = enrolled ? "SOFTWARE_TOKEN_MFA" : "MFA_SETUP";
  return {
    ChallengeName: name,
    Session: directory.sessions.start({ poolId: pool.id, username, challenge: name }),
    ChallengeParameters: enrolled
      ? { USER_ID_FOR_SRP: username }
      : { MFAS_CAN_SETUP: JSON.stringify(["SOFTWARE_TOKEN_MFA"]), USER_ID_FOR_SRP: username },
  };
}

/**
 * RespondToAuthChallenge: SOFTWARE_TOKEN_MFA with the code of the user's authenticator (a wrong one leaves the
 * challenge standing and counts towards the backoff), and MFA_SETUP once VerifySoftwareToken accepted a code of
 * the secret AssociateSoftwareToken handed out (the user is then enrolled).
 */
export function respondToAuthChallenge(directory: Directory): Operation {
  return (input, context) => {
    const pool = poolOfClient(directory, input);
    const challengeName = requiredString(input, "ChallengeName");
    const key = requiredString(input, "Session");
    const responses = stringMap(input, "ChallengeResponses");
    const username = responses.USERNAME;
    if (typeof username !== "string" || username === "") throw missingParameter("USERNAME");
    const session = directory.sessions.get(key);
    if (session.poolId !== pool.id || session.username !== username || session.challenge !== challengeName)
      throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
    refuseLockedOut(directory, pool, username);
    const user = pool.user(username);
    if (user === undefined) throw incorrectCredentials();
    if (challengeName === "SOFTWARE_TOKEN_MFA") {
      const code = responses.SOFTWARE_TOKEN_MFA_CODE;
      if (typeof code !== "string" || code === "") throw missingParameter("SOFTWARE_TOKEN_MFA_CODE");
      if (user.totpSecret === undefined || !totpCodeMatches(user.totpSecret, code)) {
        countFailure(directory, pool, username, context);
        throw new CognitoError("CodeMismatchException", "Invalid code received for user");
      }
    } else {
      if (!session.verified || session.pendingSecret === undefined)
        throw new CognitoError("NotAuthorizedException", "Invalid session for the user.");
      user.totpSecret = session.pendingSecret;
    }
    directory.sessions.end(key);
    directory.userBackoff.succeeded(userKey(pool, username));
    return { ChallengeParameters: {}, AuthenticationResult: pool.tokensFor(username, "new") };
  };
}
