import { describe, expect, it } from "vitest";
import { ConfigurationError, decodeRecord, parseStreamArn, readProjectorConfig, shardPartition } from "../src/index.js";

const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/cargo-express-prod-orders/stream/2024-06-10T19:26:16.525";

describe("stream event shapes", () => {
  it("names a shard's partition by table, stream label and shard id", () => {
    expect(parseStreamArn(ARN)).toEqual({
      region: "us-east-1",
      account: "123456789012",
      tableName: "cargo-express-prod-orders",
      streamLabel: "2024-06-10T19:26:16.525",
    });
    expect(shardPartition(ARN, "shardId-00000001718047576497-7c1b4b11")).toBe(
      "cargo-express-prod-orders/2024-06-10T19:26:16.525/shardId-00000001718047576497-7c1b4b11",
    );
    expect(parseStreamArn("arn:aws:dynamodb:us-east-1:123456789012:table/orders")).toBeUndefined();
  });

  it("treats images that are not orders as poison, with a reason", () => {
    const base = { eventName: "INSERT" as const, eventSourceARN: ARN };
    const decoded = decodeRecord(
      {
        ...base,
        dynamodb: {
          SequenceNumber: "12345678901234567890123",
          NewImage: { order_id: { S: "x" }, lines: { S: "nope" } },
        },
      },
      "p",
    );
    expect(decoded).toMatchObject({ kind: "poison", sequence: "12345678901234567890123" });
    expect((decoded as { reason: string }).reason).toContain("MalformedOrderItemError");
    expect(decodeRecord({ ...base, dynamodb: { SequenceNumber: "1" } }, "p")).toMatchObject({
      kind: "poison",
      reason: expect.stringContaining("without NewImage"),
    });
    // A number beyond JavaScript's exact range cannot be unmarshalled safely.
    expect(
      decodeRecord(
        {
          ...base,
          dynamodb: { SequenceNumber: "2", NewImage: { total_cents: { N: "123456789012345678901234567890" } } },
        },
        "p",
      ),
    ).toMatchObject({ kind: "poison" });
    // A void or a correction is a MODIFY: without both images it cannot be read (a stream view other than
    // NEW_AND_OLD_IMAGES), so it is poison, never silently skipped.
    expect(decodeRecord({ eventName: "MODIFY", dynamodb: { SequenceNumber: "3" } }, "p")).toMatchObject({
      kind: "poison",
      reason: expect.stringContaining("MODIFY record without NewImage"),
    });
    expect(decodeRecord({ eventName: "REMOVE", dynamodb: { SequenceNumber: "4" } }, "p")).toEqual({
      kind: "ignored",
      sequence: "4",
      eventName: "REMOVE",
    });
    expect(() => decodeRecord({ eventName: "INSERT", dynamodb: { SequenceNumber: "12a" } }, "p")).toThrow(
      /SequenceNumber/,
    );
  });
});

describe("projector configuration", () => {
  const tables = { ORDERS_TABLE: "o-orders", DELIVERIES_TABLE: "o-deliveries", PROJECTOR_STATE_TABLE: "o-state" };

  it("reads the environment once, with defaults", () => {
    expect(readProjectorConfig({ ...tables, AWS_REGION: "us-east-1", LOG_LEVEL: "debug" })).toEqual({
      region: "us-east-1",
      tables: { orders: "o-orders", deliveries: "o-deliveries", projectorState: "o-state" },
      timeZone: "America/Bogota",
      logLevel: "DEBUG",
    });
    expect(readProjectorConfig({ ...tables, DYNAMODB_ENDPOINT: "http://127.0.0.1:8000" })).toMatchObject({
      region: "local",
      endpoint: "http://127.0.0.1:8000",
    });
  });

  it("names every bad variable at once", () => {
    const read = () =>
      readProjectorConfig({ ORDERS_TABLE: "o-orders", BUSINESS_TIME_ZONE: "Mars/Base", LOG_LEVEL: "LOUD" });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(/DELIVERIES_TABLE.*AWS_REGION.*BUSINESS_TIME_ZONE.*LOG_LEVEL/s);
  });
});
