/**
 * Reading a DynamoDB stream the way Lambda's event source mapping does, for the LOCAL stand-in
 * (./local-event-source-mapping.ts), the tests and the benchmark: the stream's shards, and its records turned
 * into the JSON Lambda delivers. A deployed projector reads no stream (Lambda hands it the records).
 */
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  type Shard,
  type AttributeValue as StreamsAttributeValue,
  type _Record as StreamsRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { AttributeValue, DynamoDBRecord } from "aws-lambda";

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

/**
 * Turns records read with the DynamoDB Streams API (AWS SDK v3 shapes) into the JSON Lambda's event
 * source mapping delivers: binary as base64 text, ApproximateCreationDateTime as epoch seconds, and
 * `eventSourceARN` added (the Streams API, and DynamoDB Local in particular, do not carry it).
 */
export function toLambdaRecord(record: StreamsRecord, streamArn: string, awsRegion?: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const created = stream.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: awsRegion ?? record.awsRegion,
    dynamodb: {
      ...(created === undefined ? {} : { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) }),
      ...(stream.Keys === undefined ? {} : { Keys: toLambdaImage(stream.Keys) }),
      ...(stream.NewImage === undefined ? {} : { NewImage: toLambdaImage(stream.NewImage) }),
      ...(stream.OldImage === undefined ? {} : { OldImage: toLambdaImage(stream.OldImage) }),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity === undefined
      ? {}
      : { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }),
  };
}

export function toLambdaImage(image: Record<string, StreamsAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaAttribute(value)]));
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

function toLambdaAttribute(value: StreamsAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttribute) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  throw new Error(`unknown DynamoDB attribute type: ${Object.keys(value).join(", ")}`);
}
