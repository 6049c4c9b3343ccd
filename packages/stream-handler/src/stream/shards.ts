import { DescribeStreamCommand, type DynamoDBStreamsClient, type Shard } from "@aws-sdk/client-dynamodb-streams";

export interface StreamShards {
  readonly status: string | undefined;
  readonly shards: Shard[];
}

/** Every shard of a stream (DescribeStream pages through at most 100 shards per call). */
export async function describeAllShards(client: DynamoDBStreamsClient, streamArn: string): Promise<StreamShards> {
  const shards: Shard[] = [];
  let status: string | undefined;
  let start: string | undefined;
  do {
    const { StreamDescription: description } = await client.send(
      new DescribeStreamCommand({
        StreamArn: streamArn,
        ...(start === undefined ? {} : { ExclusiveStartShardId: start }),
      }),
    );
    status = description?.StreamStatus;
    shards.push(...(description?.Shards ?? []));
    start = description?.LastEvaluatedShardId;
  } while (start !== undefined);
  return { status, shards };
}

export const isOpenShard = (shard: Shard): boolean => shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
