import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { MalformedStreamEventError } from "./order-records.js";
import { shardPartition } from "./stream-arn.js";

/**
 * The event Lambda's event source mapping sends for a DynamoDB stream when the mapping has a tumbling window
 * (`TumblingWindowInSeconds` >= 1): the records of one batch of one shard, plus the window's properties.
 * Field names as AWS documents them (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html,
 * "Example DynamodbTimeWindowEvent"); `@types/aws-lambda` has this shape for Kinesis only.
 *
 * `shardId` is the DynamoDB Streams shard id of the batch (`shardId-<20 digits>-<8 hex>`), the same id
 * DescribeStream lists: the projector's watermark key. A window's last invocation (`isFinalInvokeForWindow`)
 * may carry no records.
 */
export interface DynamoDBTimeWindowEvent extends DynamoDBStreamEvent {
  readonly window: { readonly start: string; readonly end: string };
  /** What the previous invocation of this window returned as `state` (empty at a window's start). */
  readonly state?: Record<string, string>;
  readonly shardId: string;
  readonly eventSourceARN: string;
  readonly isFinalInvokeForWindow: boolean;
  readonly isWindowTerminatedEarly: boolean;
}

/**
 * The answer to a tumbling-window event. Lambda treats a response without `state` as a failed invocation;
 * `batchItemFailures` works as without a window (ReportBatchItemFailures: Lambda resumes from the lowest).
 */
export interface TimeWindowEventResponse extends DynamoDBBatchResponse {
  readonly state: Record<string, string>;
}

/** What the handler may receive at run time: a time-window event, or (misconfigured) a plain stream event. */
export type ProjectorEvent = DynamoDBStreamEvent & Partial<Omit<DynamoDBTimeWindowEvent, "Records">>;

/** The names of the setting, as the error below and the docs say them. */
const TUMBLING_WINDOW_SETTING =
  "TumblingWindowInSeconds (Pulumi: tumblingWindowInSeconds in infra-pulumi/src/projector.ts)";

/**
 * An event without `shardId`: the event source mapping has no tumbling window. Not a data problem and not
 * transient: the projector cannot know the batch's shard, so it refuses the whole invocation (thrown, so
 * Lambda counts a function error and the mapping's retry limit and on-failure queue apply) instead of
 * guessing a watermark key.
 */
export class TumblingWindowMissingError extends Error {
  override readonly name = "TumblingWindowMissingError";
}

/** DynamoDB Streams shard ids, as DescribeStream and Lambda's `shardId` give them (DynamoDB Local too). */
const SHARD_ID = /^shardId-\d{20}-[0-9a-f]{8}$/;

export interface BatchShard {
  readonly streamArn: string;
  readonly shardId: string;
  /** The watermark partition: `<table>/<stream label>/<shard id>`. */
  readonly partition: string;
}

/**
 * The shard of a batch, from the event itself: no Streams API call. Throws TumblingWindowMissingError
 * when the event does not name its shard, MalformedStreamEventError when the event contradicts itself
 * (records of another stream) or names something that is not a DynamoDB Streams shard id.
 */
export function batchShardOf(event: ProjectorEvent): BatchShard {
  const shardId = event.shardId;
  if (typeof shardId !== "string" || shardId === "") {
    throw new TumblingWindowMissingError(
      `the stream event has no shardId: the projector's event source mapping needs a tumbling window (${TUMBLING_WINDOW_SETTING} >= 1); ` +
        "without it Lambda's DynamoDB event does not name the batch's shard, which keys the projector's watermark",
    );
  }
  if (!SHARD_ID.test(shardId))
    throw new MalformedStreamEventError(`the stream event's shardId is not a DynamoDB Streams shard id: ${shardId}`);
  const records: readonly DynamoDBRecord[] = event.Records ?? [];
  const streamArn = event.eventSourceARN ?? records[0]?.eventSourceARN;
  if (streamArn === undefined) throw new MalformedStreamEventError("the stream event names no eventSourceARN");
  if (records.some((record) => record.eventSourceARN !== streamArn))
    throw new MalformedStreamEventError("one batch holds records of another stream than the event's eventSourceARN");
  return { streamArn, shardId, partition: shardPartition(streamArn, shardId) };
}

/** The window, in Lambda's format (ISO 8601 to the second), of `sizeSeconds` containing the epoch second `at`. */
export function tumblingWindowAt(atEpochSeconds: number, sizeSeconds: number): { start: string; end: string } {
  const start = Math.floor(atEpochSeconds / sizeSeconds) * sizeSeconds;
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return { start: iso(start), end: iso(start + sizeSeconds) };
}

/** A tumbling-window event of `records` (all of one shard), as Lambda's event source mapping builds it. */
export function toTimeWindowEvent(
  records: readonly DynamoDBRecord[],
  props: {
    readonly streamArn: string;
    readonly shardId: string;
    readonly window: { readonly start: string; readonly end: string };
    readonly state?: Record<string, string>;
    readonly isFinalInvokeForWindow?: boolean;
    readonly isWindowTerminatedEarly?: boolean;
  },
): DynamoDBTimeWindowEvent {
  return {
    Records: [...records],
    window: props.window,
    state: props.state ?? {},
    shardId: props.shardId,
    eventSourceARN: props.streamArn,
    isFinalInvokeForWindow: props.isFinalInvokeForWindow ?? false,
    isWindowTerminatedEarly: props.isWindowTerminatedEarly ?? false,
  };
}
