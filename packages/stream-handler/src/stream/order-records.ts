import { unmarshall } from "@aws-sdk/util-dynamodb";
import { storedOrderFromItem } from "@cargo-express/adapters-dynamodb";
import { isValidSequence, type OrderChange, type RevisionState, revisionStateOf } from "@cargo-express/domain";
import type { AttributeValue, DynamoDBRecord } from "aws-lambda";

/** What one Orders stream record means to the projector. */
export type DecodedRecord =
  /** A new order (INSERT: its revision), a void or a correction (MODIFY: the revisions before and after). */
  | {
      readonly kind: "order";
      readonly sequence: string;
      readonly eventName: "INSERT" | "MODIFY";
      readonly change: OrderChange;
    }
  /**
   * A removal changes no projection (it is counted and logged): orders are voided, never deleted, and nothing in
   * the system deletes one; an item removed by hand stays in the figures until a rebuild, which reads the table.
   */
  | { readonly kind: "ignored"; readonly sequence: string; readonly eventName: "REMOVE" }
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

/** The images a dead letter keeps: the new image of an INSERT, both images of a MODIFY. */
export function recordImageText(record: DynamoDBRecord): string | undefined {
  const images = record.dynamodb;
  if (record.eventName === "MODIFY" && (images?.OldImage !== undefined || images?.NewImage !== undefined))
    return JSON.stringify({ OldImage: images?.OldImage, NewImage: images?.NewImage });
  return images?.NewImage === undefined ? undefined : JSON.stringify(images.NewImage);
}

export function decodeRecord(record: DynamoDBRecord, partition: string): DecodedRecord {
  const sequence = sequenceOf(record);
  const eventName = record.eventName;
  if (eventName === "REMOVE") return { kind: "ignored", sequence, eventName };
  const imageText = recordImageText(record);
  if (eventName !== "INSERT" && eventName !== "MODIFY")
    return poison(sequence, `unknown eventName ${String(eventName)}`, imageText);
  const newImage = record.dynamodb?.NewImage;
  const oldImage = record.dynamodb?.OldImage;
  if (newImage === undefined || (eventName === "MODIFY" && oldImage === undefined))
    return poison(
      sequence,
      `${eventName} record without ${newImage === undefined ? "NewImage" : "OldImage"} (the stream view type must be NEW_AND_OLD_IMAGES)`,
      imageText,
    );
  const after = revisionOf(newImage, "NewImage");
  if (!after.ok) return poison(sequence, after.reason, imageText);
  if (eventName === "INSERT")
    return { kind: "order", sequence, eventName, change: { partition, sequence, after: after.state } };
  const before = revisionOf(oldImage!, "OldImage");
  if (!before.ok) return poison(sequence, before.reason, imageText);
  if (before.state.order.id !== after.state.order.id)
    return poison(
      sequence,
      `OldImage is order ${before.state.order.id}, NewImage order ${after.state.order.id}`,
      imageText,
    );
  return {
    kind: "order",
    sequence,
    eventName,
    change: { partition, sequence, before: before.state, after: after.state },
  };
}

/** One image read as the order's revision, or why it cannot be. */
function revisionOf(
  image: Record<string, AttributeValue>,
  which: "NewImage" | "OldImage",
): { ok: true; state: RevisionState } | { ok: false; reason: string } {
  try {
    // Lambda's AttributeValue JSON and the SDK's differ only for binary (base64 text), which orders do not use.
    const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
    return { ok: true, state: revisionStateOf(storedOrderFromItem(item)) };
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, reason: which === "NewImage" ? why : `${which}: ${why}` };
  }
}

const poison = (sequence: string, reason: string, image: string | undefined): DecodedRecord => ({
  kind: "poison",
  sequence,
  reason,
  ...(image === undefined ? {} : { image }),
});
