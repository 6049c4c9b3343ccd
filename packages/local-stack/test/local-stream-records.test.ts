import type { _Record as StreamsRecord } from "@aws-sdk/client-dynamodb-streams";
import { describe, expect, it } from "vitest";
import { toLambdaRecord } from "../src/local-stream-records.js";

const ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/cargo-express-prod-orders/stream/2024-06-10T19:26:16.525";

/** Moved from stream-handler's stream-events.test.ts with the poller's Streams-API reading. */
describe("the local stand-in's stream records", () => {
  it("builds the record Lambda delivers from a Streams API record", () => {
    const record: StreamsRecord = {
      eventID: "7f3e1466-5caa-4342-bb81-c1e6be5d69d3",
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "ddblocal",
      dynamodb: {
        ApproximateCreationDateTime: new Date("2026-11-28T00:18:00.000Z"),
        Keys: { order_id: { S: "a0" } },
        NewImage: {
          order_id: { S: "a0" },
          n: { N: "1" },
          b: { B: new Uint8Array([1, 2, 3]) },
          l: { L: [{ BOOL: true }, { M: { x: { NULL: true } } }] },
        },
        SequenceNumber: "000000000000000000002",
        SizeBytes: 23,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    };
    expect(toLambdaRecord(record, ARN, "us-east-1")).toEqual({
      eventID: "7f3e1466-5caa-4342-bb81-c1e6be5d69d3",
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "us-east-1",
      eventSourceARN: ARN,
      dynamodb: {
        ApproximateCreationDateTime: 1795825080,
        Keys: { order_id: { S: "a0" } },
        NewImage: {
          order_id: { S: "a0" },
          n: { N: "1" },
          b: { B: "AQID" },
          l: { L: [{ BOOL: true }, { M: { x: { NULL: true } } }] },
        },
        SequenceNumber: "000000000000000000002",
        SizeBytes: 23,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
  });
});
