/**
 * Cognito pre token generation trigger (event version V2_0), for both user pools:
 * - copies the user's `custom:courier_id` attribute into the access token, where the orders API reads it. Cognito
 *   puts custom attributes in ID tokens only, and the couriers' existing client sends the access token; V2_0 events
 *   may add claims to access tokens in user pools on the Essentials (or Plus) feature plan;
 * - removes the `aws.cognito.signin.user.admin` scope from every access token. That scope lets whoever holds the
 *   token call Cognito's self-service API for the user: UpdateUserAttributes (set their own email, verify it, reset
 *   the password: the account is theirs), DeleteUser, ChangePassword, GlobalSignOut. No client of this system needs
 *   those; operators change attributes with the admin API (docs/deploy.md). Signing out revokes the refresh token
 *   (RevokeToken), which needs no scope.
 * No dependencies: uploaded as this one file (Pulumi reads it at `pulumi up`).
 *
 * Fails closed: a user without the attribute gets no claim, and the API refuses that user's orders unless it is a
 * dispatcher. The attribute's value is only ever set by the operator (no app client may write it).
 */
export const COURIER_ID_CLAIM = "custom:courier_id";

/** The self-service scope Cognito puts in every access token from InitiateAuth. */
export const SELF_SERVICE_SCOPE = "aws.cognito.signin.user.admin";

export const handler = async (event) => {
  const courierId = event?.request?.userAttributes?.[COURIER_ID_CLAIM];
  const claims = typeof courierId === "string" && /^\d{1,15}$/.test(courierId) ? { [COURIER_ID_CLAIM]: courierId } : {};
  event.response = {
    claimsAndScopeOverrideDetails: {
      // The ID token already carries the attribute; only the access token needs it added.
      accessTokenGeneration: { claimsToAddOrOverride: claims, scopesToSuppress: [SELF_SERVICE_SCOPE] },
    },
  };
  return event;
};
