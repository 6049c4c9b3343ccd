/**
 * The supervisors' live channel on AWS (AppSync Events), as the program deploys it under Pulumi's mocks: who may
 * connect and subscribe (the Cognito tokens of both pools, supervisors only), who may publish (IAM: the projector's
 * role, on this namespace alone), and where the projector and the web app learn its endpoints.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  CLIENT_ID,
  deployUnderMocks,
  LIVE_HTTP_HOST,
  policyOf,
  REGION,
  STAFF_CLIENT_ID,
  STAFF_USER_POOL_ID,
  USER_POOL_ID,
  type MockedDeployment,
} from "./support/mocked-deployment.js";

describe("the live channel: AppSync Events", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({});
  });

  it("connects and subscribes with either Cognito pool's tokens (its own app client only), publishes with IAM only", () => {
    const api = deployment.named("aws:appsync/api:Api", "liveEvents");
    expect(api.inputs.name).toBe("cargo-express-dev-live");
    const config = api.inputs.eventConfig;
    expect(config.authProviders).toEqual([
      {
        authType: "AMAZON_COGNITO_USER_POOLS",
        cognitoConfig: { userPoolId: USER_POOL_ID, awsRegion: REGION, appIdClientRegex: `^${CLIENT_ID}$` },
      },
      {
        authType: "AMAZON_COGNITO_USER_POOLS",
        cognitoConfig: { userPoolId: STAFF_USER_POOL_ID, awsRegion: REGION, appIdClientRegex: `^${STAFF_CLIENT_ID}$` },
      },
      { authType: "AWS_IAM" },
    ]);
    expect(config.connectionAuthModes).toEqual([{ authType: "AMAZON_COGNITO_USER_POOLS" }]);
    expect(config.defaultSubscribeAuthModes).toEqual([{ authType: "AMAZON_COGNITO_USER_POOLS" }]);
    expect(config.defaultPublishAuthModes).toEqual([{ authType: "AWS_IAM" }]);
    // No API key anywhere: nothing a browser could hold would let it publish.
    expect(JSON.stringify(config)).not.toContain("API_KEY");
  });

  it("has one namespace, `monitor`: published to with IAM, subscribed to by supervisors only", () => {
    const namespace = deployment.named("aws:appsync/channelNamespace:ChannelNamespace", "liveMonitor");
    expect(namespace.inputs).toMatchObject({
      name: "monitor",
      publishAuthModes: [{ authType: "AWS_IAM" }],
      subscribeAuthModes: [{ authType: "AMAZON_COGNITO_USER_POOLS" }],
    });
    const handler = String(namespace.inputs.codeHandlers);
    expect(handler).toMatch(/export function onSubscribe\(ctx\)/);
    expect(handler).toContain('groups.includes("supervisors")');
    expect(handler).toContain("util.unauthorized()");
    expect(handler).not.toMatch(/onPublish/);
  });

  it("tells the projector where to publish, and lets its role publish to that namespace and nothing else of AppSync", () => {
    const fn = deployment.named("aws:lambda/function:Function", "streamProjector");
    expect(fn.inputs.environment.variables).toMatchObject({
      LIVE_EVENTS_URL: `https://${LIVE_HTTP_HOST}/event`,
      LIVE_EVENTS_CHANNEL: "/monitor/figures",
    });
    const namespaceArn = String(
      deployment.named("aws:appsync/channelNamespace:ChannelNamespace", "liveMonitor").state.channelNamespaceArn,
    );
    const statements = (key: string) =>
      policyOf(deployment.named("aws:iam/rolePolicy:RolePolicy", `${key}-policy`)).Statement;
    const appsync = statements("streamProjector").filter((s) => s.Action.some((a) => a.startsWith("appsync:")));
    expect(appsync).toEqual([
      { Sid: "PublishFiguresChanged", Effect: "Allow", Action: ["appsync:EventPublish"], Resource: [namespaceArn] },
    ]);
    for (const key of ["ordersApi", "monitorApi"])
      expect(
        statements(key)
          .flatMap((s) => s.Action)
          .filter((a) => a.startsWith("appsync:")),
      ).toEqual([]);
  });
});
