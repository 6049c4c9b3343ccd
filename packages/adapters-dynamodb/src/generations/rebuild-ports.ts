import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Clock, RebuildPorts } from "@cargo-express/domain";
import { DynamoDbDeadLetters } from "../dead-letters.js";
import { DynamoDbOrdersScan } from "../orders-scan.js";
import type { TableNames } from "../tables.js";
import { DynamoDbGenerations } from "./dynamodb-generations.js";
import { GenerationStores } from "./generation-stores.js";

/** The rebuild's ports (the domain's RebuildPorts) over DynamoDB. */
export const dynamoDbRebuildPorts = (
  client: DynamoDBDocumentClient,
  tables: TableNames,
  clock?: Clock,
): RebuildPorts => {
  const withClock = clock === undefined ? {} : { clock };
  return {
    generations: new DynamoDbGenerations({ client, projectorStateTable: tables.projectorState, ...withClock }),
    orders: new DynamoDbOrdersScan({ client, ordersTable: tables.orders }),
    stores: new GenerationStores({ client, tables, ...withClock }),
    deadLetters: new DynamoDbDeadLetters({ client, projectorStateTable: tables.projectorState, ...withClock }),
  };
};
