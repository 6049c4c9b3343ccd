import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type CorrectOutcome,
  correctRevision,
  DependencyUnavailableError,
  err,
  type ExistingOrder,
  type NotFound,
  type Order,
  type OrderId,
  type OrderRepository,
  ok,
  type Result,
  type RevisionAuthor,
  type RevisionOutcome,
  type SaveOutcome,
  type StoredOrder,
  type VoidOutcome,
  voidRevision,
} from "@cargo-express/domain";
import { dynamo, isErrorNamed, translateError } from "./errors.js";
import {
  keptAttributesOf,
  orderFingerprint,
  orderFromItem,
  orderToItem,
  storedOrderFromItem,
  storedOrderToItem,
} from "./order-item.js";

export interface DynamoDbOrderRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  /** Physical name of the Orders table. */
  readonly tableName: string;
}

/**
 * How often a void or a correction is applied again after another change of the same order won the write: each
 * attempt follows a change that was written, so running out means the order is changing faster than people type.
 */
const MAX_REVISION_ATTEMPTS = 5;

/**
 * Orders in DynamoDB. An order is one item written by one conditional PutItem: it is stored whole or
 * not at all, and an existing id is never overwritten. A void or a correction replaces the item with one PutItem
 * conditional on the revision it was computed from, so a change made meanwhile is never overwritten.
 */
export class DynamoDbOrderRepository implements OrderRepository {
  constructor(private readonly options: DynamoDbOrderRepositoryOptions) {}

  async saveIfAbsent(order: Order, createdBy?: string): Promise<SaveOutcome> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: orderToItem(order, createdBy),
          ConditionExpression: "attribute_not_exists(order_id)",
          // The existing order comes back with the refusal: no second read to tell a replay from a conflict.
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { status: "created" };
    } catch (error) {
      if (!isErrorNamed(error, "ConditionalCheckFailedException")) throw translateError(error, "save order");
      const item = oldItemOf(error) ?? (await this.getItem(order.id));
      if (!item) throw new Error(`order ${order.id} was reported as existing but cannot be read`);
      return { status: "exists", ...existingOf(item, order) };
    }
  }

  async findExisting(order: Order): Promise<ExistingOrder | undefined> {
    const item = await this.getItem(order.id);
    return item && existingOf(item, order);
  }

  async getById(id: OrderId): Promise<Order | undefined> {
    const item = await this.getItem(id);
    return item ? orderFromItem(item) : undefined;
  }

  async getStored(id: OrderId): Promise<StoredOrder | undefined> {
    const item = await this.getItem(id);
    return item ? storedOrderFromItem(item) : undefined;
  }

  async void(id: OrderId, author: RevisionAuthor, expectedRevision?: number): Promise<VoidOutcome> {
    return this.revise(id, (current) => voidRevision(current, author, expectedRevision));
  }

  async correct(id: OrderId, order: Order, author: RevisionAuthor, expectedRevision?: number): Promise<CorrectOutcome> {
    return this.revise(id, (current) => correctRevision(current, order, author, expectedRevision));
  }

  /**
   * Reads the item, applies the rules, and writes their result with a condition on the revision read; when another
   * change won meanwhile, the refusal brings the item as it now is and the rules are applied to it again.
   */
  private async revise<E>(
    id: OrderId,
    rules: (current: StoredOrder) => Result<RevisionOutcome, E>,
  ): Promise<Result<RevisionOutcome, E | NotFound>> {
    let item = await this.getItem(id);
    for (let attempt = 1; ; attempt += 1) {
      if (!item) return err({ kind: "not-found", what: "order", id });
      const current = storedOrderFromItem(item);
      const outcome = rules(current);
      if (!outcome.ok || !outcome.value.changed) return outcome;
      try {
        await this.options.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: storedOrderToItem(outcome.value.stored, keptAttributesOf(item)),
            // An item never changed has no revision attribute: revision 1 is its absence.
            ConditionExpression:
              current.revision === 1
                ? "attribute_exists(order_id) AND attribute_not_exists(revision)"
                : "revision = :revision",
            ...(current.revision === 1 ? {} : { ExpressionAttributeValues: { ":revision": current.revision } }),
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        );
        return ok(outcome.value);
      } catch (error) {
        if (!isErrorNamed(error, "ConditionalCheckFailedException")) throw translateError(error, "change order");
        if (attempt === MAX_REVISION_ATTEMPTS)
          throw new DependencyUnavailableError(`order ${id} changed ${attempt} times while a change was being written`);
        item = oldItemOf(error);
      }
    }
  }

  private async getItem(id: OrderId): Promise<Record<string, unknown> | undefined> {
    const result = await dynamo("get order", () =>
      this.options.client.send(
        new GetCommand({ TableName: this.options.tableName, Key: { order_id: id }, ConsistentRead: true }),
      ),
    );
    return result.Item;
  }
}

/** A stored item, and whether `offered` is the content first accepted under its id. */
function existingOf(item: Record<string, unknown>, offered: Order): ExistingOrder {
  return {
    existing: storedOrderFromItem(item),
    // The fingerprint of the content first accepted: a void or a correction keeps it.
    sameAsOriginal: keptAttributesOf(item).fingerprint === orderFingerprint(offered),
  };
}

/** The item a refused conditional write brings back (lib-dynamodb unmarshalls results, not errors). */
function oldItemOf(error: unknown): Record<string, unknown> | undefined {
  const old = (error as { Item?: Record<string, AttributeValue> }).Item;
  return old ? unmarshall(old) : undefined;
}
