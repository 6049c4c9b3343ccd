import { GetRecordsCommand, GetShardIteratorCommand, type DynamoDBStreamsClient, type Shard } from "@aws-sdk/client-dynamodb-streams";
import { unavailabilityOf } from "@cargo-express/adapters-dynamodb";
import { DependencyUnavailableError } from "@cargo-express/domain";
import type { DynamoDBRecord } from "aws-lambda";
import { keysFingerprint, toLambdaRecord } from "./lambda-records.js";
import { describeAllShards, isOpenShard, shardMayHold } from "./shards.js";

/**
 * Finds the shard a stream record came from. Lambda's DynamoDB stream event names the stream
 * (`eventSourceARN`) but not the shard (only tumbling-window events carry `shardId`), and the
 * projector's watermark must be per shard: sequence numbers increase within a shard only.
 */
export interface ShardLocator {
  shardOf(streamArn: string, record: DynamoDBRecord): Promise<string>;
}

export class ShardNotFoundError extends Error {
  override readonly name = "ShardNotFoundError";
}

export interface StreamsApiShardLocatorOptions {
  readonly client: DynamoDBStreamsClient;
  /** Located records remembered (a retried batch starts with the same record). Default 10,000. */
  readonly cacheSize?: number;
}

/**
 * Locates a record's shard with the DynamoDB Streams API, exactly: among the shards whose sequence
 * number range may hold the record (from DescribeStream, cached until a lookup misses), the one where
 * an iterator AT_SEQUENCE_NUMBER returns this very record (same sequence number and keys) is its
 * shard. Costs one GetShardIterator and one GetRecords (Limit 1) per shard tried, about one per batch
 * when the stream has one open shard; retried batches hit the cache. The Lambda role needs
 * dynamodb:DescribeStream, GetShardIterator and GetRecords on the stream, which the event source
 * mapping needs anyway.
 */
export class StreamsApiShardLocator implements ShardLocator {
  private readonly shards = new Map<string, Shard[]>();
  private readonly located = new Map<string, string>();
  /** Per stream, the shard of the latest located record: tried first. */
  private readonly recent = new Map<string, string>();

  constructor(private readonly options: StreamsApiShardLocatorOptions) {}

  async shardOf(streamArn: string, record: DynamoDBRecord): Promise<string> {
    const sequence = record.dynamodb?.SequenceNumber;
    if (sequence === undefined) throw new Error("stream record has no SequenceNumber");
    const cacheKey = `${streamArn}|${sequence}|${keysFingerprint(record.dynamodb?.Keys)}`;
    const cached = this.located.get(cacheKey);
    if (cached !== undefined) return cached;

    let unavailable: unknown;
    for (const refresh of [false, true]) {
      for (const shard of await this.candidates(streamArn, sequence, refresh)) {
        try {
          if (await this.holds(streamArn, shard.ShardId!, record)) {
            this.remember(cacheKey, streamArn, shard.ShardId!);
            return shard.ShardId!;
          }
        } catch (error) {
          // A throttled or failing Streams API proves nothing about this shard; anything else
          // (trimmed data, an iterator the shard refuses) means "not here".
          if (isUnavailable(error)) unavailable = error;
        }
      }
    }
    if (unavailable !== undefined) throw new DependencyUnavailableError(`DynamoDB Streams unavailable while locating the shard of record ${sequence}`, 1, { cause: unavailable });
    throw new ShardNotFoundError(`no shard of ${streamArn} holds record ${sequence}`);
  }

  private async candidates(streamArn: string, sequence: string, refresh: boolean): Promise<Shard[]> {
    let shards = this.shards.get(streamArn);
    if (shards === undefined || refresh) {
      shards = (await describeAllShards(this.options.client, streamArn)).shards;
      this.shards.set(streamArn, shards);
    }
    const recent = this.recent.get(streamArn);
    // The recent shard first, then open shards (a live record is most likely in one), then the rest.
    const rank = (shard: Shard) => (shard.ShardId === recent ? 0 : isOpenShard(shard) ? 1 : 2);
    return shards.filter((shard) => shard.ShardId !== undefined && shardMayHold(shard, sequence)).sort((a, b) => rank(a) - rank(b));
  }

  private async holds(streamArn: string, shardId: string, record: DynamoDBRecord): Promise<boolean> {
    const sequence = record.dynamodb!.SequenceNumber!;
    const { ShardIterator: start } = await this.options.client.send(
      new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: "AT_SEQUENCE_NUMBER", SequenceNumber: sequence }),
    );
    let iterator = start;
    // GetRecords may answer an empty page before reaching the position; a few more reads settle it.
    for (let read = 0; read < 3 && iterator !== undefined; read += 1) {
      const page = await this.options.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1 }));
      const found = page.Records?.[0];
      if (found !== undefined) {
        const candidate = toLambdaRecord(found, streamArn);
        return candidate.dynamodb?.SequenceNumber === sequence && keysFingerprint(candidate.dynamodb?.Keys) === keysFingerprint(record.dynamodb?.Keys);
      }
      iterator = page.NextShardIterator;
    }
    return false;
  }

  private remember(cacheKey: string, streamArn: string, shardId: string): void {
    this.recent.set(streamArn, shardId);
    this.located.set(cacheKey, shardId);
    if (this.located.size > (this.options.cacheSize ?? 10_000)) this.located.delete(this.located.keys().next().value!);
  }
}

const isUnavailable = (error: unknown): boolean =>
  unavailabilityOf(error) !== undefined || (error as { name?: unknown } | null)?.name === "LimitExceededException";
