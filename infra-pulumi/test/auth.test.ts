import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { COURIER_ID_CLAIM, PRE_TOKEN_GENERATION_SOURCE } from "../src/auth.js";
import {
  ACCOUNT,
  REGION,
  USER_POOL_ID,
  archiveFiles,
  deployUnderMocks,
  policyOf,
  type MockedDeployment,
} from "./support/mocked-deployment.js";

const TRIGGER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:cargo-express-dev-pre-token-generation`;

describe("Cognito: which courier a user is (issue 11)", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({ logRetentionDays: "60" });
  });

  it("runs the pool on the Essentials plan with a V2_0 pre token generation trigger, so the trigger may add claims to access tokens", () => {
    expect(deployment.named("aws:cognito/userPool:UserPool", "users").inputs).toMatchObject({
      userPoolTier: "ESSENTIALS",
      lambdaConfig: { preTokenGenerationConfig: { lambdaArn: TRIGGER_ARN, lambdaVersion: "V2_0" } },
    });
  });

  it("has a custom:courier_id attribute the app client may read but not write (only an operator sets it)", () => {
    const pool = deployment.named("aws:cognito/userPool:UserPool", "users");
    expect(pool.inputs.schemas).toContainEqual(
      expect.objectContaining({ name: "courier_id", attributeDataType: "String", mutable: true }),
    );
    const client = deployment.named("aws:cognito/userPoolClient:UserPoolClient", "api-client");
    expect(client.inputs.readAttributes).toContain(COURIER_ID_CLAIM);
    expect(client.inputs.writeAttributes).toEqual(["email"]);
  });

  it("lets only this user pool invoke the trigger", () => {
    const permission = deployment.named("aws:lambda/permission:Permission", "preTokenGeneration-invoke");
    expect(permission.inputs).toMatchObject({
      action: "lambda:InvokeFunction",
      function: "cargo-express-dev-pre-token-generation",
      principal: "cognito-idp.amazonaws.com",
      sourceArn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${USER_POOL_ID}`,
    });
  });

  it("gives the trigger its own role that may write its own logs and nothing else, a log group with the stack's retention, and Cognito's 5 s limit", () => {
    const fn = deployment.named("aws:lambda/function:Function", "preTokenGeneration");
    const role = deployment.named("aws:iam/role:Role", "preTokenGeneration-role");
    expect(fn.inputs).toMatchObject({
      name: "cargo-express-dev-pre-token-generation",
      handler: "index.handler",
      runtime: "nodejs24.x",
      timeout: 5,
      role: role.state.arn,
    });
    expect(fn.inputs.environment).toBeUndefined();
    const logs = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/cargo-express-dev-pre-token-generation`;
    const policy = policyOf(deployment.named("aws:iam/rolePolicy:RolePolicy", "preTokenGeneration-policy"));
    expect(policy.Statement).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [logs, `${logs}:log-stream:*`],
      },
    ]);
    expect(deployment.named("aws:cloudwatch/logGroup:LogGroup", "preTokenGeneration-logs").inputs.retentionInDays).toBe(
      60,
    );
  });

  it("uploads the trigger's one dependency-free file as index.mjs", async () => {
    expect(
      await archiveFiles(deployment.named("aws:lambda/function:Function", "preTokenGeneration").inputs.code),
    ).toEqual({ "index.mjs": PRE_TOKEN_GENERATION_SOURCE });
    expect(readFileSync(PRE_TOKEN_GENERATION_SOURCE, "utf8")).not.toMatch(/^\s*import\s/m);
  });
});

describe("the pre token generation trigger's handler (V2_0 events)", () => {
  type Handler = (event: Record<string, any>) => Promise<Record<string, any>>;
  let handler: Handler;
  beforeAll(async () => {
    handler = ((await import(pathToFileURL(PRE_TOKEN_GENERATION_SOURCE).href)) as { handler: Handler }).handler;
  });

  /** A V2_0 event as Cognito documents it, for a user with these attributes. */
  const event = (userAttributes: Record<string, string>) => ({
    version: "2",
    triggerSource: "TokenGeneration_Authentication",
    region: REGION,
    userPoolId: USER_POOL_ID,
    userName: "repartidor-106",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "client" },
    request: {
      userAttributes: { sub: "9f3c", "cognito:user_status": "CONFIRMED", ...userAttributes },
      groupConfiguration: { groupsToOverride: ["couriers"] },
      scopes: [],
    },
    response: { claimsAndScopeOverrideDetails: null },
  });

  it("copies the user's custom:courier_id into the access token, and leaves everything else as Cognito made it", async () => {
    const result = await handler(event({ "custom:courier_id": "106" }));
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { "custom:courier_id": "106" } },
      },
    });
    expect(result.request.groupConfiguration).toEqual({ groupsToOverride: ["couriers"] });
  });

  it.each([
    ["no attribute", {}],
    ["an empty one", { "custom:courier_id": "" }],
    ["one that is not digits", { "custom:courier_id": "106 " }],
  ])(
    "adds no claim for a user with %s (the API then refuses that user's orders unless it is a dispatcher)",
    async (_, attributes) => {
      const result = await handler(event(attributes));
      expect(result.response).toEqual({
        claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: {} } },
      });
    },
  );
});
