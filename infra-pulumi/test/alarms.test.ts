import { beforeAll, describe, expect, it } from "vitest";
import { API_ID, ACCOUNT, REGION, deployUnderMocks, type MockedDeployment } from "./support/mocked-deployment.js";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:cargo-express-dev-alarms`;

describe("alarms", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks({ alarmEmail: "ops@cargo-express.co" });
  });

  /** metric namespace/name and its dimension values, per alarm name. */
  const watched = () =>
    Object.fromEntries(
      deployment
        .ofType(ALARM)
        .map((alarm) => [
          alarm.inputs.name,
          `${alarm.inputs.namespace} ${alarm.inputs.metricName} ${Object.values(alarm.inputs.dimensions).join(",")}`,
        ]),
    );

  it("watches iterator age, errors and throttles of every function, the dead-letter queue, the projector's dead letters, corrections volume and API 5xx", () => {
    expect(watched()).toEqual({
      "cargo-express-dev-stream-iterator-age": "AWS/Lambda IteratorAge cargo-express-dev-stream-projector",
      "cargo-express-dev-ordersApi-errors": "AWS/Lambda Errors cargo-express-dev-orders-api",
      "cargo-express-dev-ordersApi-throttles": "AWS/Lambda Throttles cargo-express-dev-orders-api",
      "cargo-express-dev-monitorApi-errors": "AWS/Lambda Errors cargo-express-dev-monitor-api",
      "cargo-express-dev-monitorApi-throttles": "AWS/Lambda Throttles cargo-express-dev-monitor-api",
      "cargo-express-dev-streamProjector-errors": "AWS/Lambda Errors cargo-express-dev-stream-projector",
      "cargo-express-dev-streamProjector-throttles": "AWS/Lambda Throttles cargo-express-dev-stream-projector",
      "cargo-express-dev-exportBuilder-errors": "AWS/Lambda Errors cargo-express-dev-export-builder",
      "cargo-express-dev-exportBuilder-throttles": "AWS/Lambda Throttles cargo-express-dev-export-builder",
      "cargo-express-dev-exports-failed": "CargoExpress/Exports FailedExports cargo-express-dev-export-builder",
      "cargo-express-dev-projector-dead-letters":
        "AWS/SQS ApproximateNumberOfMessagesVisible cargo-express-dev-projector-failures",
      "cargo-express-dev-projector-dead-lettered-records":
        "CargoExpress/Projector DeadLetters cargo-express-dev-stream-projector",
      "cargo-express-dev-projector-corrections-volume":
        "CargoExpress/Projector CorrectionsApplied cargo-express-dev-stream-projector",
      "cargo-express-dev-api-5xx": `AWS/ApiGateway 5xx ${API_ID}`,
      "cargo-express-dev-catalog-system-errors": "AWS/DynamoDB SystemErrors cargo-express-dev-catalog",
    });
  });

  it("says a throttle means the function reached its own reserved concurrency, which every function has", () => {
    for (const key of ["ordersApi", "monitorApi", "streamProjector", "exportBuilder"]) {
      const reserved = deployment.named("aws:lambda/function:Function", key).inputs.reservedConcurrentExecutions;
      expect(reserved, key).toBeGreaterThan(0);
      const description = deployment.named(ALARM, `${key}-throttles`).inputs.alarmDescription as string;
      expect(description, key).toMatch(/its own reserved concurrency/);
      expect(description, key).not.toMatch(/account/);
    }
  });

  it("alarms on the first failed export: the metric the export function's EMF line writes, to the alarm topic", () => {
    expect(deployment.named(ALARM, "exports-failed").inputs).toMatchObject({
      namespace: "CargoExpress/Exports",
      metricName: "FailedExports",
      dimensions: { FunctionName: "cargo-express-dev-export-builder" },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [TOPIC_ARN],
    });
  });

  it("alarms when the projector falls more than 10 s behind, the brief's freshness limit", () => {
    expect(deployment.named(ALARM, "stream-iterator-age").inputs).toMatchObject({
      statistic: "Maximum",
      threshold: 10_000,
      comparisonOperator: "GreaterThanThreshold",
    });
  });

  it("alarms on the first dead letter the projector stores: the metric its EMF lines write, per function", () => {
    expect(deployment.named(ALARM, "projector-dead-lettered-records").inputs).toMatchObject({
      namespace: "CargoExpress/Projector",
      metricName: "DeadLetters",
      dimensions: { FunctionName: "cargo-express-dev-stream-projector" },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
  });

  it("alarms on more than 20 voids and corrections in an hour: the metric the projector's EMF lines write", () => {
    expect(deployment.named(ALARM, "projector-corrections-volume").inputs).toMatchObject({
      namespace: "CargoExpress/Projector",
      metricName: "CorrectionsApplied",
      dimensions: { FunctionName: "cargo-express-dev-stream-projector" },
      statistic: "Sum",
      threshold: 20,
      comparisonOperator: "GreaterThanThreshold",
      period: 3_600,
    });
  });

  it("notifies the SNS topic on alarm and on recovery, and treats silence as healthy", () => {
    for (const alarm of deployment.ofType(ALARM)) {
      expect(alarm.inputs, alarm.name).toMatchObject({
        alarmActions: [TOPIC_ARN],
        okActions: [TOPIC_ARN],
        treatMissingData: "notBreaching",
      });
      expect(alarm.inputs.alarmDescription, alarm.name).toBeTruthy();
    }
  });

  it("subscribes the configured email address to the topic", () => {
    expect(deployment.named("aws:sns/topicSubscription:TopicSubscription", "alarm-email").inputs).toMatchObject({
      topic: TOPIC_ARN,
      protocol: "email",
      endpoint: "ops@cargo-express.co",
    });
  });

  it("keeps the topic but subscribes nobody when no email is configured", async () => {
    const quiet = await deployUnderMocks();
    expect(quiet.ofType("aws:sns/topic:Topic")).toHaveLength(1);
    expect(quiet.ofType("aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
  });
});
