import { batchShardOf, type ProjectorEvent } from "./time-window-event.js";

export type { ProjectorEvent } from "./time-window-event.js";

/**
 * The feed partition (shard) of a batch, read from the event: Lambda's tumbling-window events name the
 * batch's shard (`shardId`) and stream (`eventSourceARN`). No DynamoDB Streams API call, and no fallback:
 * an event without `shardId` throws TumblingWindowMissingError (the mapping lacks its tumbling window).
 */
export class StreamPartitions {
  async partitionOf(event: ProjectorEvent): Promise<string> {
    return batchShardOf(event).partition;
  }
}
