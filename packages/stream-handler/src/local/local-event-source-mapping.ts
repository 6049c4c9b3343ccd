import type { Logger } from "@aws-lambda-powertools/logger";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamsRecord,
  type ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { describeError, isErrorNamed } from "../errors.js";
import { createLogger } from "../logging/logger.js";
import { toStreamEvent } from "../stream/lambda-records.js";
import { describeAllShards, isOpenShard } from "../stream/shards.js";

export type StreamBatchHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface LocalStreamPollerOptions {
  readonly streams: DynamoDBStreamsClient;
  /** Reads the table's LatestStreamArn. */
  readonly dynamodb: DynamoDBDocumentClient;
  /** The table whose stream is read (the Orders table). */
  readonly tableName: string;
  readonly handler: StreamBatchHandler;
  /** Most records per event, 1-1000 (Lambda's BatchSize). Default 100. */
  readonly batchSize?: number;
  /** Where shards that exist at start are read from (Lambda's StartingPosition). Default TRIM_HORIZON, as deployed. */
  readonly startingPosition?: "TRIM_HORIZON" | "LATEST";
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
  /** Invocations that threw or reported batchItemFailures. */
  failedInvocations: number;
}

interface ShardCursor {
  readonly shardId: string;
  readonly parentShardId?: string;
  readonly startAt: "TRIM_HORIZON" | "LATEST";
  /** A LATEST iterator taken in start(), so that "latest" means "written after start() resolved". */
  initialIterator?: string;
  done: boolean;
  running: boolean;
}

type Position = { readonly type: "TRIM_HORIZON" | "LATEST" } | { readonly type: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER"; readonly sequence: string };

/**
 * A LOCAL stand-in for Lambda's event source mapping (for `npm start`, tests and the benchmark; in AWS,
 * Lambda does this). It reads a DynamoDB Local stream with the DynamoDB Streams API and invokes the
 * handler with the event Lambda would build, with the deployed mapping's semantics:
 *
 * - one batch in flight per shard, records in shard order (ParallelizationFactor 1);
 * - `eventSourceARN` set to the stream ARN (DynamoDB Local's records lack it), eventSource "aws:dynamodb";
 * - ReportBatchItemFailures: on reported failures the shard is re-read from the lowest reported sequence
 *   number (AT_SEQUENCE_NUMBER); a thrown error re-delivers the whole batch; both after a backoff. Unlike
 *   Lambda it retries forever and does not bisect (a local run should not drop records);
 * - shard lineage: a child shard is read only once its parent is closed and fully delivered;
 * - an idle shard is polled every `idlePollMs`.
 */
export class LocalStreamPoller {
  readonly stats: LocalStreamPollerStats = { invocations: 0, recordsDelivered: 0, failedInvocations: 0 };
  private readonly cursors = new Map<string, ShardCursor>();
  private readonly workers = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private supervisor: Promise<void> | undefined;
  private stopping = false;
  private arn: string | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: LocalStreamPollerOptions) {
    const batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw new RangeError(`batchSize must be 1-1000: ${batchSize}`);
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
    const { Table: table } = await this.options.dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    if (!table?.LatestStreamArn || table.StreamSpecification?.StreamEnabled !== true) throw new Error(`table ${this.options.tableName} has no enabled stream`);
    this.arn = table.LatestStreamArn;
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
      await this.discoverShards(false).catch((error) => this.logger.warn("could not list the stream's shards", { error: describeError(error) }));
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
      .catch((error) => this.logger.error("shard reader stopped", { shardId: cursor.shardId, error: describeError(error) }))
      .finally(() => {
        cursor.running = false;
        this.workers.delete(worker);
        // A finished parent releases its children without waiting for the next discovery.
        if (cursor.done && !this.stopping) for (const next of this.cursors.values()) if (this.isReady(next)) this.startWorker(next);
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
        const page = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }));
        const records = page.Records ?? [];
        if (records.length > 0) {
          const resumeAt = await this.deliver(cursor.shardId, records);
          if (resumeAt !== undefined) {
            position = { type: "AT_SEQUENCE_NUMBER", sequence: resumeAt };
            iterator = undefined;
            await this.sleep(delay);
            delay = Math.min(delay * 2, retry.max);
            continue;
          }
          delay = retry.initial;
          position = { type: "AFTER_SEQUENCE_NUMBER", sequence: records.at(-1)!.dynamodb!.SequenceNumber! };
        }
        iterator = page.NextShardIterator;
        if (iterator === undefined) {
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
          this.logger.warn("reading the stream failed; retrying", { shardId: cursor.shardId, error: describeError(error) });
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

  /** Invokes the handler once; returns the sequence number to re-read from, or undefined when all succeeded. */
  private async deliver(shardId: string, records: StreamsRecord[]): Promise<string | undefined> {
    const sequences = records.map((record) => record.dynamodb?.SequenceNumber ?? "");
    this.stats.invocations += 1;
    this.stats.recordsDelivered += records.length;
    let response: DynamoDBBatchResponse | void;
    try {
      response = await this.options.handler(toStreamEvent(records, this.arn!, this.options.awsRegion));
    } catch (error) {
      this.stats.failedInvocations += 1;
      this.logger.warn("handler failed; the batch will be delivered again", { shardId, error: describeError(error) });
      return sequences[0];
    }
    const failures = response?.batchItemFailures ?? [];
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
