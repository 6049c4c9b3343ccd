import type { Logger } from "@aws-lambda-powertools/logger";
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import { isErrorNamed, latestStreamArn, type DocumentClient } from "@cargo-express/adapters-dynamodb";
import { createLogger, describeError } from "@cargo-express/platform";
import { toTimeWindowEvent, tumblingWindowAt, type DynamoDBTimeWindowEvent } from "@cargo-express/stream-handler";
import type { DynamoDBBatchResponse, DynamoDBRecord } from "aws-lambda";
import { describeAllShards, isOpenShard, toLambdaRecord } from "./local-stream-records.js";

/** What the poller invokes: a function of Lambda's tumbling-window event, answering `state` (required) and failures. */
export type StreamBatchHandler = (
  event: DynamoDBTimeWindowEvent,
) => Promise<(DynamoDBBatchResponse & { readonly state?: unknown }) | undefined>;

export interface LocalStreamPollerOptions {
  readonly streams: DynamoDBStreamsClient;
  /** Reads the table's LatestStreamArn. */
  readonly dynamodb: DocumentClient;
  /** The table whose stream is read (the Orders table). */
  readonly tableName: string;
  readonly handler: StreamBatchHandler;
  /** Most records per event, 1-1000 (Lambda's BatchSize). Default 100. */
  readonly batchSize?: number;
  /** Where shards that exist at start are read from (Lambda's StartingPosition). Default TRIM_HORIZON, as deployed. */
  readonly startingPosition?: "TRIM_HORIZON" | "LATEST";
  /**
   * The mapping's tumbling window (TumblingWindowInSeconds), 1-900. Default 1, as deployed
   * (infra-pulumi/src/projector.ts). A batch holds records of one window; a window's end is followed by one
   * invocation without records and `isFinalInvokeForWindow` true.
   */
  readonly tumblingWindowSeconds?: number;
  /** Wait after an empty read of a shard. Default 100 ms, so an order reaches the handler well within a second. */
  readonly idlePollMs?: number;
  /** How often the shard list is read again, to find child shards. Default 1,000 ms. */
  readonly shardDiscoveryMs?: number;
  /** Backoff before re-delivering a failed batch: doubles from `initial` up to `max`. Default 100 ms to 2,000 ms. */
  readonly retryDelayMs?: { readonly initial: number; readonly max: number };
  /** `awsRegion` of the delivered records. Default: what the stream says (DynamoDB Local: "ddblocal"). */
  readonly awsRegion?: string;
  readonly logger?: Logger;
}

export interface LocalStreamPollerStats {
  /** Handler invocations. */
  invocations: number;
  /** Records delivered, redeliveries included. */
  recordsDelivered: number;
  /** Invocations that threw, reported batchItemFailures or answered without `state`. */
  failedInvocations: number;
  /** Of the invocations, those that closed a window (`isFinalInvokeForWindow`, no records). */
  finalWindowInvocations: number;
}

interface ShardCursor {
  readonly shardId: string;
  readonly parentShardId?: string;
  readonly startAt: "TRIM_HORIZON" | "LATEST";
  /** A LATEST iterator taken in start(), so that "latest" means "written after start() resolved". */
  initialIterator?: string;
  done: boolean;
  running: boolean;
  /** The window records were last delivered in, until its final invocation succeeded. */
  window?: Window;
  /** The `state` the handler last answered for `window` (Lambda hands it to the next invocation of the window). */
  state: Record<string, string>;
}

interface Window {
  readonly start: string;
  readonly end: string;
}

type Position =
  | { readonly type: "TRIM_HORIZON" | "LATEST" }
  | { readonly type: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER"; readonly sequence: string };

/**
 * A LOCAL stand-in for Lambda's event source mapping (for `npm start`, tests and the benchmark; in AWS,
 * Lambda does this). It reads a DynamoDB Local stream with the DynamoDB Streams API and invokes the
 * handler with the event Lambda would build, with the deployed mapping's semantics:
 *
 * - one batch in flight per shard, records in shard order (ParallelizationFactor 1);
 * - a tumbling window (`tumblingWindowSeconds`, default 1 s as deployed): the event is Lambda's
 *   DynamoDBTimeWindowEvent (`shardId`, `eventSourceARN`, `window`, `state`, `isFinalInvokeForWindow`,
 *   `isWindowTerminatedEarly`); a batch holds records of one window (by ApproximateCreationDateTime); once a
 *   window is over, one invocation without records and `isFinalInvokeForWindow` true closes it; `state` is
 *   handed from one invocation of a window to the next, and an answer without `state` is a failed invocation,
 *   as Lambda counts it;
 * - `eventSourceARN` set to the stream ARN (DynamoDB Local's records lack it), eventSource "aws:dynamodb";
 * - ReportBatchItemFailures: on reported failures the shard is re-read from the lowest reported sequence
 *   number (AT_SEQUENCE_NUMBER); a thrown error re-delivers the whole batch; both after a backoff. Unlike
 *   Lambda it retries forever and does not bisect (a local run should not drop records);
 * - shard lineage: a child shard is read only once its parent is closed and fully delivered;
 * - an idle shard is polled every `idlePollMs`.
 */
export class LocalStreamPoller {
  readonly stats: LocalStreamPollerStats = {
    invocations: 0,
    recordsDelivered: 0,
    failedInvocations: 0,
    finalWindowInvocations: 0,
  };
  private readonly cursors = new Map<string, ShardCursor>();
  private readonly workers = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private supervisor: Promise<void> | undefined;
  private stopping = false;
  private arn: string | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: LocalStreamPollerOptions) {
    const batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
      throw new RangeError(`batchSize must be 1-1000: ${batchSize}`);
    const window = options.tumblingWindowSeconds ?? 1;
    if (!Number.isInteger(window) || window < 1 || window > 900)
      throw new RangeError(`tumblingWindowSeconds must be 1-900: ${window}`);
    this.logger = options.logger ?? createLogger({ serviceName: "cargo-express-local-stream-poller" });
  }

  /** The stream being read (known after start()). */
  get streamArn(): string | undefined {
    return this.arn;
  }

  /** Finds the stream and its shards, then polls in the background until stop(). */
  async start(): Promise<void> {
    if (this.supervisor) throw new Error("the poller is already started");
    this.stopping = false;
    this.arn = await latestStreamArn(this.options.dynamodb, this.options.tableName);
    await this.discoverShards(true);
    this.supervisor = this.supervise();
  }

  /** Stops polling; resolves once the batches in flight have been handled. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.sleepers) wake();
    await this.supervisor;
    await Promise.all([...this.workers]);
    this.supervisor = undefined;
  }

  private async supervise(): Promise<void> {
    while (!this.stopping) {
      for (const cursor of this.cursors.values()) if (this.isReady(cursor)) this.startWorker(cursor);
      await this.sleep(this.options.shardDiscoveryMs ?? 1_000);
      if (this.stopping) break;
      await this.discoverShards(false).catch((error) =>
        this.logger.warn("could not list the stream's shards", { error: describeError(error) }),
      );
    }
  }

  private async discoverShards(initial: boolean): Promise<void> {
    const { shards } = await describeAllShards(this.options.streams, this.arn!);
    for (const shard of shards) {
      if (shard.ShardId === undefined || this.cursors.has(shard.ShardId)) continue;
      // LATEST applies to the shards that exist when the mapping starts; later shards are read whole.
      const latest = initial && (this.options.startingPosition ?? "TRIM_HORIZON") === "LATEST";
      const cursor: ShardCursor = {
        shardId: shard.ShardId,
        ...(shard.ParentShardId === undefined ? {} : { parentShardId: shard.ParentShardId }),
        startAt: latest ? "LATEST" : "TRIM_HORIZON",
        done: latest && !isOpenShard(shard),
        running: false,
        state: {},
      };
      if (latest && !cursor.done) cursor.initialIterator = await this.iterator(shard.ShardId, { type: "LATEST" });
      this.cursors.set(shard.ShardId, cursor);
    }
    for (const cursor of this.cursors.values()) if (this.isReady(cursor)) this.startWorker(cursor);
  }

  /** A shard is read after its parent is fully delivered (or gone from the stream). */
  private isReady(cursor: ShardCursor): boolean {
    if (cursor.done || cursor.running || this.stopping) return false;
    const parent = cursor.parentShardId === undefined ? undefined : this.cursors.get(cursor.parentShardId);
    return parent === undefined || parent.done;
  }

  private startWorker(cursor: ShardCursor): void {
    cursor.running = true;
    const worker = this.readShard(cursor)
      .catch((error) =>
        this.logger.error("shard reader stopped", { shardId: cursor.shardId, error: describeError(error) }),
      )
      .finally(() => {
        cursor.running = false;
        this.workers.delete(worker);
        // A finished parent releases its children without waiting for the next discovery.
        if (cursor.done && !this.stopping)
          for (const next of this.cursors.values()) if (this.isReady(next)) this.startWorker(next);
      });
    this.workers.add(worker);
  }

  private async readShard(cursor: ShardCursor): Promise<void> {
    const retry = this.options.retryDelayMs ?? { initial: 100, max: 2_000 };
    let position: Position = { type: cursor.startAt };
    let iterator: string | undefined = cursor.initialIterator;
    cursor.initialIterator = undefined;
    let delay = retry.initial;
    while (!this.stopping) {
      try {
        iterator ??= await this.iterator(cursor.shardId, position);
        const page = await this.options.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }),
        );
        const read = (page.Records ?? []).map((record) => toLambdaRecord(record, this.arn!, this.options.awsRegion));
        // A batch holds the records of one window: the rest of the page is read again after it.
        const window = read[0] === undefined ? undefined : this.windowOf(read[0]);
        let inWindow = window === undefined ? 0 : 1;
        while (inWindow < read.length && this.windowOf(read[inWindow]!).start === window!.start) inWindow += 1;
        const records = read.slice(0, inWindow);
        const closing =
          cursor.window !== undefined &&
          (window === undefined
            ? Date.now() >= Date.parse(cursor.window.end) || page.NextShardIterator === undefined
            : window.start !== cursor.window.start);
        if (closing && !(await this.finishWindow(cursor))) {
          iterator = undefined;
          await this.sleep(delay);
          delay = Math.min(delay * 2, retry.max);
          continue;
        }
        if (records.length > 0) {
          const resumeAt = await this.deliver(cursor, records, window!);
          if (resumeAt !== undefined) {
            position = { type: "AT_SEQUENCE_NUMBER", sequence: resumeAt };
            iterator = undefined;
            await this.sleep(delay);
            delay = Math.min(delay * 2, retry.max);
            continue;
          }
          delay = retry.initial;
          position = { type: "AFTER_SEQUENCE_NUMBER", sequence: records.at(-1)!.dynamodb!.SequenceNumber! };
          if (records.length < read.length) {
            iterator = undefined;
            continue;
          }
        }
        iterator = page.NextShardIterator;
        if (iterator === undefined) {
          // The shard ended: Lambda closes its window (the child shards start their own).
          if (cursor.window !== undefined && !(await this.finishWindow(cursor))) {
            await this.sleep(delay);
            delay = Math.min(delay * 2, retry.max);
            continue;
          }
          cursor.done = true;
          this.logger.debug("shard closed and fully delivered", { shardId: cursor.shardId });
          return;
        }
        if (records.length === 0) await this.sleep(this.options.idlePollMs ?? 100);
      } catch (error) {
        iterator = undefined;
        // Records older than the stream's retention are gone: carry on from the oldest one left.
        if (isErrorNamed(error, "TrimmedDataAccessException")) position = { type: "TRIM_HORIZON" };
        else if (!isErrorNamed(error, "ExpiredIteratorException")) {
          this.logger.warn("reading the stream failed; retrying", {
            shardId: cursor.shardId,
            error: describeError(error),
          });
          await this.sleep(delay);
          delay = Math.min(delay * 2, retry.max);
        }
      }
    }
  }

  private async iterator(shardId: string, position: Position): Promise<string> {
    const type: ShardIteratorType = position.type;
    const { ShardIterator: iterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.arn!,
        ShardId: shardId,
        ShardIteratorType: type,
        ...("sequence" in position ? { SequenceNumber: position.sequence } : {}),
      }),
    );
    if (iterator === undefined) throw new Error(`no iterator for shard ${shardId}`);
    return iterator;
  }

  /** The tumbling window a record belongs to: by its ApproximateCreationDateTime, as Lambda decides. */
  private windowOf(record: DynamoDBRecord): Window {
    const created = record.dynamodb?.ApproximateCreationDateTime ?? Math.floor(Date.now() / 1000);
    return tumblingWindowAt(created, this.options.tumblingWindowSeconds ?? 1);
  }

  /** Invokes the handler as a window's end: no records, `isFinalInvokeForWindow` true. True when it succeeded. */
  private async finishWindow(cursor: ShardCursor): Promise<boolean> {
    const window = cursor.window!;
    this.stats.invocations += 1;
    this.stats.finalWindowInvocations += 1;
    let response: Awaited<ReturnType<StreamBatchHandler>>;
    try {
      response = await this.options.handler(
        toTimeWindowEvent([], {
          streamArn: this.arn!,
          shardId: cursor.shardId,
          window,
          state: cursor.state,
          isFinalInvokeForWindow: true,
        }),
      );
    } catch (error) {
      this.stats.failedInvocations += 1;
      this.logger.warn("handler failed on the window's final invocation; it will be invoked again", {
        shardId: cursor.shardId,
        error: describeError(error),
      });
      return false;
    }
    if (!this.hasState(cursor.shardId, response) || (response.batchItemFailures ?? []).length > 0) {
      this.stats.failedInvocations += 1;
      return false;
    }
    cursor.window = undefined;
    cursor.state = {};
    return true;
  }

  /** Lambda counts an answer to a tumbling-window event without `state` as a failed invocation. */
  private hasState(
    shardId: string,
    response: Awaited<ReturnType<StreamBatchHandler>>,
  ): response is DynamoDBBatchResponse & { state: Record<string, string> } {
    const state = (response as { state?: unknown } | undefined)?.state;
    if (typeof state === "object" && state !== null && !Array.isArray(state)) return true;
    this.logger.warn(
      "the handler answered without `state`: a failed invocation, as Lambda counts it with a tumbling window",
      { shardId },
    );
    return false;
  }

  /** Invokes the handler once; returns the sequence number to re-read from, or undefined when all succeeded. */
  private async deliver(cursor: ShardCursor, records: DynamoDBRecord[], window: Window): Promise<string | undefined> {
    const { shardId } = cursor;
    const sequences = records.map((record) => record.dynamodb?.SequenceNumber ?? "");
    this.stats.invocations += 1;
    this.stats.recordsDelivered += records.length;
    if (cursor.window?.start !== window.start) {
      cursor.window = window;
      cursor.state = {};
    }
    let response: Awaited<ReturnType<StreamBatchHandler>>;
    try {
      response = await this.options.handler(
        toTimeWindowEvent(records, { streamArn: this.arn!, shardId, window, state: cursor.state }),
      );
    } catch (error) {
      this.stats.failedInvocations += 1;
      this.logger.warn("handler failed; the batch will be delivered again", { shardId, error: describeError(error) });
      return sequences[0];
    }
    if (!this.hasState(shardId, response)) {
      this.stats.failedInvocations += 1;
      return sequences[0];
    }
    cursor.state = response.state;
    const failures = response.batchItemFailures ?? [];
    if (failures.length === 0) return undefined;
    this.stats.failedInvocations += 1;
    const reported = failures.map((failure) => failure.itemIdentifier);
    // As Lambda does: an identifier that names no record of the batch fails the whole batch.
    if (reported.some((id) => typeof id !== "string" || !sequences.includes(id))) return sequences[0];
    return reported.reduce((lowest, id) => (BigInt(id) < BigInt(lowest) ? id : lowest));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
