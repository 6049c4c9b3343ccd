/**
 * Sign-in: a Cognito user pool with the two groups the API authorises by, and the app client couriers' devices,
 * the supervisors' web app and the demo use (InitiateAuth with USER_PASSWORD_AUTH, no client secret). No hosted
 * sign-in domain and no OAuth flows: every client signs in through the API, so a domain would only publish a
 * sign-in page that no client uses.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Group names the API checks in the token's `cognito:groups` (passed to the functions as COURIERS_GROUP etc.). */
export const USER_GROUPS = { couriers: "couriers", supervisors: "supervisors" } as const;

export interface AuthOptions {
  readonly stage: string;
  readonly deletionProtection: boolean;
}

export interface Auth {
  readonly userPool: aws.cognito.UserPool;
  readonly client: aws.cognito.UserPoolClient;
  readonly groups: Readonly<Record<keyof typeof USER_GROUPS, aws.cognito.UserGroup>>;
  /** The token issuer API Gateway and the functions verify against. */
  readonly issuer: pulumi.Output<string>;
}

export function createAuth(options: AuthOptions, opts: pulumi.CustomResourceOptions): Auth {
  const userPool = new aws.cognito.UserPool(
    "users",
    {
      name: `cargo-express-${options.stage}`,
      // Couriers and supervisors are created by an operator (docs/deploy.md); nobody signs themselves up,
      // so a stranger cannot even obtain a token without a group.
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      // Lite covers user-password sign-in and groups, and is the cheapest plan; its free tier
      // (10,000 monthly active users) is far above Cargo Express's fleet.
      userPoolTier: "LITE",
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      },
      schemas: [{ name: "email", attributeDataType: "String", required: true, mutable: true }],
      autoVerifiedAttributes: ["email"],
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
      deletionProtection: options.deletionProtection ? "ACTIVE" : "INACTIVE",
    },
    opts,
  );

  const groups = {
    couriers: new aws.cognito.UserGroup(
      "couriers-group",
      { userPoolId: userPool.id, name: USER_GROUPS.couriers, description: "May post delivered orders" },
      opts,
    ),
    supervisors: new aws.cognito.UserGroup(
      "supervisors-group",
      { userPoolId: userPool.id, name: USER_GROUPS.supervisors, description: "May read the monitor and orders" },
      opts,
    ),
  };

  const client = new aws.cognito.UserPoolClient(
    "api-client",
    {
      userPoolId: userPool.id,
      name: `cargo-express-${options.stage}-api`,
      // Public clients (devices, the demo) cannot keep a secret.
      generateSecret: false,
      explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
    },
    opts,
  );

  // `endpoint` is `cognito-idp.<region>.amazonaws.com/<pool id>`: the issuer (`iss`) of the pool's tokens.
  const issuer = pulumi.interpolate`https://${userPool.endpoint}`;

  return { userPool, client, groups, issuer };
}
