/** The parts of a DynamoDB stream ARN: `arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>`. */
export interface StreamArnParts {
  readonly region: string;
  readonly account: string;
  readonly tableName: string;
  /** The stream's creation time label, e.g. `2024-06-10T19:26:16.525`: a re-enabled stream gets a new one. */
  readonly streamLabel: string;
}

const STREAM_ARN = /^arn:[\w-]+:dynamodb:([\w-]*):(\d*):table\/([A-Za-z0-9_.-]{3,255})\/stream\/(.+)$/;

export function parseStreamArn(arn: string): StreamArnParts | undefined {
  const match = STREAM_ARN.exec(arn);
  if (!match) return undefined;
  const [, region = "", account = "", tableName = "", streamLabel = ""] = match;
  return { region, account, tableName, streamLabel };
}

/**
 * The feed partition of one stream shard: the unit whose sequence numbers increase, so the unit that
 * owns a watermark. Table and stream label keep shards of different tables, or of a re-created
 * stream, apart; shard ids are unique within a stream.
 */
export function shardPartition(streamArn: string, shardId: string): string {
  const parts = parseStreamArn(streamArn);
  if (!parts) throw new Error(`not a DynamoDB stream ARN: ${streamArn}`);
  return `${parts.tableName}/${parts.streamLabel}/${shardId}`;
}
