import type { DynamoDBStreamEvent } from "aws-lambda";
import { MalformedStreamEventError } from "./order-records.js";
import type { ShardLocator } from "./shard-locator.js";
import { shardPartition } from "./stream-arn.js";

/**
 * A DynamoDB stream event as Lambda delivers it. With a tumbling window configured on the event
 * source mapping the event also names its shard (`shardId`) and window, and the response must carry
 * `state`.
 */
export interface ProjectorEvent extends DynamoDBStreamEvent {
  readonly shardId?: string;
  readonly window?: { readonly start: string; readonly end: string };
  readonly state?: Record<string, string>;
}

/**
 * The feed partition (shard) of a batch. Lambda's event source mapping fills one batch from one shard,
 * so the first record's shard is the batch's. The shard comes from the event when Lambda sends it
 * (tumbling windows), otherwise from the locator.
 */
export class StreamPartitions {
  constructor(private readonly locator: ShardLocator) {}

  async partitionOf(event: ProjectorEvent): Promise<string> {
    const first = event.Records[0];
    const streamArn = first?.eventSourceARN;
    if (first === undefined || streamArn === undefined) throw new MalformedStreamEventError("stream record without eventSourceARN");
    if (event.Records.some((record) => record.eventSourceARN !== streamArn)) throw new MalformedStreamEventError("one batch holds records of different streams");
    const shardId = event.shardId ?? (await this.locator.shardOf(streamArn, first));
    return shardPartition(streamArn, shardId);
  }
}
