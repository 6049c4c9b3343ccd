import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Order, OrderId, OrderRepository, SaveOutcome } from "@cargo-express/domain";
import { dynamo, isErrorNamed, translateError } from "./errors.js";
import { orderFromItem, orderToItem } from "./order-item.js";

export interface DynamoDbOrderRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  /** Physical name of the Orders table. */
  readonly tableName: string;
}

/**
 * Orders in DynamoDB. An order is one item written by one conditional PutItem: it is stored whole or
 * not at all, and an existing id is never overwritten.
 */
export class DynamoDbOrderRepository implements OrderRepository {
  constructor(private readonly options: DynamoDbOrderRepositoryOptions) {}

  async saveIfAbsent(order: Order): Promise<SaveOutcome> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: orderToItem(order),
          ConditionExpression: "attribute_not_exists(order_id)",
          // The existing order comes back with the refusal: no second read to tell a replay from a conflict.
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { status: "created" };
    } catch (error) {
      if (!isErrorNamed(error, "ConditionalCheckFailedException")) throw translateError(error, "save order");
      // lib-dynamodb unmarshalls results, not errors: the old item arrives in the wire format.
      const old = (error as { Item?: Record<string, AttributeValue> }).Item;
      const existing = old ? orderFromItem(unmarshall(old)) : await this.getById(order.id);
      if (!existing) throw new Error(`order ${order.id} was reported as existing but cannot be read`);
      return { status: "exists", existing };
    }
  }

  async getById(id: OrderId): Promise<Order | undefined> {
    const result = await dynamo("get order", () =>
      this.options.client.send(
        new GetCommand({ TableName: this.options.tableName, Key: { order_id: id }, ConsistentRead: true }),
      ),
    );
    return result.Item ? orderFromItem(result.Item) : undefined;
  }
}
