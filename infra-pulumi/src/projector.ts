/**
 * How Orders stream records reach the projector: the event source mapping and the queue that keeps a record of
 * any batch Lambda gives up on.
 *
 * Why an order reaches a supervisor's screen within 2 s with the defaults (batch size 100, no batching window):
 *   DynamoDB Streams publishes a write in well under a second; Lambda polls each shard 4 times a second and, with
 *   no batching window (the AWS default for streams), invokes as soon as a poll finds records; the projector applies
 *   a batch with one watermark read and usually one TransactWriteItems of 3-5 items (typically 50-300 ms, plus about
 *   a second on a cold start) and publishes the change to the open pages; each page reads the monitor. Worst case
 *   2 s, part by part in docs/growth.md ("Time on screen"). At today's and ×12's volumes (~400 and ~4,800 orders a
 *   day) a batch holds about one order whatever the window, so a window would only cost latency; the projector's
 *   cost at batch size 1 is measured by `npm run bench:projector` and is what the bill prices. If volume ever makes
 *   write units per order matter more than seconds, a window (capped at 5 s in the configuration) lets a batch
 *   collect records whose deltas aggregate into the same keys.
 *
 * The tumbling window (TUMBLING_WINDOW_SECONDS) is not about batching: it is how the projector learns a batch's
 * shard without reading the stream itself (see below).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Failure policy. The handler itself never fails on a bad record (it parks poison records in the projector-state
 * table), so a failing batch means an outage of DynamoDB or of the function. Bisecting halves a failing batch
 * down to single records within log2(100) ~ 7 retries; 10 retries (with Lambda's backoff) ride out a short
 * outage. After that, or when a record is an hour old, Lambda moves on and sends the batch's shard and sequence
 * range to the on-failure queue, the dead-letter alarm fires, and an operator runs
 * `npm run projections:rebuild` (docs/deploy.md). Moving on keeps one bad hour from freezing the monitor for
 * the stream's whole 24 h retention.
 */
const STREAM_FAILURE_POLICY = {
  maximumRetryAttempts: 10,
  maximumRecordAgeInSeconds: 3600,
  bisectBatchOnFunctionError: true,
} as const;

/**
 * The mapping's tumbling window, in seconds. The projector needs it for one thing: with a tumbling window Lambda's
 * DynamoDB event names the batch's shard (`shardId`), the key of the projector's per-shard watermark. Without it
 * the handler would have to find the shard by reading the stream itself (2 Streams API calls per batch, a second
 * reader on each shard, where DynamoDB advises at most two, Lambda being one); with it the handler makes none, and
 * refuses an event without `shardId` (TumblingWindowMissingError), so this setting must stay >= 1.
 *
 * Why 1 s, the smallest: the projector keeps no window state (every batch is committed when it is handled), so a
 * longer window buys nothing. AWS documents that a window's records reach the function in several batches, each
 * its own invocation, as they arrive (not held until the window ends), so the window adds no wait of its own; but
 * a batch holds records of one window only, so the window cuts batches at its boundaries, and each window that
 * saw records ends with one more invocation without records (`isFinalInvokeForWindow`), answered at once. At
 * 1 s the worst a window could add, even if Lambda held a batch to the window's end, is 1 s: the trip above
 * stays about 4 s, inside the brief's 10 s. The price is up to one extra, near-empty invocation per order at
 * today's volume. Tumbling windows require ParallelizationFactor 1, which the watermark requires anyway.
 */
export const TUMBLING_WINDOW_SECONDS = 1;

export interface ProjectorSourceOptions {
  readonly ordersStreamArn: pulumi.Input<string>;
  readonly functionName: pulumi.Input<string>;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  readonly failureQueue: aws.sqs.Queue;
}

/** Holds the metadata (shard, sequence numbers) of batches the projector could not apply. */
export function createFailureQueue(stage: string, opts: pulumi.CustomResourceOptions): aws.sqs.Queue {
  return new aws.sqs.Queue(
    "projector-failures",
    {
      name: `cargo-express-${stage}-projector-failures`,
      // The longest SQS allows: an operator has two weeks to look before evidence expires.
      messageRetentionSeconds: 1_209_600,
      sqsManagedSseEnabled: true,
    },
    opts,
  );
}

export function createProjectorSource(
  options: ProjectorSourceOptions,
  opts: pulumi.CustomResourceOptions,
): aws.lambda.EventSourceMapping {
  return new aws.lambda.EventSourceMapping(
    "orders-stream-to-projector",
    {
      eventSourceArn: options.ordersStreamArn,
      functionName: options.functionName,
      // From the oldest record still in the stream: a new deployment or a re-created mapping projects
      // every order the stream still holds instead of skipping what arrived before it.
      startingPosition: "TRIM_HORIZON",
      batchSize: options.batchSize,
      maximumBatchingWindowInSeconds: options.batchingWindowSeconds,
      // The handler reports the first failed record and every later one; Lambda resumes from there. With the
      // tumbling window it answers { state, batchItemFailures }: the failures work as without a window.
      functionResponseTypes: ["ReportBatchItemFailures"],
      // So that each event names its shard (shardId): the projector's watermark key, without reading the stream.
      tumblingWindowInSeconds: TUMBLING_WINDOW_SECONDS,
      bisectBatchOnFunctionError: STREAM_FAILURE_POLICY.bisectBatchOnFunctionError,
      maximumRetryAttempts: STREAM_FAILURE_POLICY.maximumRetryAttempts,
      maximumRecordAgeInSeconds: STREAM_FAILURE_POLICY.maximumRecordAgeInSeconds,
      destinationConfig: { onFailure: { destinationArn: options.failureQueue.arn } },
      // One batch per shard at a time: the per-shard watermark relies on in-order, one-at-a-time delivery.
      parallelizationFactor: 1,
    },
    opts,
  );
}
