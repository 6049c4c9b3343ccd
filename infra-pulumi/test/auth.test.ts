import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { COURIER_ID_CLAIM } from "../src/sign-in-settings.js";
import { PRE_TOKEN_GENERATION_SOURCE } from "../src/token-trigger.js";
import {
  ACCOUNT,
  REGION,
  STAFF_USER_POOL_ID,
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
    expect(client.inputs.writeAttributes).not.toContain(COURIER_ID_CLAIM);
  });

  it("lets no token rewrite its account: every app client states a write list without email, phone or custom attributes", () => {
    const clients = deployment.ofType("aws:cognito/userPoolClient:UserPoolClient");
    expect(clients.map((client) => client.name).sort()).toEqual(["api-client", "staff-client"]);
    for (const client of clients) {
      const written = client.inputs.writeAttributes as string[] | undefined;
      // Cognito reads a missing or empty list as "every attribute writable".
      expect(written?.length, client.name).toBeGreaterThan(0);
      for (const attribute of written ?? [])
        expect(attribute, client.name).not.toMatch(
          /^(email|email_verified|phone_number|phone_number_verified|custom:.*)$/,
        );
    }
  });

  it("lets only the two user pools invoke the trigger, each by its own permission", () => {
    const trigger = "cargo-express-dev-pre-token-generation";
    for (const [name, pool] of [
      ["preTokenGeneration-invoke", USER_POOL_ID],
      ["preTokenGeneration-invoke-staff", STAFF_USER_POOL_ID],
    ] as const) {
      expect(deployment.named("aws:lambda/permission:Permission", name).inputs, name).toMatchObject({
        action: "lambda:InvokeFunction",
        function: trigger,
        principal: "cognito-idp.amazonaws.com",
        sourceArn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${pool}`,
      });
    }
    expect(
      deployment.ofType("aws:lambda/permission:Permission").filter((p) => p.inputs.function === trigger),
    ).toHaveLength(2);
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

  /**
   * A V2_0 event as Cognito sends it for a sign-in with USER_PASSWORD_AUTH (or a refresh), for a user with these
   * attributes: the request lists the scopes the access token would carry, the response starts empty.
   */
  const event = (userAttributes: Record<string, string>, triggerSource = "TokenGeneration_Authentication") => ({
    version: "2",
    triggerSource,
    region: REGION,
    userPoolId: USER_POOL_ID,
    userName: "repartidor-106",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "client" },
    request: {
      userAttributes: { sub: "9f3c", "cognito:user_status": "CONFIRMED", ...userAttributes },
      groupConfiguration: { groupsToOverride: ["couriers"], iamRolesToOverride: [], preferredRole: null },
      scopes: ["aws.cognito.signin.user.admin"],
    },
    response: { claimsAndScopeOverrideDetails: null },
  });

  const SUPPRESSED = ["aws.cognito.signin.user.admin"];

  it.each(["TokenGeneration_Authentication", "TokenGeneration_RefreshTokens", "TokenGeneration_NewPasswordChallenge"])(
    "copies the user's custom:courier_id into the access token and removes the self-service scope (%s)",
    async (triggerSource) => {
      const result = await handler(event({ "custom:courier_id": "106" }, triggerSource));
      expect(result.response).toEqual({
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: {
            claimsToAddOrOverride: { "custom:courier_id": "106" },
            scopesToSuppress: SUPPRESSED,
          },
        },
      });
      expect(result.request.groupConfiguration.groupsToOverride).toEqual(["couriers"]);
    },
  );

  it("removes the self-service scope for a supervisor of the staff pool too, adding no claim", async () => {
    const supervisor = {
      ...event({ email: "ana@example.com" }),
      userPoolId: STAFF_USER_POOL_ID,
      userName: "ana",
    };
    const result = await handler(supervisor);
    expect(result.response).toEqual({
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: {}, scopesToSuppress: SUPPRESSED },
      },
    });
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
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: { claimsToAddOrOverride: {}, scopesToSuppress: SUPPRESSED },
        },
      });
    },
  );
});
