import { beforeAll, describe, expect, it } from "vitest";
import {
  ACCOUNT,
  REGION,
  STAFF_CLIENT_ID,
  STAFF_USER_POOL_ID,
  deployUnderMocks,
  outputValue,
  type MockedDeployment,
} from "./support/mocked-deployment.js";

const TRIGGER_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:cargo-express-dev-pre-token-generation`;

describe("the staff user pool: supervisors sign in with a second factor, and their sessions end", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({ deletionProtection: "true" });
  });

  const pool = () => deployment.named("aws:cognito/userPool:UserPool", "staff");
  const client = () => deployment.named("aws:cognito/userPoolClient:UserPoolClient", "staff-client");

  it("is a second pool beside the couriers', created by operators only, protected like the couriers' pool", () => {
    expect(
      deployment
        .ofType("aws:cognito/userPool:UserPool")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["staff", "users"]);
    expect(pool().inputs).toMatchObject({
      name: "cargo-express-dev-staff",
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      deletionProtection: "ACTIVE",
      passwordPolicy: { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true },
    });
  });

  it("requires MFA for every user, with an authenticator app (software TOTP) as the only factor: no SMS, no email codes", () => {
    expect(pool().inputs).toMatchObject({ mfaConfiguration: "ON", softwareTokenMfaConfiguration: { enabled: true } });
    expect(pool().inputs.smsConfiguration).toBeUndefined();
    expect(pool().inputs.emailMfaConfiguration).toBeUndefined();
    expect(pool().inputs.smsAuthenticationMessage).toBeUndefined();
    // The couriers' phones keep the password sign-in they use today.
    expect(deployment.named("aws:cognito/userPool:UserPool", "users").inputs.mfaConfiguration ?? "OFF").toBe("OFF");
  });

  it("runs the same V2_0 token trigger on the Essentials plan, so its access tokens lose the self-service scope", () => {
    expect(pool().inputs).toMatchObject({
      userPoolTier: "ESSENTIALS",
      lambdaConfig: { preTokenGenerationConfig: { lambdaArn: TRIGGER_ARN, lambdaVersion: "V2_0" } },
    });
  });

  it("has the supervisors group, under the same name the API authorises by", () => {
    const groups = deployment
      .ofType("aws:cognito/userGroup:UserGroup")
      .filter((group) => group.inputs.userPoolId === STAFF_USER_POOL_ID);
    expect(groups.map((group) => group.inputs.name)).toEqual(["supervisors"]);
  });

  it("has its own app client: password sign-in and rotating refresh tokens, no secret, no OAuth, no user existence leaks", () => {
    expect(client().inputs).toMatchObject({
      userPoolId: STAFF_USER_POOL_ID,
      generateSecret: false,
      preventUserExistenceErrors: "ENABLED",
    });
    // Renewals are GetTokensFromRefreshToken: REFRESH_TOKEN_AUTH is not allowed with rotation.
    expect([...client().inputs.explicitAuthFlows]).toEqual(["ALLOW_USER_PASSWORD_AUTH"]);
    expect(client().inputs.refreshTokenRotation).toEqual({ feature: "ENABLED", retryGracePeriodSeconds: 10 });
    for (const oauth of ["allowedOauthFlows", "allowedOauthScopes", "callbackUrls", "supportedIdentityProviders"])
      expect(client().inputs[oauth], oauth).toBeUndefined();
  });

  it("keeps sessions short: access and ID tokens 15 minutes at most, refresh tokens 1 day at most, revocation on", () => {
    const inputs = client().inputs;
    expect(inputs.tokenValidityUnits).toEqual({ accessToken: "minutes", idToken: "minutes", refreshToken: "days" });
    expect(inputs.accessTokenValidity).toBeLessThanOrEqual(15);
    expect(inputs.idTokenValidity).toBeLessThanOrEqual(15);
    expect(inputs.refreshTokenValidity).toBeLessThanOrEqual(1);
    expect(inputs.enableTokenRevocation).toBe(true);
    expect(
      deployment.named("aws:cognito/userPoolClient:UserPoolClient", "api-client").inputs.enableTokenRevocation,
    ).toBe(true);
  });

  it("publishes the staff pool and its client as outputs, and gives the web app that client in config.json", async () => {
    expect(await outputValue(deployment.system.outputs.staffUserPoolId)).toBe(STAFF_USER_POOL_ID);
    expect(await outputValue(deployment.system.outputs.staffUserPoolClientId)).toBe(STAFF_CLIENT_ID);
    const config = deployment
      .ofType("aws:s3/bucketObjectv2:BucketObjectv2")
      .find((object) => object.inputs.key === "config.json");
    expect(JSON.parse(config?.inputs.content as string).userPoolClientId).toBe(STAFF_CLIENT_ID);
  });
});
