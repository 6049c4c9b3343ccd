import { beforeAll, describe, expect, it } from "vitest";
import { TUMBLING_WINDOW_SECONDS } from "../src/projector.js";
import { ACCOUNT, REGION, deployUnderMocks, type MockedDeployment } from "./support/mocked-deployment.js";

const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const ORDERS_STREAM_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/cargo-express-dev-orders/stream/2025-01-01T00:00:00.000`;
const FAILURE_QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:cargo-express-dev-projector-failures`;

describe("Orders stream -> projector", () => {
  let deployment: MockedDeployment;
  beforeAll(async () => {
    deployment = await deployUnderMocks();
  });

  it("has exactly one event source mapping, from the Orders stream to the projector", () => {
    const mappings = deployment.ofType(MAPPING);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.inputs).toMatchObject({
      eventSourceArn: ORDERS_STREAM_ARN,
      functionName: "cargo-express-dev-stream-projector",
    });
  });

  it("starts at TRIM_HORIZON, reports partial batch failures, bisects, and keeps one batch per shard in flight", () => {
    expect(deployment.ofType(MAPPING)[0]?.inputs).toMatchObject({
      startingPosition: "TRIM_HORIZON",
      functionResponseTypes: ["ReportBatchItemFailures"],
      bisectBatchOnFunctionError: true,
      parallelizationFactor: 1,
    });
  });

  it("has a 1 s tumbling window, so each event names its shard (the projector's watermark key) and the projector reads no stream itself", () => {
    const mapping = deployment.ofType(MAPPING)[0]?.inputs;
    expect(mapping).toMatchObject({
      tumblingWindowInSeconds: 1,
      functionResponseTypes: ["ReportBatchItemFailures"],
      parallelizationFactor: 1,
    });
    expect(TUMBLING_WINDOW_SECONDS).toBe(1);
  });

  it("keeps the tumbling window whatever batch size and window are configured (the handler refuses events without shardId)", async () => {
    const tuned = await deployUnderMocks({ projectorBatchSize: "1", projectorBatchingWindowSeconds: "3" });
    expect(tuned.ofType(MAPPING)[0]?.inputs).toMatchObject({
      batchSize: 1,
      maximumBatchingWindowInSeconds: 3,
      tumblingWindowInSeconds: 1,
    });
  });

  it("uses the default batch size and no batching window, so an order's time on screen on AWS stays within 2 s", () => {
    expect(deployment.ofType(MAPPING)[0]?.inputs).toMatchObject({ batchSize: 100, maximumBatchingWindowInSeconds: 0 });
  });

  it("bounds retries and record age, then sends the batch to the on-failure queue", () => {
    const mapping = deployment.ofType(MAPPING)[0]?.inputs;
    expect(mapping?.maximumRetryAttempts).toBeGreaterThanOrEqual(7); // enough to bisect 100 records down to one
    expect(mapping?.maximumRetryAttempts).toBeLessThanOrEqual(10);
    expect(mapping?.maximumRecordAgeInSeconds).toBeGreaterThan(0);
    expect(mapping?.maximumRecordAgeInSeconds).toBeLessThan(24 * 3600); // below the stream's retention
    expect(mapping?.destinationConfig).toEqual({ onFailure: { destinationArn: FAILURE_QUEUE_ARN } });
  });

  it("keeps the on-failure queue's messages encrypted and for the longest time SQS allows", () => {
    expect(deployment.named("aws:sqs/queue:Queue", "projector-failures").inputs).toMatchObject({
      name: "cargo-express-dev-projector-failures",
      messageRetentionSeconds: 1_209_600,
      sqsManagedSseEnabled: true,
    });
  });

  it("follows the configured batch size and window", async () => {
    const tuned = await deployUnderMocks({ projectorBatchSize: "250", projectorBatchingWindowSeconds: "2" });
    expect(tuned.ofType(MAPPING)[0]?.inputs).toMatchObject({ batchSize: 250, maximumBatchingWindowInSeconds: 2 });
  });
});
