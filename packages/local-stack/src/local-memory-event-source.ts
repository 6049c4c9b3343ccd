/**
 * A LOCAL stand-in for Lambda's event source mapping over the in-memory change feed, for the local stack without
 * Java (never deployed: this package is not). Each batch the feed delivers (one partition's order-created
 * changes, at least once, in order within the partition) becomes the event Lambda builds for the Orders table's
 * stream: a tumbling-window event (`shardId`, `eventSourceARN`, `window`) of INSERT records (a new order: its
 * `NewImage`) and MODIFY records (a void or a correction: `OldImage` and `NewImage`), each image the order as the
 * Orders table stores it. That event goes to the projector handler deployed to Lambda, so the
 * in-memory stack runs the same path as DynamoDB Local's: handler -> ProjectStreamBatch -> the domain's
 * ProjectOrderBatch (generations, a store per generation, dead letters; here the in-memory ones).
 */
import { createHash } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { InMemoryOrderChangeFeed, StoredOrderChange } from "@cargo-express/adapters-memory";
import { orderToItem, TABLE_DEFINITIONS } from "@cargo-express/adapters-dynamodb";
import type { StoredOrder } from "@cargo-express/domain";
import {
  type DynamoDBTimeWindowEvent,
  type ProjectorHandler,
  toTimeWindowEvent,
  tumblingWindowAt,
} from "@cargo-express/stream-handler";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { toLambdaImage } from "./local-stream-records.js";

/** The Orders table's key attribute and stream view, from the table definitions DynamoDB Local and AWS use too. */
const ORDERS = TABLE_DEFINITIONS.find((definition) => definition.key === "orders")!;

/** Thrown to the feed when the handler did not apply the whole batch: the feed delivers it again. */
class BatchNotAppliedError extends Error {
  override readonly name = "BatchNotAppliedError";
}

export interface LocalMemoryEventSourceOptions {
  readonly feed: InMemoryOrderChangeFeed;
  /** The projector handler, as Lambda invokes it. */
  readonly handler: ProjectorHandler;
  /** The Orders table's name, for the stream ARN the records carry. */
  readonly tableName: string;
  readonly logger: Logger;
  /** Default 1, as deployed. */
  readonly tumblingWindowSeconds?: number;
}

/**
 * Feeds the projector handler from the in-memory change feed. A batch the handler reports records of
 * (`batchItemFailures`) or throws on is delivered again whole after the feed's backoff (100 ms), as the feed
 * redelivers any failed batch; what the handler had already applied is dropped by the partition's watermark.
 * Unlike Lambda it retries forever. `stop()` waits for the batch in flight.
 */
export class LocalMemoryEventSource {
  /** The stream's ARN: a stream label per start, as a re-created stream gets (the watermarks start afresh too). */
  private readonly streamArn: string;
  /** Each feed partition's shard id, numbered in order of first delivery. */
  private readonly shards = new Map<string, string>();
  private subscription: { stop(): Promise<void> } | undefined;

  constructor(private readonly options: LocalMemoryEventSourceOptions) {
    const label = new Date().toISOString().replace(/Z$/, "");
    this.streamArn = `arn:aws:dynamodb:local:000000000000:table/${options.tableName}/stream/${label}`;
  }

  start(): void {
    this.subscription ??= this.options.feed.subscribe(
      (batch) => this.deliver(batch),
      (error) =>
        this.options.logger.error("projector batch failed; it will be delivered again", {
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        }),
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  private async deliver(batch: readonly StoredOrderChange[]): Promise<void> {
    const answer = await this.options.handler(this.eventOf(batch));
    if (answer.batchItemFailures.length > 0)
      throw new BatchNotAppliedError(
        `${answer.batchItemFailures.length} of ${batch.length} records not applied, from sequence ${answer.batchItemFailures[0]!.itemIdentifier}`,
      );
  }

  /** The tumbling-window event Lambda would send for this batch (all of one feed partition: one shard). */
  private eventOf(batch: readonly StoredOrderChange[]): DynamoDBTimeWindowEvent {
    const partition = batch[0]?.partition ?? "";
    let shardId = this.shards.get(partition);
    if (shardId === undefined) {
      shardId = `shardId-${String(this.shards.size + 1).padStart(20, "0")}-00000000`;
      this.shards.set(partition, shardId);
    }
    const nowSeconds = Math.floor(Date.now() / 1000);
    return toTimeWindowEvent(
      batch.map((change) => this.recordOf(change)),
      {
        streamArn: this.streamArn,
        shardId,
        window: tumblingWindowAt(nowSeconds, this.options.tumblingWindowSeconds ?? 1),
      },
    );
  }

  /** The record Lambda delivers for the change: an INSERT with its NewImage, or a MODIFY with both images. */
  private recordOf(change: StoredOrderChange): DynamoDBRecord {
    const { before, after } = change.stored;
    const newImage = imageOf(after);
    const oldImage = before === undefined ? undefined : imageOf(before);
    return {
      // Opaque to the projector (kept in dead letters); the same change keeps the same id when delivered again.
      eventID: createHash("sha256").update(`${change.partition}/${change.sequence}`).digest("hex").slice(0, 32),
      eventName: oldImage === undefined ? "INSERT" : "MODIFY",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "local",
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.parse(change.after.writtenAt) / 1000),
        Keys: { [ORDERS.hashKey]: { S: after.order.id } },
        NewImage: newImage,
        ...(oldImage === undefined ? {} : { OldImage: oldImage }),
        SequenceNumber: change.sequence,
        SizeBytes: Buffer.byteLength(JSON.stringify({ newImage, oldImage })),
        StreamViewType: ORDERS.stream ?? "NEW_AND_OLD_IMAGES",
      },
      eventSourceARN: this.streamArn,
    };
  }
}

/**
 * A stored order as the Orders table's item, in Lambda's image JSON: the order's attributes and, once it has been
 * voided or corrected, its status, revision and history (an item written at intake has none: absent means active,
 * revision 1).
 */
function imageOf(stored: StoredOrder): ReturnType<typeof toLambdaImage> {
  const item = {
    ...orderToItem(stored.order),
    ...(stored.revision === 1 && stored.status === "active"
      ? {}
      : { status: stored.status, revision: stored.revision, history: stored.history }),
  };
  return toLambdaImage(marshall(item, { removeUndefinedValues: true }));
}
