import { unmarshall } from "@aws-sdk/util-dynamodb";
import { orderFromItem } from "@cargo-express/adapters-dynamodb";
import { isValidSequence, type OrderCreatedChange } from "@cargo-express/domain";
import type { DynamoDBRecord } from "aws-lambda";

/** What one Orders stream record means to the projector. */
export type DecodedRecord =
  /** A new order: it feeds the projections. */
  | { readonly kind: "order"; readonly sequence: string; readonly change: OrderCreatedChange }
  /** Orders are immutable: a MODIFY or REMOVE changes no projection (it is counted). */
  | { readonly kind: "ignored"; readonly sequence: string; readonly eventName: "MODIFY" | "REMOVE" }
  /** An image that is not an order this code can read: dead-lettered and skipped. */
  | { readonly kind: "poison"; readonly sequence: string; readonly reason: string; readonly image?: string };

/** A record without a usable SequenceNumber: not something Lambda delivers; the batch cannot be reported item by item. */
export class MalformedStreamEventError extends Error {
  override readonly name = "MalformedStreamEventError";
}

/** The record's sequence number, checked (1-40 decimal digits). */
export function sequenceOf(record: DynamoDBRecord): string {
  const sequence = record.dynamodb?.SequenceNumber;
  if (typeof sequence !== "string" || !isValidSequence(sequence)) {
    throw new MalformedStreamEventError(
      `stream record ${record.eventID ?? "(no eventID)"} has no valid SequenceNumber: ${String(sequence)}`,
    );
  }
  return sequence;
}

export function decodeRecord(record: DynamoDBRecord, partition: string): DecodedRecord {
  const sequence = sequenceOf(record);
  const eventName = record.eventName;
  if (eventName === "MODIFY" || eventName === "REMOVE") return { kind: "ignored", sequence, eventName };
  const image = record.dynamodb?.NewImage;
  const imageText = image === undefined ? undefined : JSON.stringify(image);
  if (eventName !== "INSERT") return poison(sequence, `unknown eventName ${String(eventName)}`, imageText);
  if (image === undefined)
    return poison(
      sequence,
      "INSERT record without NewImage (is the stream view type NEW_IMAGE or NEW_AND_OLD_IMAGES?)",
      imageText,
    );
  try {
    // Lambda's AttributeValue JSON and the SDK's differ only for binary (base64 text), which orders do not use.
    const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
    return { kind: "order", sequence, change: { partition, sequence, order: orderFromItem(item) } };
  } catch (error) {
    return poison(sequence, error instanceof Error ? `${error.name}: ${error.message}` : String(error), imageText);
  }
}

const poison = (sequence: string, reason: string, image: string | undefined): DecodedRecord => ({
  kind: "poison",
  sequence,
  reason,
  ...(image === undefined ? {} : { image }),
});
