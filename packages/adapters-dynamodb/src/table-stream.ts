import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamo } from "./errors.js";

/** The ARN of a table's current stream (one DescribeTable); throws if the table has no enabled stream. */
export async function latestStreamArn(client: DynamoDBDocumentClient, tableName: string): Promise<string> {
  const { Table: table } = await dynamo(`describe table ${tableName}`, () =>
    client.send(new DescribeTableCommand({ TableName: tableName })),
  );
  if (!table?.LatestStreamArn || table.StreamSpecification?.StreamEnabled !== true)
    throw new Error(`table ${tableName} has no enabled stream`);
  return table.LatestStreamArn;
}
