/**
 * What both user pools share: the group names the API authorises by, the password policy, the attribute
 * permissions of app clients, and the feature plan the token trigger needs.
 */
import type * as aws from "@pulumi/aws";

/** Group names the API checks in the token's `cognito:groups` (passed to the functions as COURIERS_GROUP etc.). */
export const USER_GROUPS = { couriers: "couriers", supervisors: "supervisors", dispatchers: "dispatchers" } as const;

/** The custom attribute naming the courier a user is, and the access-token claim the trigger copies it to. */
export const COURIER_ID_ATTRIBUTE = "courier_id";
export const COURIER_ID_CLAIM = `custom:${COURIER_ID_ATTRIBUTE}`;

export const PASSWORD_POLICY = {
  minimumLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: false,
  temporaryPasswordValidityDays: 7,
} as const satisfies aws.types.input.cognito.UserPoolPasswordPolicy;

/**
 * What a token holder may write about themselves through an app client: nothing that matters. Not email (verified
 * and used for recovery: a stolen token would become a takeover), no phone, no custom attribute (custom:courier_id
 * would let a courier become another courier). Cognito reads an empty list as "no restriction" (every attribute
 * writable), so the list names one harmless standard attribute the system never reads. The pre token generation
 * trigger also removes the scope that self-service calls need; operators change attributes with the admin API.
 */
export const CLIENT_WRITE_ATTRIBUTES = ["locale"] as const;

/**
 * Essentials: the cheapest plan whose pre token generation trigger may change access tokens (V2_0 events), which
 * is how the courier id reaches the API and the self-service scope leaves every token. Its free tier (10,000 monthly
 * active users) is far above Cargo Express's fleet and staff, so it costs nothing more than Lite at this size.
 */
export const USER_POOL_TIER = "ESSENTIALS";
