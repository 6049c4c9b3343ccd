import { marshall } from "@aws-sdk/util-dynamodb";
import { orderToItem } from "@cargo-express/adapters-dynamodb";
import {
  InMemoryDeadLetters,
  InMemoryGenerations,
  InMemoryMonitorQueries,
  InMemoryProjectionStores,
} from "@cargo-express/adapters-memory";
import type { StoredOrder } from "@cargo-express/domain";
import type { AttributeValue, DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import {
  CORRECTIONS_METRIC,
  createProjectorHandlerOver,
  decodeRecord,
  silentLogger,
  toTimeWindowEvent,
  tumblingWindowAt,
} from "../src/index.js";
import { anOrder } from "./support/orders.js";

const image = (item: object) => marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>;
const original = anOrder({
  id: "rev-1",
  at: Date.parse("2024-09-11T23:00:00.000Z"),
  receivedAtMs: Date.parse("2024-09-11T23:30:00.000Z"),
});
const voided: StoredOrder = {
  order: original,
  status: "voided",
  revision: 2,
  history: [
    { revision: 1, action: "created", at: original.receivedAt, by: "courier-106" },
    { revision: 2, action: "voided", at: "2024-09-12T14:00:00.000Z", by: "supervisor", reason: "pedido de prueba" },
  ],
};
const voidedItem = { ...orderToItem(original), status: "voided", revision: 2, history: voided.history };

describe("decoding the stream records of voids and corrections", () => {
  it("reads a MODIFY as the revision before and the one after, each with when it was written", () => {
    const decoded = decodeRecord(
      {
        eventName: "MODIFY",
        dynamodb: { SequenceNumber: "7", OldImage: image(orderToItem(original)), NewImage: image(voidedItem) },
      },
      "p",
    );
    expect(decoded).toEqual({
      kind: "order",
      sequence: "7",
      eventName: "MODIFY",
      change: {
        partition: "p",
        sequence: "7",
        // An item written at intake has no status, revision or history: active, revision 1, written when received.
        before: { order: original, status: "active", revision: 1, writtenAt: original.receivedAt },
        after: { order: original, status: "voided", revision: 2, writtenAt: "2024-09-12T14:00:00.000Z" },
      },
    });
  });

  it("dead-letters a MODIFY whose old image is missing or unreadable, or whose images are of two orders, keeping both images", () => {
    const other = anOrder({ id: "rev-2" });
    const cases = [
      [{ NewImage: image(voidedItem) }, "MODIFY record without OldImage"],
      [
        { OldImage: image({ order_id: "rev-1", lines: "nope" }), NewImage: image(voidedItem) },
        "OldImage: MalformedOrderItemError",
      ],
      [
        { OldImage: image(orderToItem(other)), NewImage: image(voidedItem) },
        "OldImage is order rev-2, NewImage order rev-1",
      ],
    ] as const;
    for (const [images, reason] of cases) {
      const decoded = decodeRecord({ eventName: "MODIFY", dynamodb: { SequenceNumber: "8", ...images } }, "p");
      expect(decoded).toMatchObject({ kind: "poison", reason: expect.stringContaining(reason) });
      expect(JSON.parse((decoded as { image: string }).image)).toHaveProperty("NewImage");
    }
  });
});

describe("the corrections-volume metric", () => {
  it("writes one EMF line per batch with the voids and corrections applied to the monitor's figures, none for new orders", async () => {
    const lines: Record<string, unknown>[] = [];
    const generations = new InMemoryGenerations();
    const stores = new InMemoryProjectionStores();
    const handler = createProjectorHandlerOver(
      { plan: generations, stores, deadLetters: new InMemoryDeadLetters() },
      {
        timeZone: "America/Bogota",
        logger: silentLogger(),
        correctionsMetric: {
          functionName: "projector",
          write: (line) => void lines.push(JSON.parse(line)),
          now: () => 0,
        },
      },
    );
    const record = (sequence: string, eventName: "INSERT" | "MODIFY", images: object): DynamoDBRecord => ({
      eventName,
      eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-09-11T00:00:00.000",
      dynamodb: { SequenceNumber: sequence, ...images },
    });
    const event = (records: DynamoDBRecord[]) =>
      toTimeWindowEvent(records, {
        streamArn: records[0]!.eventSourceARN!,
        shardId: "shardId-00000001718047576497-7c1b4b11",
        window: tumblingWindowAt(0, 1),
      });
    const inserted = record("1", "INSERT", { NewImage: image(orderToItem(original)) });
    const voidedRecord = record("2", "MODIFY", { OldImage: image(orderToItem(original)), NewImage: image(voidedItem) });

    expect((await handler(event([inserted]))).batchItemFailures).toEqual([]);
    expect(lines).toEqual([]);
    expect((await handler(event([inserted, voidedRecord]))).batchItemFailures).toEqual([]);
    // Delivered again: the watermark drops it, and the metric counts nothing more.
    await handler(event([voidedRecord]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: CORRECTIONS_METRIC.namespace,
            Dimensions: [[CORRECTIONS_METRIC.dimension]],
            Metrics: [{ Name: "CorrectionsApplied", Unit: "Count" }],
          },
        ],
      },
      FunctionName: "projector",
      CorrectionsApplied: 1,
      voided: "1",
      corrected: "0",
    });
    const figures = await new InMemoryMonitorQueries(generations, stores).read({
      topProducts: 10,
      maxCouriers: 10,
      hours: [],
    });
    expect(figures.totals).toEqual({ orders: 0, units: 0, revenue: 0 });
    expect(figures.couriers).toEqual([]);
  });
});
