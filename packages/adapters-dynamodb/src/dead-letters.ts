import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import {
  instantFromEpochMs,
  systemClock,
  type Clock,
  type DeadLetterEntry,
  type DeadLetterSink,
} from "@cargo-express/domain";
import { dynamo, isErrorNamed } from "./errors.js";

/** ProjectorState partition of the records the projector skipped: unreadable (poison) or refused for good by the store. */
const DEAD_LETTER_PK = "DEADLETTER";

/** Longest raw image kept per dead letter: well under DynamoDB's 400 KB item limit. */
export const MAX_DEAD_LETTER_IMAGE_CHARS = 32_768;

/**
 * A stored dead letter: the domain's DeadLetterEntry (an unreadable record, or an order the store refused for good
 * with `orderId` and `generation`), its image cut to MAX_DEAD_LETTER_IMAGE_CHARS, and when it was recorded.
 */
export interface DeadLetter extends DeadLetterEntry {
  readonly imageTruncated: boolean;
  readonly recordedAt: string;
}

/** Sort key: partition, then the sequence zero-padded to 40 digits so text order is stream order. */
const deadLetterKey = (partition: string, sequence: string) =>
  ({ pk: DEAD_LETTER_PK, sk: `${partition}#${sequence.padStart(40, "0")}` }) as const;

export interface DeadLettersOptions {
  readonly client: DynamoDBDocumentClient;
  readonly projectorStateTable: string;
  readonly clock?: Clock;
}

/**
 * Where poison records go: one ProjectorState item each, kept until an operator deletes it (no TTL).
 * The image holds what the record held, courier names included: it is as sensitive as the Orders table.
 */
export class DynamoDbDeadLetters implements DeadLetterSink {
  constructor(private readonly options: DeadLettersOptions) {}

  /**
   * Stores a dead letter once; recording the same record again (a redelivery, or a second generation
   * refusing it) keeps the first. True if this call stored it.
   */
  async record(letter: DeadLetterEntry): Promise<boolean> {
    const image = letter.image ?? "";
    const truncated = image.length > MAX_DEAD_LETTER_IMAGE_CHARS;
    try {
      await dynamo("record dead letter", () =>
        this.options.client.send(
          new PutCommand({
            TableName: this.options.projectorStateTable,
            Item: {
              ...deadLetterKey(letter.partition, letter.sequence),
              partition: letter.partition,
              sequence: letter.sequence,
              reason: letter.reason.slice(0, 2_000),
              order_id: letter.orderId,
              generation: letter.generation,
              event_id: letter.eventId,
              event_name: letter.eventName,
              image: letter.image === undefined ? undefined : image.slice(0, MAX_DEAD_LETTER_IMAGE_CHARS),
              image_truncated: truncated,
              recorded_at: instantFromEpochMs((this.options.clock ?? systemClock).now()).iso,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
      return true;
    } catch (error) {
      // dynamo() passes a failed condition through untranslated: here it means "already stored".
      if (isErrorNamed(error, "ConditionalCheckFailedException")) return false;
      throw error;
    }
  }

  async list(options: ListDeadLettersOptions = {}): Promise<DeadLetterPage> {
    return listDeadLetters(this.options.client, this.options.projectorStateTable, options);
  }
}

export interface ListDeadLettersOptions {
  /** Most items returned. Default 100. */
  readonly limit?: number;
  /** `next` of the previous page. */
  readonly after?: string;
  /** Only this partition's dead letters. */
  readonly partition?: string;
}

export interface DeadLetterPage {
  readonly items: DeadLetter[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/** Dead letters in partition and stream order, one page at a time. */
export async function listDeadLetters(
  client: DynamoDBDocumentClient,
  projectorStateTable: string,
  options: ListDeadLettersOptions = {},
): Promise<DeadLetterPage> {
  const result = await dynamo("list dead letters", () =>
    client.send(
      new QueryCommand({
        TableName: projectorStateTable,
        KeyConditionExpression: options.partition === undefined ? "pk = :pk" : "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": DEAD_LETTER_PK,
          ...(options.partition === undefined ? {} : { ":prefix": `${options.partition}#` }),
        },
        Limit: options.limit ?? 100,
        ...(options.after === undefined ? {} : { ExclusiveStartKey: { pk: DEAD_LETTER_PK, sk: options.after } }),
      }),
    ),
  );
  const items = (result.Items ?? []).map(
    (item): DeadLetter => ({
      partition: String(item.partition),
      sequence: String(item.sequence),
      reason: String(item.reason),
      ...(typeof item.order_id === "string" ? { orderId: item.order_id } : {}),
      ...(typeof item.generation === "number" ? { generation: item.generation } : {}),
      ...(typeof item.event_id === "string" ? { eventId: item.event_id } : {}),
      ...(typeof item.event_name === "string" ? { eventName: item.event_name } : {}),
      ...(typeof item.image === "string" ? { image: item.image } : {}),
      imageTruncated: item.image_truncated === true,
      recordedAt: String(item.recorded_at),
    }),
  );
  const next = result.LastEvaluatedKey?.sk;
  return { items, ...(typeof next === "string" ? { next } : {}) };
}
