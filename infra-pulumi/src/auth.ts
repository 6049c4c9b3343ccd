/**
 * Sign-in: a Cognito user pool with the three groups the API authorises by, the courier id attribute, the trigger
 * that puts it in access tokens, and the app client couriers' devices, the supervisors' web app and the demo use
 * (InitiateAuth with USER_PASSWORD_AUTH, no client secret). No hosted sign-in domain and no OAuth flows: every
 * client signs in through the API, so a domain would only publish a sign-in page that no client uses.
 *
 * How the orders API learns which courier a user is: the operator sets the custom attribute `custom:courier_id`
 * (the app client may read it but not write it, so a user cannot change their own). Cognito writes custom
 * attributes into ID tokens only, while the couriers' existing client sends its access token; a pre token
 * generation trigger with event version V2_0 copies the attribute into the access token. Access token
 * customization needs the Essentials (or Plus) feature plan, hence `userPoolTier: "ESSENTIALS"`.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME } from "./functions.js";
import { LAMBDA_ASSUME_ROLE_POLICY, logStatements, policyDocument } from "./permissions.js";

/** Group names the API checks in the token's `cognito:groups` (passed to the functions as COURIERS_GROUP etc.). */
export const USER_GROUPS = { couriers: "couriers", supervisors: "supervisors", dispatchers: "dispatchers" } as const;

/** The custom attribute naming the courier a user is, and the access-token claim the trigger copies it to. */
const COURIER_ID_ATTRIBUTE = "courier_id";
export const COURIER_ID_CLAIM = `custom:${COURIER_ID_ATTRIBUTE}`;

/** The trigger's code: one dependency-free file, uploaded as it is. */
export const PRE_TOKEN_GENERATION_SOURCE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "triggers",
  "pre-token-generation.mjs",
);

export interface AuthOptions {
  readonly stage: string;
  readonly deletionProtection: boolean;
  /** Retention of the trigger's log group. Default 30 days. */
  readonly logRetentionDays?: number;
}

export interface Auth {
  readonly userPool: aws.cognito.UserPool;
  readonly client: aws.cognito.UserPoolClient;
  readonly groups: Readonly<Record<keyof typeof USER_GROUPS, aws.cognito.UserGroup>>;
  /** The pre token generation trigger that copies `custom:courier_id` into access tokens. */
  readonly preTokenGeneration: aws.lambda.Function;
  /** The token issuer API Gateway and the functions verify against. */
  readonly issuer: pulumi.Output<string>;
}

/** The trigger function, its log group and a role that may write its own logs and nothing else. */
function createPreTokenGeneration(options: AuthOptions, opts: pulumi.CustomResourceOptions): aws.lambda.Function {
  const name = `cargo-express-${options.stage}-pre-token-generation`;
  const logGroup = new aws.cloudwatch.LogGroup(
    "preTokenGeneration-logs",
    { name: `/aws/lambda/${name}`, retentionInDays: options.logRetentionDays ?? 30 },
    opts,
  );
  const role = new aws.iam.Role(
    "preTokenGeneration-role",
    { description: `Execution role of ${name}`, assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    "preTokenGeneration-policy",
    { role: role.id, policy: policyDocument(logStatements(logGroup.arn)) },
    opts,
  );
  return new aws.lambda.Function(
    "preTokenGeneration",
    {
      name,
      description: "Cognito pre token generation (V2_0): copies custom:courier_id into access tokens",
      runtime: LAMBDA_RUNTIME,
      architectures: [LAMBDA_ARCHITECTURE],
      handler: "index.handler",
      code: new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.FileAsset(PRE_TOKEN_GENERATION_SOURCE) }),
      // Cognito waits at most 5 s for a trigger; the function only copies one attribute.
      memorySize: 128,
      timeout: 5,
      role: role.arn,
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
    },
    { ...opts, dependsOn: [policy] },
  );
}

export function createAuth(options: AuthOptions, opts: pulumi.CustomResourceOptions): Auth {
  const preTokenGeneration = createPreTokenGeneration(options, opts);
  const userPool = new aws.cognito.UserPool(
    "users",
    {
      name: `cargo-express-${options.stage}`,
      // Couriers and supervisors are created by an operator (docs/deploy.md); nobody signs themselves up,
      // so a stranger cannot even obtain a token without a group.
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      // Essentials: the cheapest plan whose pre token generation trigger may add claims to access tokens (V2_0
      // events), which is how the courier id reaches the API. Its free tier (10,000 monthly active users) is far
      // above Cargo Express's fleet and supervisors, so it costs nothing more than Lite at this size.
      userPoolTier: "ESSENTIALS",
      lambdaConfig: { preTokenGenerationConfig: { lambdaArn: preTokenGeneration.arn, lambdaVersion: "V2_0" } },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: false,
        temporaryPasswordValidityDays: 7,
      },
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
      { userPoolId: userPool.id, name: USER_GROUPS.supervisors, description: "May read the monitor and orders" },
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
      explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
      // Without an explicit list a client may write every mutable attribute, custom:courier_id included: a courier
      // could then make themselves another courier with UpdateUserAttributes and their own access token.
      readAttributes: ["email", "email_verified", COURIER_ID_CLAIM],
      writeAttributes: ["email"],
    },
    opts,
  );

  // Cognito may invoke the trigger for this pool only.
  new aws.lambda.Permission(
    "preTokenGeneration-invoke",
    {
      action: "lambda:InvokeFunction",
      function: preTokenGeneration.name,
      principal: "cognito-idp.amazonaws.com",
      sourceArn: userPool.arn,
    },
    opts,
  );

  // `endpoint` is `cognito-idp.<region>.amazonaws.com/<pool id>`: the issuer (`iss`) of the pool's tokens.
  const issuer = pulumi.interpolate`https://${userPool.endpoint}`;

  return { userPool, client, groups, preTokenGeneration, issuer };
}
