import { beforeAll, describe, expect, it } from "vitest";
import { tableNamesFor } from "@cargo-express/adapters-dynamodb/tables";
import {
  API_ID,
  CLIENT_ID,
  REGION,
  USER_POOL_ID,
  deployUnderMocks,
  outputValue,
  STAFF_CLIENT_ID,
  STAFF_USER_POOL_ID,
  type MockedDeployment,
} from "./support/mocked-deployment.js";

describe("stack outputs and shared settings", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({ stage: "qa", "aws:region": "sa-east-1" });
  });

  it("publishes what a client and an operator need", async () => {
    const outputs = deployment.system.outputs;
    expect({
      apiUrl: await outputValue(outputs.apiUrl),
      region: outputs.region,
      userPoolId: await outputValue(outputs.userPoolId),
      userPoolClientId: await outputValue(outputs.userPoolClientId),
      staffUserPoolId: await outputValue(outputs.staffUserPoolId),
      staffUserPoolClientId: await outputValue(outputs.staffUserPoolClientId),
      tableNames: outputs.tableNames,
      catalogTableName: outputs.catalogTableName,
      exportsTableName: outputs.exportsTableName,
      exportsBucketName: await outputValue(outputs.exportsBucketName),
      functionNames: {
        ordersApi: await outputValue(outputs.functionNames.ordersApi),
        monitorApi: await outputValue(outputs.functionNames.monitorApi),
        streamProjector: await outputValue(outputs.functionNames.streamProjector),
        exportBuilder: await outputValue(outputs.functionNames.exportBuilder),
      },
      alarmTopicArn: await outputValue(outputs.alarmTopicArn),
      projectorFailureQueueUrl: await outputValue(outputs.projectorFailureQueueUrl),
    }).toEqual({
      // The mock answers in us-east-1 whatever the configured region; the program passes the value through.
      apiUrl: `https://${API_ID}.execute-api.${REGION}.amazonaws.com`,
      region: "sa-east-1",
      userPoolId: USER_POOL_ID,
      userPoolClientId: CLIENT_ID,
      staffUserPoolId: STAFF_USER_POOL_ID,
      staffUserPoolClientId: STAFF_CLIENT_ID,
      tableNames: tableNamesFor("cargo-express-qa"),
      catalogTableName: "cargo-express-qa-catalog",
      exportsTableName: "cargo-express-qa-exports",
      exportsBucketName: expect.stringMatching(/^cargo-express-qa-exports-/),
      functionNames: {
        ordersApi: "cargo-express-qa-orders-api",
        monitorApi: "cargo-express-qa-monitor-api",
        streamProjector: "cargo-express-qa-stream-projector",
        exportBuilder: "cargo-express-qa-export-builder",
      },
      alarmTopicArn: expect.stringMatching(/:cargo-express-qa-alarms$/),
      projectorFailureQueueUrl: expect.stringMatching(/\/cargo-express-qa-projector-failures$/),
    });
  });

  it("deploys into the configured region through one explicit provider (and the CloudFront web ACL through a us-east-1 one)", () => {
    const providers = deployment.ofType("pulumi:providers:aws");
    expect(providers.map((provider) => [provider.name, provider.inputs.region])).toEqual([
      ["aws", "sa-east-1"],
      ["aws-cloudfront-waf", "us-east-1"],
    ]);
    const explicit = `urn:pulumi:test::cargo-express::pulumi:providers:aws::aws::${providers[0]?.id}`;
    const waf = deployment.named("aws:wafv2/webAcl:WebAcl", "web-acl");
    expect(waf.provider).toBe(
      `urn:pulumi:test::cargo-express::cargo-express:web:Site$pulumi:providers:aws::aws-cloudfront-waf::${providers[1]?.id}`,
    );
    const awsResources = deployment.resources.filter(
      (resource) => resource.type.startsWith("aws:") && resource !== waf,
    );
    expect(awsResources.length).toBeGreaterThan(40);
    for (const resource of awsResources) expect(resource.provider, `${resource.type} ${resource.name}`).toBe(explicit);
  });

  it("prefixes every physical name with the stage, so stages can share an account", () => {
    const named = deployment.resources.filter(
      (resource) => typeof resource.inputs.name === "string" && !resource.type.startsWith("pulumi:"),
    );
    expect(named.length).toBeGreaterThan(20);
    for (const resource of named) {
      if (
        resource.type === "aws:apigatewayv2/stage:Stage" ||
        resource.type === "aws:cognito/userGroup:UserGroup" ||
        resource.type === "aws:apigatewayv2/authorizer:Authorizer" ||
        // A channel namespace is named inside its Event API, which carries the stage (as a group inside its pool).
        resource.type === "aws:appsync/channelNamespace:ChannelNamespace"
      )
        continue;
      expect(resource.inputs.name, `${resource.type} ${resource.name}`).toMatch(/cargo-express-qa/);
    }
  });
});
