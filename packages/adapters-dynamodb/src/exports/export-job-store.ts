import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ExportJob, ExportJobStore, ExportRequest } from "@cargo-express/domain";
import { dynamo, isErrorNamed, translateError } from "../errors.js";
import { jobFromItem, requestToItem } from "./export-job-items.js";

export interface DynamoDbExportJobStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** Physical name of the exports table (EXPORTS_TABLE_DEFINITION). */
  readonly tableName: string;
}

/**
 * The export jobs in DynamoDB, one item each. Every step is one UpdateItem conditioned on the status it leaves
 * (never a read then a write), so two workers handed the same job cannot both claim it, and a finished job never
 * moves again. Reads are strongly consistent: a worker claims the job the API has just created.
 */
export class DynamoDbExportJobStore implements ExportJobStore {
  constructor(private readonly options: DynamoDbExportJobStoreOptions) {}

  async create(request: ExportRequest): Promise<ExportJob> {
    await dynamo("create export job", () =>
      this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: requestToItem(request),
          ConditionExpression: "attribute_not_exists(export_id)",
        }),
      ),
    );
    return { ...request, status: "pending" };
  }

  async get(id: string): Promise<ExportJob | undefined> {
    const result = await dynamo("read export job", () =>
      this.options.client.send(
        new GetCommand({ TableName: this.options.tableName, Key: { export_id: id }, ConsistentRead: true }),
      ),
    );
    return result.Item === undefined ? undefined : jobFromItem(result.Item);
  }

  async claim(id: string, at: string): Promise<ExportJob | undefined> {
    const item = await this.step("claim export job", {
      Key: { export_id: id },
      UpdateExpression: "SET #status = :running, started_at = :at",
      ConditionExpression: "#status = :pending",
      ExpressionAttributeValues: { ":running": "running", ":pending": "pending", ":at": at },
      ReturnValues: "ALL_NEW",
    });
    return item === undefined ? undefined : jobFromItem(item);
  }

  async complete(id: string, result: { rows: number; objectKey: string; at: string }): Promise<boolean> {
    const item = await this.step("complete export job", {
      Key: { export_id: id },
      UpdateExpression: "SET #status = :ready, #rows = :rows, object_key = :key, finished_at = :at",
      ConditionExpression: "#status = :running",
      ExpressionAttributeNames: { "#rows": "rows" },
      ExpressionAttributeValues: {
        ":ready": "ready",
        ":running": "running",
        ":rows": result.rows,
        ":key": result.objectKey,
        ":at": result.at,
      },
      ReturnValues: "UPDATED_NEW",
    });
    return item !== undefined;
  }

  async fail(id: string, failure: { reason: string; at: string }): Promise<boolean> {
    const item = await this.step("fail export job", {
      Key: { export_id: id },
      UpdateExpression: "SET #status = :failed, failure = :reason, finished_at = :at",
      ConditionExpression: "#status IN (:pending, :running)",
      ExpressionAttributeValues: {
        ":failed": "failed",
        ":pending": "pending",
        ":running": "running",
        ":reason": failure.reason,
        ":at": failure.at,
      },
      ReturnValues: "UPDATED_NEW",
    });
    return item !== undefined;
  }

  /** One conditional update; undefined when its condition failed (the job is unknown or in another status). */
  private async step(
    operation: string,
    update: Omit<ConstructorParameters<typeof UpdateCommand>[0], "TableName">,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const result = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          ...update,
          ExpressionAttributeNames: { "#status": "status", ...update.ExpressionAttributeNames },
        }),
      );
      return result.Attributes ?? {};
    } catch (error) {
      if (isErrorNamed(error, "ConditionalCheckFailedException")) return undefined;
      throw translateError(error, operation);
    }
  }
}
