/**
 * The pre token generation trigger both user pools run (V2_0 events): its function, log group and a role that may
 * write its own logs and nothing else; Cognito may invoke it for the two pools only. The code is one
 * dependency-free file, triggers/pre-token-generation.mjs, uploaded as it is.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME } from "./functions.js";
import { LAMBDA_ASSUME_ROLE_POLICY, logStatements, policyDocument } from "./permissions.js";

/** The trigger's code: one dependency-free file, uploaded as it is. */
export const PRE_TOKEN_GENERATION_SOURCE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "triggers",
  "pre-token-generation.mjs",
);

export interface TriggerOptions {
  readonly stage: string;
  /** Retention of the trigger's log group. Default 30 days. */
  readonly logRetentionDays?: number;
}

export function createPreTokenGeneration(
  options: TriggerOptions,
  opts: pulumi.CustomResourceOptions,
): aws.lambda.Function {
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
      description:
        "Cognito pre token generation (V2_0): copies custom:courier_id into access tokens, removes the self-service scope",
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

/** Cognito may invoke the trigger for this pool only. */
export function allowPoolToInvoke(
  resourceName: string,
  trigger: aws.lambda.Function,
  userPool: aws.cognito.UserPool,
  opts: pulumi.CustomResourceOptions,
): aws.lambda.Permission {
  return new aws.lambda.Permission(
    resourceName,
    {
      action: "lambda:InvokeFunction",
      function: trigger.name,
      principal: "cognito-idp.amazonaws.com",
      sourceArn: userPool.arn,
    },
    opts,
  );
}
