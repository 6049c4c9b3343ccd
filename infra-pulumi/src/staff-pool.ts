/**
 * The staff user pool: supervisors, people at the web app who read every company figure. Beside the couriers'
 * pool because Cognito sets MFA per pool, and couriers' phones keep the password sign-in they use today:
 * - a second factor, required: software TOTP (an authenticator app) only; no SMS or email codes. A new supervisor
 *   enrols at first sign-in (the MFA_SETUP challenge: AssociateSoftwareToken, VerifySoftwareToken);
 * - sessions that end: access and ID tokens last 15 minutes, refresh tokens one day, and a revoked refresh token
 *   (RevokeToken, on sign-out) mints nothing more; refresh tokens rotate: each renewal (GetTokensFromRefreshToken)
 *   answers a replacement with the same expiry, and the replaced token is refused after a short grace, so a copied
 *   refresh token stops working at the owner's next renewal;
 * - its own app client for the web app (USER_PASSWORD_AUTH and refresh, no secret), writing no attribute that
 *   matters; the same pre token generation trigger removes the self-service scope from its access tokens.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { CLIENT_WRITE_ATTRIBUTES, PASSWORD_POLICY, USER_GROUPS, USER_POOL_TIER } from "./sign-in-settings.js";

/** The staff client's token lifetimes (minutes for access and ID tokens, days for refresh tokens). */
const STAFF_TOKEN_VALIDITY = { accessMinutes: 15, idMinutes: 15, refreshDays: 1 } as const;

/**
 * How long a replaced refresh token is still accepted (0 to 60 s): the web app retries a renewal whose answer was
 * lost every 3 s, so 10 s covers a few retries; a copy of the token is refused 10 s after the owner's renewal.
 * Set explicitly: the provider has mishandled an omitted grace (a 0 read back as a change).
 */
const REFRESH_ROTATION_GRACE_SECONDS = 10;

export interface StaffPoolOptions {
  readonly stage: string;
  readonly deletionProtection: boolean;
  readonly preTokenGeneration: aws.lambda.Function;
}

export interface StaffPool {
  readonly userPool: aws.cognito.UserPool;
  readonly client: aws.cognito.UserPoolClient;
  readonly supervisors: aws.cognito.UserGroup;
}

export function createStaffPool(options: StaffPoolOptions, opts: pulumi.CustomResourceOptions): StaffPool {
  const userPool = new aws.cognito.UserPool(
    "staff",
    {
      name: `cargo-express-${options.stage}-staff`,
      // Supervisors are created by an operator (docs/deploy.md); nobody signs themselves up.
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      userPoolTier: USER_POOL_TIER,
      lambdaConfig: {
        preTokenGenerationConfig: { lambdaArn: options.preTokenGeneration.arn, lambdaVersion: "V2_0" },
      },
      mfaConfiguration: "ON",
      softwareTokenMfaConfiguration: { enabled: true },
      passwordPolicy: PASSWORD_POLICY,
      schemas: [{ name: "email", attributeDataType: "String", required: true, mutable: true }],
      autoVerifiedAttributes: ["email"],
      // A reset password still needs the authenticator app's code to sign in.
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
      deletionProtection: options.deletionProtection ? "ACTIVE" : "INACTIVE",
    },
    opts,
  );

  const supervisors = new aws.cognito.UserGroup(
    "staff-supervisors-group",
    { userPoolId: userPool.id, name: USER_GROUPS.supervisors, description: "May read the monitor and orders" },
    opts,
  );

  const client = new aws.cognito.UserPoolClient(
    "staff-client",
    {
      userPoolId: userPool.id,
      name: `cargo-express-${options.stage}-staff-web`,
      // The web app runs in a browser and cannot keep a secret.
      generateSecret: false,
      // No ALLOW_REFRESH_TOKEN_AUTH: Cognito does not allow that flow with rotation; renewals are
      // GetTokensFromRefreshToken, which the web app sends.
      explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
      refreshTokenRotation: { feature: "ENABLED", retryGracePeriodSeconds: REFRESH_ROTATION_GRACE_SECONDS },
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: STAFF_TOKEN_VALIDITY.accessMinutes,
      idTokenValidity: STAFF_TOKEN_VALIDITY.idMinutes,
      refreshTokenValidity: STAFF_TOKEN_VALIDITY.refreshDays,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
      readAttributes: ["email", "email_verified"],
      writeAttributes: [...CLIENT_WRITE_ATTRIBUTES],
    },
    opts,
  );

  return { userPool, client, supervisors };
}
