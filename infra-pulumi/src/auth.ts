/**
 * Sign-in: two Cognito user pools, each with the groups the API authorises by (same names, same rules), and the
 * pre token generation trigger both run (token-trigger.ts). No hosted sign-in domain and no OAuth flows: every
 * client signs in through the API, so a domain would only publish a sign-in page that no client uses.
 * - The couriers' pool (this file): couriers' phones, and dispatchers, the back-office systems (the previous
 *   system's client among them) that cannot answer an interactive second factor: password sign-in, as today.
 * - The staff pool (staff-pool.ts): supervisors, with a required authenticator-app code and short sessions.
 *
 * How the orders API learns which courier a user is: the operator sets the custom attribute `custom:courier_id`
 * (no app client may write it, so a user cannot change their own). Cognito writes custom attributes into ID tokens
 * only, while the couriers' existing client sends its access token; the trigger (event version V2_0) copies the
 * attribute into the access token. Access token customization needs the Essentials (or Plus) feature plan.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CLIENT_WRITE_ATTRIBUTES,
  COURIER_ID_ATTRIBUTE,
  COURIER_ID_CLAIM,
  PASSWORD_POLICY,
  USER_GROUPS,
  USER_POOL_TIER,
} from "./sign-in-settings.js";
import { createStaffPool, type StaffPool } from "./staff-pool.js";
import { allowPoolToInvoke, createPreTokenGeneration } from "./token-trigger.js";

export interface AuthOptions {
  readonly stage: string;
  readonly deletionProtection: boolean;
  /** Retention of the trigger's log group. Default 30 days. */
  readonly logRetentionDays?: number;
}

export interface Auth {
  /** The couriers' pool: couriers and dispatchers (and the supervisors group, for back-office systems only). */
  readonly userPool: aws.cognito.UserPool;
  /** The couriers' pool's app client: the phones, the back-office systems, the demo. */
  readonly client: aws.cognito.UserPoolClient;
  readonly groups: Readonly<Record<keyof typeof USER_GROUPS, aws.cognito.UserGroup>>;
  /** The staff pool: supervisors, TOTP required. */
  readonly staff: StaffPool;
  /** The trigger both pools run: copies `custom:courier_id` into access tokens, removes the self-service scope. */
  readonly preTokenGeneration: aws.lambda.Function;
  /** The token issuers API Gateway and the functions verify against. */
  readonly issuer: pulumi.Output<string>;
  readonly staffIssuer: pulumi.Output<string>;
}

/** `endpoint` is `cognito-idp.<region>.amazonaws.com/<pool id>`: the issuer (`iss`) of the pool's tokens. */
const issuerOf = (userPool: aws.cognito.UserPool) => pulumi.interpolate`https://${userPool.endpoint}`;

export function createAuth(options: AuthOptions, opts: pulumi.CustomResourceOptions): Auth {
  const preTokenGeneration = createPreTokenGeneration(options, opts);
  const userPool = new aws.cognito.UserPool(
    "users",
    {
      name: `cargo-express-${options.stage}`,
      // Couriers and dispatchers are created by an operator (docs/deploy.md); nobody signs themselves up,
      // so a stranger cannot even obtain a token without a group.
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      userPoolTier: USER_POOL_TIER,
      lambdaConfig: { preTokenGenerationConfig: { lambdaArn: preTokenGeneration.arn, lambdaVersion: "V2_0" } },
      passwordPolicy: PASSWORD_POLICY,
      schemas: [
        { name: "email", attributeDataType: "String", required: true, mutable: true },
        // Set by the operator only (admin-create-user / admin-update-user-attributes): the app client below may read
        // it but not write it. Digits, as the orders' IdRepartidor; the API compares canonical ids ("0106" is 106).
        {
          name: COURIER_ID_ATTRIBUTE,
          attributeDataType: "String",
          mutable: true,
          developerOnlyAttribute: false,
          stringAttributeConstraints: { minLength: "1", maxLength: "15" },
        },
      ],
      autoVerifiedAttributes: ["email"],
      accountRecoverySetting: { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] },
      deletionProtection: options.deletionProtection ? "ACTIVE" : "INACTIVE",
    },
    opts,
  );

  const groups = {
    couriers: new aws.cognito.UserGroup(
      "couriers-group",
      {
        userPoolId: userPool.id,
        name: USER_GROUPS.couriers,
        description: "May post delivered orders of the courier in its custom:courier_id only",
      },
      opts,
    ),
    supervisors: new aws.cognito.UserGroup(
      "supervisors-group",
      {
        userPoolId: userPool.id,
        name: USER_GROUPS.supervisors,
        description:
          "May read the monitor: back-office systems only (people who supervise belong in the staff pool, with a second factor)",
      },
      opts,
    ),
    dispatchers: new aws.cognito.UserGroup(
      "dispatchers-group",
      {
        userPoolId: userPool.id,
        name: USER_GROUPS.dispatchers,
        description:
          "May post delivered orders for any courier (back-office integrations, the previous system's simulator)",
      },
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
      // No refresh token rotation here (the staff client has it): rotation refuses REFRESH_TOKEN_AUTH, which the
      // couriers' existing client may use to renew, and that client must keep working unchanged.
      explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
      readAttributes: ["email", "email_verified", COURIER_ID_CLAIM],
      writeAttributes: [...CLIENT_WRITE_ATTRIBUTES],
    },
    opts,
  );
  allowPoolToInvoke("preTokenGeneration-invoke", preTokenGeneration, userPool, opts);

  const staff = createStaffPool(
    { stage: options.stage, deletionProtection: options.deletionProtection, preTokenGeneration },
    opts,
  );
  allowPoolToInvoke("preTokenGeneration-invoke-staff", preTokenGeneration, staff.userPool, opts);

  return {
    userPool,
    client,
    groups,
    staff,
    preTokenGeneration,
    issuer: issuerOf(userPool),
    staffIssuer: issuerOf(staff.userPool),
  };
}
